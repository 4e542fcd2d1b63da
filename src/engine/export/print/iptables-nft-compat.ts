import { AF_INET, type Family } from '../../addr/family';
import type { IptablesCommand } from '../../command/types';
import { TABLE_CHAINS, type TableName } from '../../kernel/netfilter/x_tables';
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
