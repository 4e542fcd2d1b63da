import { AF_INET } from '../addr/family';
import { IPTABLES_BANNER as IPT_NFT, IPTABLES_RUNTIME_ERRORS as IPT, TRY_HELP, ip6tablesWording } from '../command/iptables-values';
import { parseIptablesRestore } from '../command/iptables-restore';
import type { IptablesCommand, IptablesRestoreCommand, IptRule as IptablesRule } from '../command/types';
import { findMatch, findTarget } from '../iptables/extensions';
import { buildRule, isJump } from '../iptables/build';
import { CommandFailure, type Output } from './libnetlink';
import { STRERROR } from '../kernel/errors';
import {
  E2BIG, EBUSY, EEXIST, EINVAL, EMLINK, ENOENT, ENOTEMPTY, EOPNOTSUPP,
  nfBegin, nfChainRules, nfDelChain, nfDelRule, nfFlush, nfFlushTable, nfNewChain, nfNewRule, nfRenameChain, nfSetPolicy, nfZero,
  type NfAck,
} from '../kernel/netfilter/nf_tables_api';
import type { Stack } from '../kernel/stack';

/*
 * iptables and iptables-restore as iptables-nft drives the kernel: userspace checks against its
 * cache of the ruleset, then requests to nf_tables; the kernel answers errno, and the messages
 * ("iptables: …", "iptables v1.8.9 (nf_tables): …") are the tool's wording of that answer.
 */

const STRERROR_NF: Record<number, string> = { ...STRERROR, [EMLINK]: 'Too many links', [EBUSY]: 'Device or resource busy' };

/** How iptables words the kernel's answer to one command (libiptc's strerror table, per operation). */
function refusal(ack: NfAck, c: IptablesCommand): CommandFailure {
  const a = c.action;
  if (ack.errno === EBUSY) return new CommandFailure(`${IPT_NFT}:  CHAIN_DEL failed (${STRERROR_NF[EBUSY]}): chain ${ack.chain}`, 4, c.chainColumn);
  if (ack.attr === 'chain' && ack.errno !== EEXIST && ack.errno !== EOPNOTSUPP && ack.errno !== ENOTEMPTY) return new CommandFailure(IPT.noChain, 1, c.chainColumn);
  if (ack.attr === 'rule') return new CommandFailure(`${IPT_NFT}:  RULE_${a.op.toUpperCase()} failed (${STRERROR_NF[ack.errno]}): rule in chain ${'chain' in a ? a.chain : ''}`, 4, c.chainColumn);
  if (ack.errno === EEXIST) return new CommandFailure(IPT.chainExists, 1);
  if (ack.errno === EOPNOTSUPP) return new CommandFailure(IPT.badBuiltin, 1);
  if (ack.errno === ENOTEMPTY) return new CommandFailure(IPT.chainNotEmpty, 1);
  if (ack.errno === EINVAL) return new CommandFailure(IPT.badPolicy, 1);
  if (ack.errno === E2BIG) return new CommandFailure(a.op === 'insert' ? IPT.insertTooBig : a.op === 'delete-index' ? IPT.deleteTooBig : a.op === 'replace' ? IPT.replaceTooBig : IPT.badRule, 1);
  return new CommandFailure(IPT.badRule, 1);
}

const none = (): Output => ({ stdout: '', stderr: '' });

/** The extensions' own questions to the namespace before the rule is built (a set named by libxt_set must exist). */
function refuseUnresolved(stack: Stack, rule: IptablesRule): void {
  for (const m of rule.matches) {
    const msg = findMatch(m.name)?.resolve?.(m, stack);
    if (msg) throw new CommandFailure(`${IPT_NFT}: ${msg}\n${TRY_HELP}`, 2);
  }
  const t = rule.target;
  const msg = t && !isJump(t) ? findTarget(t.name)?.resolve?.(t, stack) : undefined;
  if (msg) throw new CommandFailure(`${IPT_NFT}: ${msg}\n${TRY_HELP}`, 2);
}

export function iptables(stack: Stack, c: IptablesCommand): Output {
  if (!c.family) return iptablesFamily(stack, c);
  // ip6tables: the same requests to NFPROTO_IPV6's tables, its own name in what it says.
  try {
    return iptablesFamily(stack, c);
  } catch (e) {
    if (e instanceof CommandFailure) throw new CommandFailure(ip6tablesWording(e.message), e.exitStatus, e.column, e.line);
    throw e;
  }
}

function iptablesFamily(stack: Stack, c: IptablesCommand): Output {
  const family = c.family ?? AF_INET;
  stack.nf.invalidate();
  if (c.table === 'security') throw new CommandFailure('hairpin: the security table is not modelled', 2);
  const table = c.table;
  const a = c.action;
  const answer = (ack: NfAck | undefined): Output => {
    if (ack) throw refusal(ack, c);
    return none();
  };
  switch (a.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'check':
    case 'delete': {
      const rules = nfChainRules(stack, table, a.chain, family);
      if (!rules) throw refusal({ errno: ENOENT, attr: 'chain' }, c);
      const t = a.rule.target;
      if (isJump(t) && !nfChainRules(stack, table, t.chain, family)) throw new CommandFailure(IPT.jumpToMissing(t.chain), 2, t.column);
      refuseUnresolved(stack, a.rule);
      const rule = buildRule(a.rule, family);
      // `! -s ::/0` (or 0.0.0.0/0): iptables-nft compares zero bytes, which nf_tables refuses.
      const anyInverted = [a.rule.source, a.rule.destination].some((x) => x?.negated && x.value.len === 0);
      if (anyInverted && a.op !== 'check' && a.op !== 'delete') return answer({ errno: EINVAL, attr: 'rule' });
      if (a.op === 'append' || a.op === 'insert' || a.op === 'replace') return answer(nfNewRule(stack, table, a.chain, rule, a.op === 'append' ? { op: 'append' } : { op: a.op, index: a.index }, family));
      // iptables-nft finds the rule to check or delete in its copy of the chain, then deletes it by position.
      const i = rules.findIndex((r) => r.text === rule.text);
      if (i < 0) throw new CommandFailure(IPT.badRule, 1);
      return a.op === 'delete' ? answer(nfDelRule(stack, table, a.chain, i + 1, family)) : none();
    }
    case 'delete-index':
      return answer(nfDelRule(stack, table, a.chain, a.index, family));
    case 'policy':
      return answer(nfSetPolicy(stack, table, a.chain, a.policy, family));
    case 'new-chain':
      return answer(nfNewChain(stack, table, a.chain, family));
    case 'rename-chain':
      return answer(nfRenameChain(stack, table, a.chain, a.newName, family));
    case 'flush':
      return answer(nfFlush(stack, table, a.chain, family));
    case 'zero':
      return answer(nfZero(stack, table, a.chain, family));
    case 'delete-chain':
      return answer(nfDelChain(stack, table, a.chain, family));
    default:
      throw new CommandFailure('hairpin: listing is a flow command', 2);
  }
}

/**
 * iptables-restore (nft) sends each table to the kernel at its COMMIT, as one transaction: a rule
 * refused in a table leaves that table as it was, the tables committed before it stay applied
 * (checked on iptables-nft 1.8.9), and the message names the line of the input.
 */
export function iptablesRestore(stack: Stack, c: IptablesRestoreCommand): void {
  const input = c.file ? readRestoreFile(stack, c.file, c.noflush) : c;
  const family = c.family ?? AF_INET;
  for (const t of input.tables) {
    if (t.table === 'security') continue;
    const transaction = nfBegin(stack);
    if (!c.noflush) nfFlushTable(stack, t.table, family);
    for (const ch of t.chains) {
      const exists = nfChainRules(stack, t.table, ch.chain, family) !== undefined;
      if (ch.policy === '-') {
        if (!exists) nfNewChain(stack, t.table, ch.chain, family);
      } else if (exists) nfSetPolicy(stack, t.table, ch.chain, ch.policy === 'DROP' ? 'DROP' : 'ACCEPT', family);
    }
    for (const cmd of t.commands) {
      try {
        iptablesFamily(stack, cmd.command);
      } catch (e) {
        if (!(e instanceof CommandFailure)) throw e;
        transaction.abort();
        const message = restoreMessage(e.message, cmd.inputLine);
        throw new CommandFailure(c.family ? ip6tablesWording(message) : message, e.exitStatus, c.file ? c.file.column : e.column, c.file ? undefined : cmd.line);
      }
      if (c.counters && cmd.counters) setCounters(stack, cmd.command, cmd.counters);
    }
  }
  const failure = input.failure;
  if (failure) throw new CommandFailure(failure.message, failure.exitStatus, c.file ? c.file.column : failure.column, c.file ? undefined : failure.line);
}

/** `iptables-restore FILE`: the device's copy of FILE, read as the tool reads its input. */
function readRestoreFile(stack: Stack, file: { text: string; column: number; redirected?: boolean }, noflush: boolean): Pick<IptablesRestoreCommand, 'tables' | 'failure'> {
  const text = stack.files.texts.get(file.text);
  if (text === undefined) throw new CommandFailure(file.redirected ? `bash: ${file.text}: No such file or directory` : `Can't open ${file.text}: No such file or directory`, 1, file.column);
  const parsed = parseIptablesRestore(text.replace(/\n$/, '').split('\n'), 1, noflush);
  return parsed.ok ? { tables: parsed.command.tables } : { tables: parsed.tables, failure: parsed.error };
}

/** -c: the rule just added takes the `[packets:bytes]` written before it. */
function setCounters(stack: Stack, c: IptablesCommand, counters: { packets: number; bytes: number }): void {
  const a = c.action;
  if ((a.op !== 'append' && a.op !== 'insert') || c.table === 'security') return;
  const rules = nfChainRules(stack, c.table, a.chain, c.family ?? AF_INET);
  const rule = a.op === 'append' ? rules?.at(-1) : rules?.[a.index - 1];
  if (rule) Object.assign(rule, counters);
}

/** How iptables-restore words a failure of the rule on input line `line`. */
function restoreMessage(message: string, line: number): string {
  const kernel = /^iptables v[\d.]+ \(nf_tables\): {2}(RULE_.*)$/.exec(message);
  if (kernel) return `${IPT_NFT.replace('iptables', 'iptables-restore')}: \nline ${line}: ${kernel[1]}`;
  const runtime = /^iptables: (.*)$/.exec(message);
  if (runtime) return `iptables-restore: line ${line} failed: ${runtime[1]}`;
  // A usage error (xtables_error PARAMETER_PROBLEM): the restore's banner, and the line it stopped at.
  return message.replace(IPT_NFT, IPT_NFT.replace('iptables', 'iptables-restore')).replace(
    /\nTry `iptables -h' or 'iptables --help' for more information\.$/,
    `\nError occurred at line: ${line}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.`,
  );
}
