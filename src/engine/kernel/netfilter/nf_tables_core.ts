import type { NftKey, NftStmt, NftValue, NftVerdict } from '../../nft/ast';
import { findChain, type NftChain, type NftTable } from '../../nft/ruleset';
import type { NftRule } from '../../nft/ast';
import { SYMBOLS } from '../../nft/datatypes';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { nftCounterEval } from './nft_counter';
import { nftCtGetEval, nftCtSetEval, nftNotrackEval } from './nft_ct';
import { nftDynsetEval } from './nft_dynset';
import { nftExthdrTcpmssEval } from './nft_exthdr';
import { nftFibEval } from './nft_fib';
import { nftLimitEval } from './nft_limit';
import { nftLogEval } from './nft_log';
import { nftMapLookup, valueMatches } from './nft_lookup';
import { nftMetaGetEval, nftMetaSetEval } from './nft_meta';
import { nftNatEval } from './nft_nat';
import { nftNumgenEval } from './nft_numgen';
import { nftPayloadEval } from './nft_payload';
import type { NftData, NftPktinfo } from './nft_pktinfo';
import { nftRejectEval } from './nft_reject';
import { nftTraceInit, nftTraceNotify, type NftTraceInfo } from './nf_tables_trace';
import type { Hook } from './x_tables';

/*
 * nf_tables_core.c, nft_do_chain: a base chain's rules in order, each rule's expressions in
 * order; a match that fails (NFT_BREAK) moves to the next rule; a verdict ends the rule:
 * `continue` goes on to the next rule, `jump` runs another chain of the table and comes back
 * after the rule (a stack of return points), `goto` runs it without coming back, `return` (or
 * the end of a user chain) goes back to the last jump, and the end of the base chain applies
 * its policy. `accept` and `drop` end the whole walk: accept only this chain's (the hook's
 * next operation still runs, nf_hook_slow), drop the packet's.
 */

/** The verdict of one base chain, and the rule that gave it (none: the policy did). */
export interface NftChainResult {
  verdict: 'ACCEPT' | 'DROP';
  rule?: { chain: string; handle: number; verdict: string };
}

/** NFT_JUMP_STACK_SIZE: deeper jumps are a loop the kernel refuses at load; here they drop. */
const JUMP_STACK_SIZE = 16;

/** Bitmask types: a bare value (no operator) matches when any of its bits is set (nft's flag match). */
const isBitmask = (key: NftKey): boolean => SYMBOLS[key.type]?.bitmask === true;

export function nftEvalKey(key: NftKey, pkt: NftPktinfo): NftData | undefined {
  switch (key.kind) {
    case 'payload':
      return nftPayloadEval(key, pkt);
    case 'meta':
      return nftMetaGetEval(key, pkt);
    case 'ct':
      return nftCtGetEval(key, pkt);
    case 'fib':
      return nftFibEval(key, pkt);
    case 'concat': {
      const parts: NftData[] = [];
      for (const p of key.parts) {
        const v = nftEvalKey(p, pkt);
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return parts;
    }
    case 'numgen':
      return nftNumgenEval(key, pkt);
  }
}

/** nft_cmp, nft_bitwise, nft_range and nft_lookup for one `KEY [op] VALUE`. */
function matchEval(stmt: Extract<NftStmt, { kind: 'match' }>, pkt: NftPktinfo): boolean {
  let got = nftEvalKey(stmt.key, pkt);
  if (got === undefined) return false;
  if (stmt.mask !== undefined && typeof got === 'number') got = (got & stmt.mask) >>> 0;
  const right = stmt.right;
  const flag = stmt.mask === undefined && isBitmask(stmt.key) && right.kind === 'value' && typeof got === 'number' && 'value' in right.v;
  switch (stmt.op) {
    case 'implicit':
      if (flag) return ((got as number) & (right as { v: { value: number } }).v.value) !== 0;
      return valueMatches(right, got, pkt);
    case '==':
      return valueMatches(right, got, pkt);
    case '!=':
      // cmp neq on the whole value, a bitmask's too (`tcp flags != syn` is true of a SYN-ACK).
      return !valueMatches(right, got, pkt);
    default:
      return compareOrder(stmt.op, got, right);
  }
}

function compareOrder(op: '<' | '>' | '<=' | '>=', got: NftData, right: NftValue): boolean {
  if (typeof got !== 'number' || right.kind !== 'value' || !('value' in right.v)) return false;
  const v = right.v.value;
  return op === '<' ? got < v : op === '>' ? got > v : op === '<=' ? got <= v : got >= v;
}

type StmtResult = 'next' | 'break' | NftVerdict | { kind: 'verdict'; verdict: 'accept' | 'drop' };

const ACCEPT: NftVerdict = { kind: 'verdict', verdict: 'accept' };
const DROP: NftVerdict = { kind: 'verdict', verdict: 'drop' };

function stmtEval(stmt: NftStmt, pkt: NftPktinfo): StmtResult {
  switch (stmt.kind) {
    case 'match':
      return matchEval(stmt, pkt) ? 'next' : 'break';
    case 'verdict':
      return stmt;
    case 'counter':
      nftCounterEval(stmt, pkt);
      return 'next';
    case 'limit':
      return nftLimitEval(stmt, pkt) ? 'next' : 'break';
    case 'log':
      nftLogEval(stmt, pkt);
      return 'next';
    case 'notrack':
      nftNotrackEval(pkt);
      return 'next';
    case 'dynset':
      return nftDynsetEval(stmt, pkt, (key) => nftEvalKey(key, pkt)) ? 'next' : 'break';
    case 'tcpmss-set':
      return nftExthdrTcpmssEval(stmt, pkt) ? 'next' : 'break';
    case 'meta-set':
    case 'ct-set': {
      // `set KEY map …`: nft_lookup's data; no element for the key breaks the rule.
      let set = stmt;
      if (stmt.map) {
        const got = nftEvalKey(stmt.map.key, pkt);
        const data = got === undefined ? undefined : nftMapLookup(stmt.map.map, got, pkt);
        if (!data || data.kind !== 'value' || !('value' in data.v)) return 'break';
        set = { ...stmt, value: data.v.value, map: undefined };
      }
      const readFrom = () => (set.from ? (nftEvalKey(set.from.key, pkt) as number | undefined) : undefined);
      if (set.kind === 'meta-set') nftMetaSetEval(set, pkt, readFrom);
      else nftCtSetEval(set, pkt, readFrom);
      return 'next';
    }
    case 'reject':
      nftRejectEval(stmt, pkt);
      return DROP;
    case 'nat': {
      const v = nftNatEval(stmt, pkt, (key) => nftEvalKey(key, pkt));
      return v === 'break' ? 'break' : v === 'ACCEPT' ? ACCEPT : DROP;
    }
    case 'vmap': {
      const got = nftEvalKey(stmt.key, pkt);
      const data = got === undefined ? undefined : nftMapLookup(stmt.map, got, pkt);
      return data && data.kind === 'verdict' ? data : 'break';
    }
    case 'xt':
      // iptables-nft's own rules (nft/xt_translate.ts) are listed, never committed to nft's
      // ruleset: x_tables runs them.
      return 'next';
  }
}

/**
 * One rule's expressions in order: 'break' when a match fails, 'next' when all ran without a
 * verdict, else the verdict (an nft rule in an iptables-nft chain runs through here too).
 */
export function nftRuleEval(stmts: readonly NftStmt[], pkt: NftPktinfo): 'next' | 'break' | NftVerdict {
  for (const stmt of stmts) {
    const result = stmtEval(stmt, pkt);
    if (result !== 'next') return result;
  }
  return 'next';
}

export interface NftChainRun {
  stack: Stack;
  skb: SkBuff;
  hook: Hook;
  inDev?: NetDevice;
  outDev?: NetDevice;
}

/** nft_do_chain for a base chain of a table. */
export function nftDoChain(run: NftChainRun, table: NftTable, base: NftChain): NftChainResult {
  const pkt: NftPktinfo = { ...run, table };
  const returns: { chain: NftChain; next: number }[] = [];
  // Allocated only for a traced packet: this runs for every packet at every base chain.
  let info: NftTraceInfo | undefined;
  const trace = (chain: NftChain, rule: NftRule | undefined, verdict: string): void => {
    if (!run.skb.nftrace) return;
    info ??= nftTraceInit(table.family, table.name);
    nftTraceNotify(run.stack, info, run.skb, run, { chain: chain.name, type: 'rule', rule: rule && { handle: rule.handle, stmts: rule.stmts, comment: rule.comment }, verdict });
  };
  const policy = (): NftChainResult => {
    const verdict = base.base?.policy === 'drop' ? 'DROP' : 'ACCEPT';
    if (run.skb.nftrace) {
      info ??= nftTraceInit(table.family, table.name);
      nftTraceNotify(run.stack, info, run.skb, run, { chain: base.name, type: 'policy', policy: verdict === 'DROP' ? 'drop' : 'accept' });
    }
    return { verdict };
  };
  let chain = base;
  let i = 0;
  for (;;) {
    if (i >= chain.rules.length) {
      // The chain's end: a report without a rule (it still carries the headers, if first).
      trace(chain, undefined, 'continue');
      const back = returns.pop();
      if (!back) return policy();
      chain = back.chain;
      i = back.next;
      continue;
    }
    const rule = chain.rules[i]!;
    const result = nftRuleEval(rule.stmts, pkt);
    if (result === 'next' || result === 'break') {
      if (result === 'next') trace(chain, rule, 'continue');
      i++;
      continue;
    }
    const decided = { chain: chain.name, handle: rule.handle, verdict: result.verdict === 'jump' || result.verdict === 'goto' ? `${result.verdict} ${result.chain}` : result.verdict };
    trace(chain, rule, decided.verdict);
    switch (result.verdict) {
      case 'accept':
        return { verdict: 'ACCEPT', rule: decided };
      case 'drop':
        return { verdict: 'DROP', rule: decided };
      case 'continue':
        i++;
        continue;
      case 'return': {
        const back = returns.pop();
        if (!back) return policy();
        chain = back.chain;
        i = back.next;
        continue;
      }
      case 'jump':
      case 'goto': {
        const target = findChain(table, result.chain);
        if (!target) {
          i++;
          continue;
        }
        if (result.verdict === 'jump') {
          if (returns.length >= JUMP_STACK_SIZE) return { verdict: 'DROP', rule: decided };
          returns.push({ chain, next: i + 1 });
        }
        chain = target;
        i = 0;
        continue;
      }
    }
  }
}
