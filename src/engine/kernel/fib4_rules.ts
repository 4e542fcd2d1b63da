import { AF_INET } from '../addr/family';
import { inPrefix } from '../addr/ipv4';
import { RTPROT_KERNEL, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibResult } from './fib';
import type { FibTableHash } from './fib_table_hash';
import { fibRule, fibRulesLookup, type FibRule, type FibRulesOps, type PortRange, type RuleFlow, type RuleLookup } from './fib_rules';
import type { NetnsIpv4 } from './netns_ipv4';
import { Errno } from './errors';

/*
 * IPv4's policy rules (net/ipv4/fib_rules.c): the default rules, the address and tos
 * selectors, and table lookups in the namespace's IPv4 tables (netns_ipv4.fib_table_hash).
 */

/** fib_default_rules_init: local, main, default. */
export const DEFAULT_RULES: FibRule[] = [
  fibRule({ priority: 0, action: 'lookup', table: RT_TABLE_LOCAL, protocol: RTPROT_KERNEL }),
  fibRule({ priority: 32766, action: 'lookup', table: RT_TABLE_MAIN, protocol: RTPROT_KERNEL }),
  fibRule({ priority: 32767, action: 'lookup', table: RT_TABLE_DEFAULT, protocol: RTPROT_KERNEL }),
];

/** fib_rule_port_inrange. */
function inRange(range: PortRange, port: number): boolean {
  return port >= range.start && port <= range.end;
}

/** fib4_rule_match. */
function fib4RuleMatch(rule: FibRule, flow: RuleFlow): boolean {
  return (
    (rule.from === undefined || inPrefix(flow.src, rule.from.addr, rule.from.len)) &&
    (rule.to === undefined || inPrefix(flow.dst, rule.to.addr, rule.to.len)) &&
    (rule.tos === undefined || rule.tos === (flow.tos ?? 0)) &&
    (rule.ipproto === undefined || rule.ipproto === (flow.proto ?? 0)) &&
    (rule.sport === undefined || inRange(rule.sport, flow.sport ?? 0)) &&
    (rule.dport === undefined || inRange(rule.dport, flow.dport ?? 0))
  );
}

/** fib4_rules_ops_template with its default rules, over one namespace's IPv4 tables. */
export function fib4RulesOps(tables: FibTableHash): FibRulesOps {
  return {
    family: AF_INET,
    // The three default rules are the same objects in every namespace (a rule never changes once
    // made): a router's first lookup finds them already in the cache its neighbours warmed.
    rules: [...DEFAULT_RULES],
    custom: false,
    tables,
    match: fib4RuleMatch,
  };
}

const NO_ROUTE: RuleLookup = { ok: false, errno: Errno.ENETUNREACH };

/** A route found without the rules, reported with the default rule that names its table (the events' facts), made once per route and rule. */
function foundIn(result: FibResult, rule: FibRule): RuleLookup {
  const found = result.found;
  if (found && found.rule === rule) return found;
  return (result.found = { ok: true, result, rule });
}

/**
 * fib_lookup (include/net/ip_fib.h): while no policy rule was added or deleted, the kernel does
 * not walk the rules. It looks in main, which local is merged into (the longest prefix of either
 * answers: fib_table_hash.ts), then in default; a throw route there goes on as no route. Once a
 * rule changed, the rules decide (__fib_lookup).
 */
export function fibLookup4(ipv4: NetnsIpv4, flow: RuleFlow): RuleLookup {
  if (ipv4.rulesOps.custom) return fibRulesLookup(ipv4.rulesOps, flow);
  const tables = ipv4.fibTables;
  const r = tables.lookup(RT_TABLE_MAIN, flow);
  if (r && r.route.type !== 'throw') return foundIn(r, r.route.table === RT_TABLE_LOCAL ? DEFAULT_RULES[0]! : DEFAULT_RULES[1]!);
  const d = tables.default.lookup(flow);
  if (d && d.route.type !== 'throw') return foundIn(d, DEFAULT_RULES[2]!);
  return NO_ROUTE;
}
