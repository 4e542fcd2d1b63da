import { rtCacheFlush } from './rt_genid';
import { AF_INET, type Family } from '../addr/family';
import { networkOf, type Ip4 } from '../addr/ipv4';
import { Errno, KernelError } from './errors';
import { RTPROT_BOOT } from './devinet';
import {
  ROUTE_TYPE_PROPS,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
  type FibRoute,
  type RouteType,
} from './fib';
import { fibLookup4 } from './fib4_rules';
import { fibRule, lookupRulesOps, type FibRule, type FibRulesOps, type PortRange } from './fib_rules';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/*
 * The netlink side of routing (fib_frontend.c, fib_semantics.c): `ip route add|replace|del`
 * and `ip rule add|del`, validated as the kernel validates them, with its extack messages.
 */

export interface RouteSpec {
  type: RouteType;
  dst: Ip4;
  len: number;
  table?: number;
  gateway?: Ip4;
  dev?: NetDevice;
  prefsrc?: Ip4;
  metric?: number;
  scope?: number;
  protocol?: number;
  tos?: number;
  onlink?: boolean;
  /** RTA_MULTIPATH: `nexthop via A dev D weight W` ... */
  nexthops?: NexthopSpec[];
}

/** struct rtnexthop: one `nexthop` of an RTA_MULTIPATH. */
export interface NexthopSpec {
  gateway?: Ip4;
  dev?: NetDevice;
  weight: number;
  onlink?: boolean;
}

const extack = (msg: string, errno: number = Errno.EINVAL) => new KernelError(errno, msg);

/** iproute2's defaults: table local for local routes; scope host/link/universe by type and gateway. */
function withDefaults(spec: RouteSpec): Required<Pick<RouteSpec, 'table' | 'scope' | 'metric' | 'protocol' | 'tos'>> & RouteSpec {
  const table = spec.table ?? (spec.type === 'local' ? RT_TABLE_LOCAL : RT_TABLE_MAIN);
  let scope = spec.scope;
  if (scope === undefined) {
    if (spec.type === 'local') scope = RT_SCOPE_HOST;
    else if (spec.type === 'broadcast' || spec.type === 'anycast') scope = RT_SCOPE_LINK;
    else if (spec.type === 'unicast') scope = spec.gateway === undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    else scope = RT_SCOPE_UNIVERSE;
  }
  return {
    type: spec.type,
    dst: spec.dst,
    len: spec.len,
    table,
    gateway: spec.gateway,
    dev: spec.dev,
    prefsrc: spec.prefsrc,
    metric: spec.metric ?? 0,
    scope,
    protocol: spec.protocol ?? RTPROT_BOOT,
    tos: spec.tos ?? 0,
    onlink: spec.onlink,
    nexthops: spec.nexthops,
  };
}

/**
 * fib_create_info + fib_check_nh: build the route or refuse it. A multipath route checks each
 * nexthop as a route of its own would be checked (fib_get_nhs); one nexthop is a plain route.
 */
export function createRoute(stack: Stack, raw: RouteSpec): FibRoute {
  if (raw.nexthops) {
    const { nexthops, ...rest } = raw;
    // fib_get_nhs: a gateway or device given outside the nexthops must be the first one's.
    if (raw.gateway !== undefined && nexthops[0]!.gateway !== raw.gateway) throw extack('Nexthop gateway does not match RTA_GATEWAY or RTA_VIA');
    if (raw.dev !== undefined && nexthops[0]!.dev !== raw.dev) throw extack('Nexthop device index does not match RTA_OIF');
    const built = nexthops.map((nh) => createRoute(stack, { ...rest, gateway: nh.gateway, dev: nh.dev, onlink: nh.onlink, scope: raw.scope ?? (nexthops.length > 1 ? RT_SCOPE_UNIVERSE : undefined) }));
    const first = built[0]!;
    if (built.length === 1) return first;
    return { ...first, onlink: false, nexthops: built.map((r, i) => ({ gateway: r.gateway, dev: r.dev!, weight: nexthops[i]!.weight, onlink: r.onlink, nhScope: r.nhScope })) };
  }
  const spec = withDefaults(raw);
  if (networkOf(spec.dst, spec.len) !== spec.dst) throw extack('Invalid prefix for given prefix length');
  if (spec.scope > RT_SCOPE_HOST) throw extack('Invalid scope');
  const isError = ROUTE_TYPE_PROPS[spec.type].error !== 0;
  let dev = spec.dev;
  let nhScope = RT_SCOPE_NOWHERE;
  if (isError) {
    dev = undefined;
  } else if (spec.scope === RT_SCOPE_HOST) {
    if (spec.gateway !== undefined) throw extack('Route with host scope can not have a gateway');
    if (!dev) throw new KernelError(Errno.ENODEV, 'Device for nexthop is not up');
  } else if (spec.gateway !== undefined) {
    const nh = checkGateway(stack, spec);
    dev = nh.dev;
    nhScope = nh.scope;
  } else {
    if (spec.onlink) throw extack('Invalid flags for nexthop - PERVASIVE and ONLINK can not be set');
    if (!dev) throw new KernelError(Errno.ENODEV);
    if (!dev.up) throw extack('Device for nexthop is not up', Errno.ENETDOWN);
    nhScope = RT_SCOPE_HOST;
  }
  if (spec.prefsrc !== undefined && !validPrefsrc(stack, spec)) throw extack('Invalid prefsrc address');
  return {
    table: spec.table,
    dst: spec.dst,
    len: spec.len,
    type: spec.type,
    tos: spec.tos,
    priority: spec.metric,
    scope: spec.scope,
    protocol: spec.protocol,
    prefsrc: spec.prefsrc,
    gateway: spec.gateway,
    dev,
    onlink: spec.onlink ?? false,
    nhScope,
  };
}

/** fib_check_nh_v4_gw: the gateway must be reachable through a link- or host-scope route. */
function checkGateway(stack: Stack, spec: ReturnType<typeof withDefaults>): { dev: NetDevice; scope: number } {
  const gw = spec.gateway!;
  if (spec.onlink) {
    if (spec.scope >= RT_SCOPE_LINK) throw extack('Nexthop has invalid scope');
    if (!spec.dev) throw extack('Nexthop device required for onlink', Errno.ENODEV);
    if (!spec.dev.up) throw extack('Nexthop device is not up', Errno.ENETDOWN);
    if (stack.addrType(gw) !== 'unicast') throw extack('Nexthop has invalid gateway');
    return { dev: spec.dev, scope: RT_SCOPE_LINK };
  }
  // One flow for both lookups: the table's reads only what it needs of it.
  const flow = { dst: gw, scope: Math.max(spec.scope + 1, RT_SCOPE_LINK), oif: spec.dev, src: 0, mark: 0, iif: 'lo', oifName: spec.dev?.name };
  let found = spec.table !== RT_TABLE_MAIN ? stack.ipv4.fibTables.lookup(spec.table, flow) : undefined;
  if (!found) {
    const res = fibLookup4(stack.ipv4, flow);
    if (res.ok) found = res.result;
  }
  const r = found?.route;
  if (!r || (r.type !== 'unicast' && r.type !== 'local')) throw extack('Nexthop has invalid gateway');
  if (!r.dev) throw extack('No egress device for nexthop gateway');
  if (!r.dev.up) throw new KernelError(Errno.ENETDOWN);
  return { dev: r.dev, scope: r.scope };
}

function validPrefsrc(stack: Stack, spec: ReturnType<typeof withDefaults>): boolean {
  if (spec.type === 'local' && spec.dst && spec.prefsrc === spec.dst) return true;
  return stack.addrType(spec.prefsrc!) === 'local';
}

/** fib_table_insert with NLM_F_EXCL (add), NLM_F_REPLACE (replace) or NLM_F_APPEND (append). */
export function insertRoute(stack: Stack, route: FibRoute, mode: 'add' | 'replace' | 'append'): void {
  const table = stack.table(route.table);
  const same = table.routesAt(route.dst, route.len).filter((r) => r.tos === route.tos && r.priority === route.priority);
  if (mode === 'add' && same.length > 0) throw new KernelError(Errno.EEXIST);
  if (mode === 'replace' && same[0]) {
    table.replace(same[0], route);
    return;
  }
  table.insert(route);
}

/** fib_table_delete: the first route of the prefix matching every field the user gave. */
export function deleteRoute(stack: Stack, spec: Partial<RouteSpec> & { dst: Ip4; len: number }): void {
  const tableId = spec.table ?? RT_TABLE_MAIN;
  const table = stack.ipv4.fibTables.get(tableId);
  const victim = table?.routesAt(spec.dst, spec.len).find(
    (r) =>
      (spec.tos === undefined || r.tos === spec.tos) &&
      (spec.metric === undefined || r.priority === spec.metric) &&
      // fib_table_delete: an unset type (RTN_UNSPEC) or scope (RT_SCOPE_NOWHERE) matches any.
      (spec.type === undefined || r.type === spec.type) &&
      (spec.scope === undefined || r.scope === spec.scope) &&
      (spec.gateway === undefined || r.gateway === spec.gateway) &&
      (spec.dev === undefined || r.dev === spec.dev) &&
      (spec.prefsrc === undefined || r.prefsrc === spec.prefsrc) &&
      (spec.protocol === undefined || r.protocol === spec.protocol),
  );
  if (!table || !victim) throw new KernelError(Errno.ESRCH);
  table.remove(victim);
}

/** fib_nl_newrule's family: its rules_ops, or EAFNOSUPPORT. */
function rulesOpsOf(stack: Stack, family: Family): FibRulesOps {
  const ops = lookupRulesOps(stack, family);
  if (!ops) throw new KernelError(Errno.EAFNOSUPPORT);
  return ops;
}

/** fib_rule_port_range_valid. */
function portRangeValid(r: PortRange): boolean {
  return r.start !== 0 && r.end !== 0 && r.end < 0xffff && r.start <= r.end;
}

const sameRange = (a: PortRange | undefined, b: PortRange) => a !== undefined && a.start === b.start && a.end === b.end;

/** `ip rule add`: without a priority the rule goes just before the lowest existing non-zero one. */
export function addRule(stack: Stack, rule: Omit<FibRule, 'priority'> & { priority?: number }, family: Family = AF_INET): FibRule {
  const ops = rulesOpsOf(stack, family);
  const rules = ops.rules;
  let priority = rule.priority;
  if (priority === undefined) {
    const nonzero = rules.filter((r) => r.priority > 0).map((r) => r.priority);
    priority = nonzero.length ? Math.max(0, Math.min(...nonzero) - 1) : 0;
  }
  if (rule.action === 'goto' && (rule.gotoPriority === undefined || rule.gotoPriority <= priority)) {
    throw extack('Backward goto not supported');
  }
  // fib_nl2rule: nla_get_port_range refuses port 0, 65535 and a reversed range; a uid range
  // must not be reversed.
  if (rule.sport && !portRangeValid(rule.sport)) throw extack('Invalid sport range');
  if (rule.dport && !portRangeValid(rule.dport)) throw extack('Invalid dport range');
  if (rule.uidrange && rule.uidrange.start > rule.uidrange.end) throw extack('Invalid uid range');
  const full: FibRule = fibRule({ ...rule, priority });
  let i = 0;
  while (i < rules.length && rules[i]!.priority <= priority) i++;
  rules.splice(i, 0, full);
  fibUnmerge(stack, ops);
  rtCacheFlush();
  return full;
}

/** `ip rule del`: the first rule matching every selector given. */
export function deleteRule(stack: Stack, sel: Partial<FibRule>, family: Family = AF_INET): void {
  const rules = rulesOpsOf(stack, family).rules;
  const i = rules.findIndex(
    (r) =>
      (sel.priority === undefined || r.priority === sel.priority) &&
      (sel.table === undefined || r.table === sel.table) &&
      (sel.fwmark === undefined || r.fwmark === sel.fwmark) &&
      (sel.from === undefined || (r.from?.addr === sel.from.addr && r.from?.len === sel.from.len)) &&
      (sel.to === undefined || (r.to?.addr === sel.to.addr && r.to?.len === sel.to.len)) &&
      (sel.iif === undefined || r.iif === sel.iif) &&
      (sel.oif === undefined || r.oif === sel.oif) &&
      (sel.ipproto === undefined || r.ipproto === sel.ipproto) &&
      (sel.sport === undefined || sameRange(r.sport, sel.sport)) &&
      (sel.dport === undefined || sameRange(r.dport, sel.dport)) &&
      (sel.uidrange === undefined || sameRange(r.uidrange, sel.uidrange)),
  );
  if (i < 0) throw new KernelError(Errno.ENOENT);
  rules.splice(i, 1);
  fibUnmerge(stack, rulesOpsOf(stack, family));
  rtCacheFlush();
}

/**
 * fib4_rule_configure and fib4_rule_delete: a rule added or deleted sets fib_has_custom_rules
 * and splits local from main (fib_unmerge), for good: lookups walk the rules from then on.
 */
function fibUnmerge(stack: Stack, ops: FibRulesOps): void {
  ops.custom = true;
  if (ops.family === AF_INET) stack.ipv4.fibTables.merged = false;
}
