import { AF_INET, type Family } from '../../addr/family';
import type { IptablesCommand } from '../../command/types';
import { TABLE_CHAINS, type Chain, type IptRule, type TableName } from '../../kernel/netfilter/x_tables';
import { fail, type Printed } from './common';
import type { Stack } from '../../kernel/stack';
import { iptablesBaseChain } from '../../nft/xt_translate';

/*
 * iptables-nft lists a whole table only after checking that nf_tables' table of that name holds
 * nothing it cannot show (nft_is_table_compatible, iptables 1.8.9): a base chain nft made under
 * another name or registration (the lowercase `input` of many nft how-tos, in `table ip filter`)
 * makes it print a notice first, on stdout, then the chains it knows. Listing one chain
 * (-L INPUT, -S INPUT) checks nothing (recorded: fixtures/nft/iptables-on-nft-*-table).
 */

export function incompatibleNotice(stack: Stack, table: IptablesCommand['table'], family: Family = AF_INET): string {
  if (family !== AF_INET || table === 'security') return '';
  const nft = stack.nf.nftables.tables.find((t) => t.family === 'ip' && t.name === table);
  const name = table as TableName;
  const foreign = nft?.chains.some((c) => {
    if (!c.base) return false;
    if (!TABLE_CHAINS[name].includes(c.name as never)) return true;
    const own = iptablesBaseChain(name, c.name, undefined);
    return own.type !== c.base.type || own.hook !== c.base.hook || own.priority !== c.base.priority;
  });
  return foreign ? `# Table \`${table}' contains incompatible base-chains, use 'nft' tool to list them.\n` : '';
}

/*
 * A rule nft wrote in one of iptables' chains (nft/xt_native.ts) that iptables 1.8.9 cannot
 * read: a ct, log, reject or NAT expression makes the chain incompatible, and listing it (or
 * the whole table) fails before printing anything, exit 1; an expression it fails to parse (a
 * th header, another meta key) stops the listing at that rule, exit 3 (all recorded).
 */

/** Whether iptables refuses to list these chains: one holds a rule it calls incompatible. */
export function holdsIncompatible(chains: readonly Chain[]): boolean {
  return chains.some((ch) => ch.rules.some((r) => r.nft?.readback.kind === 'incompatible'));
}

/** `iptables -S|-L` of the whole table, refused. */
export function tableIncompatible(table: string): Printed {
  return fail(`iptables v1.8.9 (nf_tables): table \`${table}' is incompatible, use 'nft' tool.`, 1);
}

/** The error iptables prints for a rule it fails to parse, or undefined. */
export function parseFailure(rule: IptRule, program: 'iptables' | 'iptables-save'): string | undefined {
  const readback = rule.nft?.readback;
  if (readback?.kind !== 'error') return undefined;
  return `Error: ${readback.message}\n${program} v1.8.9 (nf_tables): Parsing nftables rule failed\nPerhaps ${program} or your kernel needs to be upgraded.\n`;
}

/** A rule's counters as iptables reads them: for nft's rule, its counter expression's (none: 0). */
export function ruleCounters(rule: IptRule): { packets: number; bytes: number } {
  if (!rule.nft) return rule;
  const counter = rule.nft.stmts.find((s) => s.kind === 'counter');
  return counter?.kind === 'counter' ? counter : { packets: 0, bytes: 0 };
}
