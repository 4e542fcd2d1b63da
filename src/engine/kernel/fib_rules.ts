import type { Family } from '../addr/family';
import type { Ip4 } from '../addr/ipv4';
import { Errno } from './errors';
import type { FibFlow, FibResult } from './fib';
import type { Stack } from './stack';

/*
 * Policy routing rules, the generic part (net/core/fib_rules.c). Scanned by increasing
 * priority; a `lookup` whose table has no match (or hits a `throw` route) falls through to
 * the next rule; error actions end the lookup. What a rule's addresses mean and which tables
 * it looks in belong to the family's fib_rules_ops (IPv4's in fib4_rules.ts).
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
  /** FRA_IP_PROTO, FRA_SPORT_RANGE, FRA_DPORT_RANGE (ranges inclusive), FRA_UID_RANGE. */
  readonly ipproto?: number;
  readonly sport?: PortRange;
  readonly dport?: PortRange;
  readonly uidrange?: PortRange;
  /** FRA_PROTOCOL: who made the rule (kernel for the defaults, unspec when `ip` gives none). */
  readonly protocol?: number;
}

/** struct fib_rule_port_range / fib_kuid_range: inclusive bounds. */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

export interface RuleFlow extends FibFlow {
  src: Ip4;
  mark: number;
  /** Input interface name; 'lo' for locally generated packets. */
  iif: string;
  oifName?: string;
  /** flowi4_proto, fl4_sport, fl4_dport (absent: 0, not known or not dissected), flowi4_uid (absent: root). */
  proto?: number;
  sport?: number;
  dport?: number;
  uid?: number;
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
    ipproto: r.ipproto,
    sport: r.sport,
    dport: r.dport,
    uidrange: r.uidrange,
    protocol: r.protocol,
  };
}

/**
 * struct fib_rules_ops: one family's rule list and what only that family knows, registered
 * with the namespace (fib_rules_register) and found by family for RTM_*RULE.
 */
export interface FibRulesOps {
  readonly family: Family;
  /** rules_list, by increasing priority. */
  readonly rules: FibRule[];
  /** A rule was added (fib4_rule_configure sets fib_has_custom_rules): lookups can no longer take the shortcut. */
  custom: boolean;
  /** ops->match: the family's selectors (addresses, tos, ipproto, ports). */
  match(rule: FibRule, flow: RuleFlow): boolean;
  /**
   * The family's FIB tables by id, which a `lookup` rule's action (fib4_rule_action) searches.
   * Read by the walker itself: an indirect call per rule cost about 10% of a forwarded packet.
   */
  readonly tables: { get(id: number): { lookup(flow: RuleFlow): FibResult | undefined } | undefined };
}

/** fib_rule_match: the generic selectors, then the family's. */
export function ruleMatches(ops: FibRulesOps, rule: FibRule, flow: RuleFlow): boolean {
  const hit =
    (rule.fwmark === undefined || ((flow.mark ^ rule.fwmark) & (rule.fwmask ?? 0xffffffff)) === 0) &&
    (rule.iif === undefined || rule.iif === flow.iif) &&
    (rule.oif === undefined || rule.oif === flow.oifName) &&
    (rule.uidrange === undefined || ((flow.uid ?? 0) >= rule.uidrange.start && (flow.uid ?? 0) <= rule.uidrange.end)) &&
    ops.match(rule, flow);
  return rule.not ? !hit : hit;
}

/** fib_rules_register: the family's rules join the namespace's rules_ops. */
export function fibRulesRegister(stack: Stack, ops: FibRulesOps): void {
  if (stack.rulesOps.some((o) => o.family === ops.family)) throw new Error(`fib_rules_ops for family ${ops.family} registered twice`);
  stack.rulesOps.push(ops);
}

/** lookup_rules_ops: the family's operations; none is EAFNOSUPPORT, as fib_nl_newrule answers. */
export function lookupRulesOps(stack: Stack, family: Family): FibRulesOps | undefined {
  return stack.rulesOps.find((o) => o.family === family);
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

/** fib_rules_lookup with the family's action. */
export function fibRulesLookup(ops: FibRulesOps, flow: RuleFlow): RuleLookup {
  const rules = ops.rules;
  let jumpTo: number | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (jumpTo !== undefined) {
      if (rule.priority < jumpTo) continue;
      jumpTo = undefined;
    }
    if (!ruleMatches(ops, rule, flow)) continue;
    if (rule.action === 'nop') continue;
    if (rule.action === 'goto') {
      jumpTo = rule.gotoPriority;
      continue;
    }
    const errno = actionErrno(rule.action);
    if (errno) return { ok: false, errno, rule };
    const result = ops.tables.get(rule.table)?.lookup(flow);
    if (!result) continue;
    if (result.route.type === 'throw') continue;
    // suppress_prefixlength: ignore routes whose prefix is not longer than N.
    if (rule.suppressPrefixlen !== undefined && result.route.len <= rule.suppressPrefixlen) continue;
    const found = result.found;
    if (found && found.rule === rule) return found;
    return (result.found = { ok: true, result, rule });
  }
  return { ok: false, errno: Errno.ENETUNREACH };
}
