import { FibTable, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN } from './fib';
import { fib4RulesOps } from './fib4_rules';
import type { FibRulesOps } from './fib_rules';

/*
 * struct netns_ipv4: what IPv4 keeps per namespace beside the generic layers. IPv6 would keep
 * its own (netns_ipv6) next to it rather than share these tables.
 */
export interface NetnsIpv4 {
  /** fib_table_hash: IPv4's routing tables by id. */
  readonly fibTables: Map<number, FibTable>;
  /** rules_ops: IPv4's policy rules (also in the namespace's list of every family's). */
  readonly rulesOps: FibRulesOps;
}

/** ip_fib_net_init + fib4_rules_init: the local, main and default tables, and the rules that look in them. */
export function ipFibNetInit(): NetnsIpv4 {
  const fibTables = new Map<number, FibTable>([RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT].map((id) => [id, new FibTable(id)]));
  return { fibTables, rulesOps: fib4RulesOps(fibTables) };
}
