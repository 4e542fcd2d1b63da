import { inPrefix, type Ip4 } from '../addr/ipv4';
import { Errno } from './errors';
import { FibTable, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibFlow, type FibResult } from './fib';

/*
 * Policy routing rules (net/core/fib_rules.c, net/ipv4/fib_rules.c). Scanned by increasing
 * priority; a `lookup` whose table has no match (or hits a `throw` route) falls through to
 * the next rule; error actions end the lookup.
 */

export type RuleAction = 'lookup' | 'unreachable' | 'prohibit' | 'blackhole' | 'goto' | 'nop';

export interface FibRule {
  readonly priority: number;
  readonly not: boolean;
  readonly from?: { addr: Ip4; len: number };
  readonly to?: { addr: Ip4; len: number };
  readonly tos?: number;
  readonly fwmark?: number;
  readonly fwmask?: number;
  readonly iif?: string;
  readonly oif?: string;
  readonly action: RuleAction;
  readonly table: number;
  readonly gotoPriority?: number;
  readonly suppressPrefixlen?: number;
}

export interface RuleFlow extends FibFlow {
  src: Ip4;
  mark: number;
  /** Input interface name; 'lo' for locally generated packets. */
  iif: string;
  oifName?: string;
}

/** Every rule gets every field (absent ones undefined): one object shape keeps lookups fast. */
export function fibRule(r: Omit<FibRule, 'not'> & { not?: boolean }): FibRule {
  return {
    priority: r.priority,
    not: r.not ?? false,
    from: r.from,
    to: r.to,
    tos: r.tos,
    fwmark: r.fwmark,
    fwmask: r.fwmask,
    iif: r.iif,
    oif: r.oif,
    action: r.action,
    table: r.table,
    gotoPriority: r.gotoPriority,
    suppressPrefixlen: r.suppressPrefixlen,
  };
}

export const DEFAULT_RULES: FibRule[] = [
  fibRule({ priority: 0, action: 'lookup', table: RT_TABLE_LOCAL }),
  fibRule({ priority: 32766, action: 'lookup', table: RT_TABLE_MAIN }),
  fibRule({ priority: 32767, action: 'lookup', table: RT_TABLE_DEFAULT }),
];

export function ruleMatches(rule: FibRule, flow: RuleFlow): boolean {
  const hit =
    (rule.from === undefined || inPrefix(flow.src, rule.from.addr, rule.from.len)) &&
    (rule.to === undefined || inPrefix(flow.dst, rule.to.addr, rule.to.len)) &&
    (rule.tos === undefined || rule.tos === (flow.tos ?? 0)) &&
    (rule.fwmark === undefined || ((flow.mark ^ rule.fwmark) & (rule.fwmask ?? 0xffffffff)) === 0) &&
    (rule.iif === undefined || rule.iif === flow.iif) &&
    (rule.oif === undefined || rule.oif === flow.oifName);
  return rule.not ? !hit : hit;
}

export type RuleLookup = { ok: true; result: FibResult; rule: FibRule } | { ok: false; errno: number; rule?: FibRule };

function actionErrno(action: RuleAction): number {
  switch (action) {
    case 'unreachable':
      return Errno.ENETUNREACH;
    case 'prohibit':
      return Errno.EACCES;
    case 'blackhole':
      return Errno.EINVAL;
    default:
      return 0;
  }
}

/** fib_rules_lookup + fib4_rule_action. */
export function fibRulesLookup(rules: readonly FibRule[], tables: ReadonlyMap<number, FibTable>, flow: RuleFlow): RuleLookup {
  let jumpTo: number | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (jumpTo !== undefined) {
      if (rule.priority < jumpTo) continue;
      jumpTo = undefined;
    }
    if (!ruleMatches(rule, flow)) continue;
    if (rule.action === 'nop') continue;
    if (rule.action === 'goto') {
      jumpTo = rule.gotoPriority;
      continue;
    }
    const errno = actionErrno(rule.action);
    if (errno) return { ok: false, errno, rule };
    const table = tables.get(rule.table);
    const result = table?.lookup(flow);
    if (!result) continue;
    if (result.route.type === 'throw') continue;
    // suppress_prefixlength: ignore routes whose prefix is not longer than N.
    if (rule.suppressPrefixlen !== undefined && result.route.len <= rule.suppressPrefixlen) continue;
    return { ok: true, result, rule };
  }
  return { ok: false, errno: Errno.ENETUNREACH };
}
