import type { IptablesCommand } from '../../command/types';
import type { Stack } from '../../kernel/stack';
import { Chain, zeroCounters, type IptRule } from '../../kernel/netfilter/x_tables';
import { matchParts, targetPart } from '../../iptables/save';
import { fail, ok, type Printed } from './common';

/*
 * `iptables [-t T] -S [CHAIN] [-v]` as iptables 1.8.9 (nf_tables) prints it: the built-in
 * chains' policies first (`-P INPUT ACCEPT`), then `-N` for user chains (sorted by name), then
 * every chain's rules, built-ins first. Each rule is printed from its parsed parts: the
 * extensions' save functions. With -v, `-c PKTS BYTES` goes before the target.
 */

/** Built-in chains in hook order, then user chains sorted by name (libnftnl lists them so). */
export function chainsInOrder(chains: Map<string, Chain>): Chain[] {
  const all = [...chains.values()];
  return [...all.filter((c) => c.builtin), ...all.filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
}

/** The security table is not modelled; its built-in chains are empty with policy ACCEPT. */
export function tableChains(stack: Stack, table: IptablesCommand['table']): Map<string, Chain> {
  if (table === 'security') return new Map(['INPUT', 'FORWARD', 'OUTPUT'].map((n) => [n, new Chain(n, 'ACCEPT')]));
  return stack.nf.tables[table].chains;
}

/** The chains `iptables -S|-L [CHAIN]` shows, or the error for an unknown chain. */
export function selectChains(stack: Stack, table: IptablesCommand['table'], chain: string | undefined): Chain[] | Printed {
  const chains = tableChains(stack, table);
  if (chain === undefined) return chainsInOrder(chains);
  const ch = chains.get(chain);
  return ch ? [ch] : noChain(chain, table);
}

export function noChain(chain: string, table: string): Printed {
  return fail(`iptables v1.8.9 (nf_tables): chain \`${chain}' in table \`${table}' is incompatible, use 'nft' tool.`, 1);
}

export function ruleSpec(rule: IptRule, counters = false): string {
  const parts = matchParts(rule);
  if (counters) parts.push(`-c ${rule.packets} ${rule.bytes}`);
  const target = targetPart(rule);
  if (target) parts.push(target);
  return parts.join(' ');
}

export function printIptablesS(stack: Stack, c: IptablesCommand): Printed {
  const a = c.action;
  if (a.op !== 'list-rules') throw new Error('not a -S command');
  const list = selectChains(stack, c.table, a.chain);
  if (!Array.isArray(list)) return list;
  const lines: string[] = [];
  for (const ch of list) {
    // iptables-nft's base chains carry no policy counter: -v always shows -c 0 0.
    if (ch.builtin) lines.push(`-P ${ch.name} ${ch.policy}${a.verbose ? ' -c 0 0' : ''}`);
  }
  for (const ch of list) if (!ch.builtin) lines.push(`-N ${ch.name}`);
  for (const ch of list) {
    for (const r of ch.rules) {
      const spec = ruleSpec(r, a.verbose);
      lines.push(spec ? `-A ${ch.name} ${spec}` : `-A ${ch.name}`);
    }
  }
  if (a.zero) zeroCounters(list);
  return ok(lines.map((l) => `${l}\n`).join(''));
}

