import type { CommentInfo } from '../iptables/extensions/libxt_comment';
import type { IcmpInfo } from '../iptables/extensions/libipt_icmp';
import type { LimitInfo } from '../iptables/extensions/libxt_limit';
import type { MarkInfo } from '../iptables/extensions/libxt_mark';
import type { PkttypeInfo } from '../iptables/extensions/libxt_pkttype';
import type { TcpUdpInfo } from '../iptables/extensions/libxt_tcp';
import { ruleText } from '../iptables/save';
import { nftRuleEval } from '../kernel/netfilter/nf_tables_core';
import { nftRuleNeedsConntrack } from '../kernel/netfilter/nft_chain_filter';
import { ANY_IP, type IptHead, type IptRule, type Match, type Target, type Verdict, type XtContext, type XtInfo } from '../kernel/netfilter/x_tables';
import type { NftRule, NftStmt, NftValue } from './ast';
import type { NftTable } from './ruleset';

/*
 * A rule nft adds to one of iptables-nft's chains (`nft add rule ip filter INPUT tcp dport
 * { 8000, 8001 } accept`). nf_tables runs its expressions as written (nftRuleEval), nft lists
 * them as written, and iptables 1.8.9 reads back what it can (nft_rule_to_iptables_command,
 * all recorded here): meta iifname/oifname/l4proto, ip saddr/daddr/protocol, tcp/udp ports and
 * flags, icmp type, meta mark/pkttype, limit, a comment, the verdict; a set lookup it skips
 * without a word (`-A INPUT -p tcp -j ACCEPT`). A ct, log, reject, NAT or `limit … over`
 * expression makes the chain "incompatible" (nft_is_table_compatible); a th header or another
 * meta key fails to parse ("Parsing nftables rule failed", exit 3).
 */

/** What iptables makes of the rule when it lists it. */
export type Readback = { kind: 'ok' } | { kind: 'incompatible' } | { kind: 'error'; message: string };

export interface NativeNft {
  readonly stmts: NftStmt[];
  readonly comment?: string;
  readonly readback: Readback;
}

const PROTOCOLS: Partial<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17 };

const PKT_TYPES: PkttypeInfo['pktType'][] = ['unicast', 'broadcast', 'multicast', 'otherhost'];

const scalar = (v: NftValue): number | undefined => (v.kind === 'value' && 'value' in v.v ? v.v.value : undefined);

interface Reading {
  head: { -readonly [K in keyof IptHead]: IptHead[K] };
  ip: { src: number; smsk: number; invSrc: boolean; dst: number; dmsk: number; invDst: boolean };
  infos: XtInfo[];
  target?: { name: string; enters?: string; goto?: boolean };
}

/** One expression as iptables reads it, into `r`; or why it cannot. */
function readStmt(s: NftStmt, r: Reading): Readback {
  const ok: Readback = { kind: 'ok' };
  const incompatible: Readback = { kind: 'incompatible' };
  switch (s.kind) {
    case 'counter':
      return ok;
    case 'verdict':
      if (s.verdict === 'jump' || s.verdict === 'goto') r.target = { name: s.chain, enters: s.chain, goto: s.verdict === 'goto' };
      else if (s.verdict !== 'continue') r.target = { name: s.verdict.toUpperCase() };
      return ok;
    case 'vmap':
      // A lookup with verdict data: skipped like a set lookup, and no target is read.
      return ok;
    case 'limit': {
      if (s.over) return incompatible;
      const seconds = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 }[s.unit];
      r.infos.push({ name: 'limit', avg: Math.floor((10000 * seconds) / s.rate), burst: s.burst } as LimitInfo);
      return ok;
    }
    case 'match':
      return readMatch(s, r);
    case 'meta-set':
      return { kind: 'error', message: 'meta sreg key not supported' };
    default:
      return incompatible;
  }
}

function readMatch(s: Extract<NftStmt, { kind: 'match' }>, r: Reading): Readback {
  const ok: Readback = { kind: 'ok' };
  const invert = s.op === '!=';
  if (s.op !== 'implicit' && s.op !== '==' && s.op !== '!=') return { kind: 'incompatible' };
  const k = s.key;
  // A header match carries nft's own `meta l4proto` dependency, which iptables reads as -p.
  const dependency = k.kind === 'payload' ? PROTOCOLS[k.proto] : undefined;
  if (dependency !== undefined && !r.head.protocol) r.head.protocol = { proto: dependency, invert: false };
  // A set lookup: nft_parse_lookup reads nothing of it for IPv4.
  if (s.right.kind === 'set' || s.right.kind === 'setref') return ok;
  const value = scalar(s.right);
  if (k.kind === 'meta') {
    if ((k.key === 'iifname' || k.key === 'oifname') && s.right.kind === 'value' && 'name' in s.right.v) {
      const name = s.right.v.name.endsWith('*') ? `${s.right.v.name.slice(0, -1)}+` : s.right.v.name;
      r.head[k.key === 'iifname' ? 'inInterface' : 'outInterface'] = { name, invert };
      return ok;
    }
    if (k.key === 'l4proto' && value !== undefined) {
      r.head.protocol = { proto: value, invert };
      return ok;
    }
    if (k.key === 'mark' && value !== undefined) {
      r.infos.push({ name: 'mark', mark: { value: { value, mask: s.mask ?? 0xffffffff }, negated: invert } } as MarkInfo);
      return ok;
    }
    if (k.key === 'pkttype' && value !== undefined && PKT_TYPES[value]) {
      r.infos.push({ name: 'pkttype', pktType: PKT_TYPES[value]!, invert } as PkttypeInfo);
      return ok;
    }
    return { kind: 'error', message: 'unknown ipv4 meta key' };
  }
  if (k.kind !== 'payload') return { kind: 'incompatible' };
  if (k.proto === 'th') return { kind: 'error', message: 'unsupported layer 4 protocol value' };
  if (k.proto === 'ip' && k.field === 'protocol' && value !== undefined) {
    r.head.protocol = { proto: value, invert };
    return ok;
  }
  if (k.proto === 'ip' && (k.field === 'saddr' || k.field === 'daddr')) {
    const v = s.right;
    const addr = v.kind === 'value' || v.kind === 'prefix' ? scalar({ kind: 'value', v: v.v }) : v.kind === 'range' ? v.hi.value : undefined;
    if (addr === undefined) return { kind: 'incompatible' };
    // A range reads back as its last address alone (recorded: 10.0.0.1-10.0.0.5 is `-s 10.0.0.5/32`).
    const len = v.kind === 'prefix' ? v.len : 32;
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    if (k.field === 'saddr') {
      r.head.source = { addr: addr >>> 0, len, invert };
      Object.assign(r.ip, { src: (addr & mask) >>> 0, smsk: mask, invSrc: invert });
    } else {
      r.head.destination = { addr: addr >>> 0, len, invert };
      Object.assign(r.ip, { dst: (addr & mask) >>> 0, dmsk: mask, invDst: invert });
    }
    return ok;
  }
  if ((k.proto === 'tcp' || k.proto === 'udp') && (k.field === 'sport' || k.field === 'dport' || k.field === 'flags')) {
    let info = r.infos.find((i): i is TcpUdpInfo => i.name === k.proto);
    if (!info) r.infos.push((info = { name: k.proto }));
    if (k.field === 'flags') {
      if (value === undefined) return { kind: 'incompatible' };
      info.tcpFlags = { value: { mask: s.mask ?? 0xff, comp: value }, negated: invert };
      return ok;
    }
    const v = s.right;
    const range = v.kind === 'range' ? { min: v.lo.value, max: v.hi.value } : value !== undefined ? { min: value, max: value } : undefined;
    if (!range) return { kind: 'incompatible' };
    info[k.field] = { value: range, negated: invert };
    return ok;
  }
  if (k.proto === 'icmp' && k.field === 'type' && value !== undefined) {
    r.infos.push({ name: 'icmp', icmpType: { value: { type: value, codeMin: 0, codeMax: 255 }, negated: invert } } as IcmpInfo);
    return ok;
  }
  return { kind: 'incompatible' };
}

/** How iptables reads the rule back: its -s/-d/-i/-o/-p, extension infos and target. */
function readBack(stmts: readonly NftStmt[], comment: string | undefined): { readback: Readback; reading: Reading } {
  const reading: Reading = { head: {}, ip: { ...ANY_IP }, infos: [] };
  for (const s of stmts) {
    const got = readStmt(s, reading);
    if (got.kind !== 'ok') return { readback: got, reading };
  }
  if (comment !== undefined) reading.infos.push({ name: 'comment', comment } as CommentInfo);
  return { readback: { kind: 'ok' }, reading };
}

const VERDICTS: Record<string, Verdict> = { accept: 'ACCEPT', drop: 'DROP', return: 'RETURN', continue: 'CONTINUE' };

/** The rule as x_tables' traversal runs it: one match that runs every expression, and the verdict it reached. */
export function nativeRule(rule: NftRule, nftTable: (ctx: XtContext) => NftTable): IptRule {
  const { readback, reading } = readBack(rule.stmts, rule.comment);
  let reached: Verdict = 'CONTINUE';
  const evaluate: Match = {
    needsConntrack: nftRuleNeedsConntrack(rule.stmts),
    test(ctx) {
      const result = nftRuleEval(rule.stmts, { stack: ctx.stack, skb: ctx.skb, hook: ctx.hook, inDev: ctx.inDev, outDev: ctx.outDev, table: nftTable(ctx) });
      if (result === 'break') return false;
      reached = result === 'next' ? 'CONTINUE' : result.verdict === 'jump' ? { jump: result.chain } : result.verdict === 'goto' ? { goto: result.chain } : VERDICTS[result.verdict]!;
      return true;
    },
  };
  // What iptables shows of the rule's matches; the expressions above decide.
  const shown: Match[] = reading.infos.map((info) => ({ info, test: () => true }));
  const t = reading.target;
  const target: Target = {
    name: t?.name ?? '',
    ...(t?.enters !== undefined ? { enters: t.enters, goto: t.goto } : t ? { info: { name: t.name } } : {}),
    run: () => reached,
  };
  const head: IptHead = reading.head;
  const nft: NativeNft = { stmts: rule.stmts, ...(rule.comment !== undefined ? { comment: rule.comment } : {}), readback };
  return { ...reading.ip, head, matches: [...shown, evaluate], target, text: readback.kind === 'ok' ? ruleText({ head, matches: shown, target }) : '', packets: 0, bytes: 0, nft };
}
