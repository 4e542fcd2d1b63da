import { IPTABLES_BANNER as IPT_NFT, IPTABLES_RUNTIME_ERRORS as IPT } from '../command/iptables-values';
import type { IptablesCommand, IptablesRestoreCommand } from '../command/types';
import { CommandFailure, type Output } from '../netlink/libnetlink';
import { buildRule } from './netfilter/build';
import { checkRule, forgetReach, type RuleRefusal } from './netfilter/validate';
import { Chain, zeroCounters, type IpTable, type IptRule } from './netfilter/x_tables';
import type { Stack } from './stack';

/*
 * iptables and iptables-restore applied to a stack the way the tools and the kernel would,
 * raising the messages they print. ip, sysctl and the files go through netlink/.
 */

export function iptables(stack: Stack, c: IptablesCommand): Output {
  stack.nf.invalidate();
  if (c.table === 'security') throw new CommandFailure('hairpin: the security table is not modelled', 2);
  const table = stack.nf.tables[c.table];
  const a = c.action;
  const chainOf = (name: string | undefined): Chain => {
    const ch = name === undefined ? undefined : table.chains.get(name);
    if (!ch) throw new CommandFailure(IPT.noChain, 1, c.chainColumn);
    return ch;
  };
  switch (a.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'check':
    case 'delete': {
      const ch = chainOf(a.chain);
      const t = a.rule.target;
      if (t?.name === 'chain' && !table.chains.has(t.chain)) throw new CommandFailure(IPT.jumpToMissing(t.chain), 2, t.column);
      const rule = buildRule(a.rule);
      const refused = (why: RuleRefusal) => new CommandFailure(`${IPT_NFT}:  RULE_${a.op.toUpperCase()} failed (${why}): rule in chain ${a.chain}`, 4, c.chainColumn);
      const text = (r: IptRule) => r.matches.map((m) => m.save).concat(r.target.save).join(' ');
      // Jumps decide which hooks reach which chains: the cached answer goes when one comes or goes.
      const jumps = (r: IptRule | undefined) => r?.target.enters !== undefined;
      if (a.op === 'append' || a.op === 'insert') {
        if (a.op === 'insert' && a.index - 1 > ch.rules.length) throw new CommandFailure(IPT.insertTooBig, 1);
        const why = checkRule(table, c.table, ch, rule);
        if (why) throw refused(why);
        if (a.op === 'append') ch.rules.push(rule);
        else ch.rules.splice(a.index - 1, 0, rule);
        if (jumps(rule)) forgetReach(table);
      } else if (a.op === 'replace') {
        if (a.index > ch.rules.length) throw new CommandFailure(IPT.badRule, 1);
        const old = ch.rules[a.index - 1]!;
        ch.rules.splice(a.index - 1, 1);
        if (jumps(old)) forgetReach(table);
        const why = checkRule(table, c.table, ch, rule);
        ch.rules.splice(a.index - 1, 0, why ? old : rule);
        if (jumps(old) || jumps(rule)) forgetReach(table);
        if (why) throw refused(why);
      } else {
        const i = ch.rules.findIndex((r) => text(r) === text(rule));
        if (i < 0) throw new CommandFailure(IPT.badRule, 1);
        if (a.op === 'delete') {
          ch.rules.splice(i, 1);
          if (jumps(rule)) forgetReach(table);
        }
      }
      return { stdout: '', stderr: '' };
    }
    case 'delete-index': {
      const ch = chainOf(a.chain);
      if (a.index > ch.rules.length) throw new CommandFailure(IPT.deleteTooBig, 1);
      ch.rules.splice(a.index - 1, 1);
      forgetReach(table);
      return { stdout: '', stderr: '' };
    }
    case 'policy': {
      const ch = chainOf(a.chain);
      if (!ch.builtin) throw new CommandFailure(IPT.badBuiltin, 1);
      if (a.policy !== 'ACCEPT' && a.policy !== 'DROP') throw new CommandFailure(IPT.badPolicy, 1);
      ch.policy = a.policy;
      return { stdout: '', stderr: '' };
    }
    case 'new-chain':
      if (table.chains.has(a.chain)) throw new CommandFailure(IPT.chainExists, 1);
      table.chains.set(a.chain, new Chain(a.chain));
      return { stdout: '', stderr: '' };
    case 'rename-chain': {
      const ch = chainOf(a.chain);
      forgetReach(table);
      if (table.chains.has(a.newName)) throw new CommandFailure(IPT.chainExists, 1);
      table.chains.delete(a.chain);
      const renamed = new Chain(a.newName, ch.policy);
      renamed.rules.push(...ch.rules);
      table.chains.set(a.newName, renamed);
      return { stdout: '', stderr: '' };
    }
    case 'flush':
      forgetReach(table);
      for (const ch of a.chain ? [chainOf(a.chain)] : table.chains.values()) ch.rules.length = 0;
      return { stdout: '', stderr: '' };
    case 'zero':
      zeroCounters(a.chain ? [chainOf(a.chain)] : table.chains.values());
      return { stdout: '', stderr: '' };
    case 'delete-chain': {
      forgetReach(table);
      const victims = a.chain ? [chainOf(a.chain)] : [...table.chains.values()].filter((ch) => !ch.builtin);
      for (const ch of victims) {
        if (ch.builtin) throw new CommandFailure(IPT.badBuiltin, 1);
        if (ch.rules.length) throw new CommandFailure(IPT.chainNotEmpty, 1);
        table.chains.delete(ch.name);
      }
      return { stdout: '', stderr: '' };
    }
    default:
      throw new CommandFailure('hairpin: listing is a flow command', 2);
  }
}

/** Every chain of a table with its policy and rules, to put back when a restore fails. */
function snapshot(table: IpTable): () => void {
  const saved = [...table.chains.values()].map((ch) => ({ ch, policy: ch.policy, rules: ch.rules.slice() }));
  return () => {
    table.chains.clear();
    for (const { ch, policy, rules } of saved) {
      ch.policy = policy;
      ch.rules.length = 0;
      for (const r of rules) ch.rules.push(r);
      table.chains.set(ch.name, ch);
    }
    forgetReach(table);
  };
}

/**
 * iptables-restore commits the whole input as one nf_tables transaction: a rule the kernel
 * refuses leaves every table as it was, and the message names the line of the input.
 */
export function iptablesRestore(stack: Stack, c: IptablesRestoreCommand): void {
  stack.nf.invalidate();
  const undo = Object.values(stack.nf.tables).map(snapshot);
  for (const t of c.tables) {
    if (t.table === 'security') continue;
    const table = stack.nf.tables[t.table];
    forgetReach(table);
    if (!c.noflush) {
      for (const [name, ch] of [...table.chains]) {
        ch.rules.length = 0;
        if (!ch.builtin) table.chains.delete(name);
      }
    }
    for (const ch of t.chains) {
      const existing = table.chains.get(ch.chain);
      if (ch.policy === '-') {
        if (!existing) table.chains.set(ch.chain, new Chain(ch.chain));
      } else if (existing?.builtin) existing.policy = ch.policy === 'DROP' ? 'DROP' : 'ACCEPT';
    }
    for (const cmd of t.commands) {
      try {
        iptables(stack, cmd.command);
      } catch (e) {
        if (!(e instanceof CommandFailure)) throw e;
        for (const put of undo) put();
        throw new CommandFailure(restoreMessage(e.message, cmd.inputLine), e.exitStatus, e.column, cmd.line);
      }
    }
  }
}

/** How iptables-restore words a failure of the rule on input line `line`. */
function restoreMessage(message: string, line: number): string {
  const kernel = /^iptables v[\d.]+ \(nf_tables\): {2}(RULE_.*)$/.exec(message);
  if (kernel) return `${IPT_NFT.replace('iptables', 'iptables-restore')}: \nline ${line}: ${kernel[1]}`;
  const runtime = /^iptables: (.*)$/.exec(message);
  if (runtime) return `iptables-restore: line ${line} failed: ${runtime[1]}`;
  return message.replace(IPT_NFT, IPT_NFT.replace('iptables', 'iptables-restore'));
}
