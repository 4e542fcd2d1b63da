import type { IptablesCommand, IptablesSaveCommand, IptTable } from '../../command/types';
import { AF_INET, type Family } from '../../addr/family';
import { ip6tablesWording } from '../../command/iptables-values';
import type { Stack } from '../../kernel/stack';
import { Chain, zeroCounters, type IptRule } from '../../kernel/netfilter/x_tables';
import { matchParts, targetPart } from '../../iptables/save';
import { VIRTUAL_EPOCH_MS } from '../../tools/dig-format';
import { fail, ok, type Printed } from './common';
import { holdsIncompatible, incompatibleNotice, parseFailure, ruleCounters, tableIncompatible } from './iptables-nft-compat';

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
export function tableChains(stack: Stack, table: IptablesCommand['table'], family: Family = AF_INET): Map<string, Chain> {
  if (table === 'security') return new Map(['INPUT', 'FORWARD', 'OUTPUT'].map((n) => [n, new Chain(n, 'ACCEPT')]));
  return stack.nf.tablesOf(family)[table].chains;
}

/** The chains `iptables -S|-L [CHAIN]` shows, or the error for an unknown chain. */
export function selectChains(stack: Stack, table: IptablesCommand['table'], chain: string | undefined, family: Family = AF_INET): Chain[] | Printed {
  const chains = tableChains(stack, table, family);
  if (chain === undefined) return chainsInOrder(chains);
  const ch = chains.get(chain);
  return ch ? [ch] : noChain(chain, table, family);
}

export function noChain(chain: string, table: string, family: Family = AF_INET): Printed {
  const message = `iptables v1.8.9 (nf_tables): chain \`${chain}' in table \`${table}' is incompatible, use 'nft' tool.`;
  return fail(family === AF_INET ? message : ip6tablesWording(message), 1);
}

export function ruleSpec(rule: IptRule, counters = false, family: Family = AF_INET): string {
  const parts = matchParts(rule, family);
  if (counters) {
    const { packets, bytes } = ruleCounters(rule);
    parts.push(`-c ${packets} ${bytes}`);
  }
  const target = targetPart(rule, family);
  if (target) parts.push(target);
  return parts.join(' ');
}

export function printIptablesS(stack: Stack, c: IptablesCommand): Printed {
  const a = c.action;
  if (a.op !== 'list-rules') throw new Error('not a -S command');
  const family = c.family ?? AF_INET;
  const list = selectChains(stack, c.table, a.chain, family);
  if (!Array.isArray(list)) return list;
  if (holdsIncompatible(list)) return a.chain === undefined ? tableIncompatible(c.table) : noChain(a.chain, c.table, family);
  const lines: string[] = [];
  for (const ch of list) {
    // iptables-nft's base chains carry no policy counter: -v always shows -c 0 0.
    if (ch.builtin) lines.push(`-P ${ch.name} ${ch.policy}${a.verbose ? ' -c 0 0' : ''}`);
  }
  for (const ch of list) if (!ch.builtin) lines.push(`-N ${ch.name}`);
  const printed = () => (a.chain === undefined ? incompatibleNotice(stack, c.table, family) : '') + lines.map((l) => `${l}\n`).join('');
  for (const ch of list) {
    for (const r of ch.rules) {
      const failure = parseFailure(r, 'iptables');
      if (failure) return fail(failure, 3, printed());
      const spec = ruleSpec(r, a.verbose, family);
      lines.push(spec ? `-A ${ch.name} ${spec}` : `-A ${ch.name}`);
    }
  }
  if (a.zero) zeroCounters(list);
  return ok(printed());
}


/** The order iptables-nft-save walks its tables in (xtables_ipv4[], enum nft_table_type). */
const SAVE_ORDER: readonly IptTable[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

/**
 * ctime(3) without its newline, `Sun Dec  6 04:19:23 2026`, for a virtual time: the simulator
 * has no real date, so the clock starts at Thu Jan  1 00:00:00 2026 UTC as dig's `;; WHEN:` does.
 */
export function ctimeText(virtualNs: number): string {
  const d = new Date(VIRTUAL_EPOCH_MS + Math.floor(virtualNs / 1e6));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * `iptables-save [-c] [-t TABLE]` as iptables-nft-save 1.8.9 prints it: each table nf_tables
 * holds (or the one asked for, even if it holds none yet), between `# Generated by` and
 * `# Completed on` lines; `:CHAIN POLICY [0:0]` for base chains (iptables-nft keeps no policy
 * counters here, as in -S -v) and `:CHAIN - [0:0]` for user chains, then the rules as -S prints
 * them, with -c each after its `[packets:bytes]`. iptables-restore reads it back.
 */
export function printIptablesSave(stack: Stack, c: IptablesSaveCommand): Printed {
  const banner = `${c.program} v1.8.9 (nf_tables)`;
  if (c.version) return ok(`${banner}\n`);
  const when = ctimeText(stack.env.now());
  const family = c.family ?? AF_INET;
  // A table nft made under iptables' name is one nf_tables holds: iptables-save lists it too.
  const nftMade = (t: IptTable) => family === AF_INET && stack.nf.nftables.tables.some((x) => x.family === 'ip' && x.name === t);
  const tables = c.table ? [c.table] : SAVE_ORDER.filter((t) => t !== 'security' && (stack.nf.tablesOf(family)[t].created || nftMade(t)));
  const lines: string[] = [];
  const printed = () => lines.map((l) => `${l}\n`).join('');
  for (const table of tables) {
    const chains = chainsInOrder(tableChains(stack, table, family));
    if (holdsIncompatible(chains)) {
      lines.push(`# Table \`${table}' is incompatible, use 'nft' tool.`);
      continue;
    }
    const notice = incompatibleNotice(stack, table, family);
    if (notice) lines.push(notice.slice(0, -1));
    lines.push(`# Generated by ${banner} on ${when}`, `*${table}`);
    for (const ch of chains) lines.push(`:${ch.name} ${ch.policy ?? '-'} [0:0]`);
    for (const ch of chains) {
      for (const r of ch.rules) {
        const failure = parseFailure(r, 'iptables-save');
        if (failure) return { stdout: printed(), stderr: c.notice + failure, status: 3 };
        const spec = ruleSpec(r, false, family);
        const rule = spec ? `-A ${ch.name} ${spec}` : `-A ${ch.name}`;
        const { packets, bytes } = ruleCounters(r);
        lines.push(c.counters ? `[${packets}:${bytes}] ${rule}` : rule);
      }
    }
    lines.push('COMMIT', `# Completed on ${when}`);
  }
  return { stdout: printed(), stderr: c.notice, status: 0 };
}
