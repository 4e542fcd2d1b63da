import { formatIp4, formatPrefix } from '../addr/ipv4';
import { getprotobynumber } from '../addr/protocols';
import type { FibResult } from './fib';
import { RT_TABLE_MAIN } from './fib';
import type { FibRule } from './fib_rules';
import type { Stack } from './stack';

/* Routes and rules as short `ip route` / `ip rule` lines, for the trace's "why". */

/** A table's name from rt_tables, else its number. */
export function tableName(stack: Stack | undefined, id: number): string {
  if (stack) for (const [name, n] of stack.rtTables) if (n === id && name !== 'unspec') return name;
  return `${id}`;
}

export function describeRoute(r: { fib?: FibResult }, stack?: Stack): string {
  const route = r.fib?.route;
  if (!route) return 'no route';
  const parts: string[] = [];
  if (route.type !== 'unicast') parts.push(route.type);
  parts.push(route.len === 0 ? 'default' : formatPrefix(route.dst, route.len));
  if (route.nexthops) {
    // As `ip route add` writes it: every nexthop, whichever this flow took.
    for (const nh of route.nexthops) parts.push(`nexthop${nh.gateway !== undefined ? ` via ${formatIp4(nh.gateway)}` : ''} dev ${nh.dev.name} weight ${nh.weight}${nh.onlink ? ' onlink' : ''}`);
  } else {
    if (route.gateway !== undefined) parts.push(`via ${formatIp4(route.gateway)}`);
    if (route.dev) parts.push(`dev ${route.dev.name}`);
  }
  if (route.table !== RT_TABLE_MAIN) parts.push(`table ${tableName(stack, route.table)}`);
  if (route.prefsrc) parts.push(`src ${formatIp4(route.prefsrc)}`);
  if (route.priority) parts.push(`metric ${route.priority}`);
  // As `ip route` prints the flag: the gateway is taken as on the link, whatever the device's prefixes.
  if (!route.nexthops && route.onlink) parts.push('onlink');
  return parts.join(' ');
}

/** "100: from all fwmark 0x1 lookup isp1" */
export function describeRule(rule: FibRule, stack?: Stack): string {
  const parts = [`${rule.priority}:`];
  if (rule.not) parts.push('not');
  parts.push(`from ${rule.from ? formatPrefix(rule.from.addr, rule.from.len) : 'all'}`);
  if (rule.to) parts.push(`to ${formatPrefix(rule.to.addr, rule.to.len)}`);
  if (rule.fwmark !== undefined) parts.push(`fwmark 0x${rule.fwmark.toString(16)}${rule.fwmask !== undefined && rule.fwmask !== 0xffffffff ? `/0x${rule.fwmask.toString(16)}` : ''}`);
  if (rule.iif) parts.push(`iif ${rule.iif}`);
  if (rule.oif) parts.push(`oif ${rule.oif}`);
  if (rule.uidrange) parts.push(`uidrange ${rule.uidrange.start}-${rule.uidrange.end}`);
  if (rule.ipproto) parts.push(`ipproto ${getprotobynumber(rule.ipproto) ?? `ipproto-${rule.ipproto}`}`);
  for (const [name, range] of [['sport', rule.sport], ['dport', rule.dport]] as const) {
    if (range) parts.push(`${name} ${range.start === range.end ? range.start : `${range.start}-${range.end}`}`);
  }
  parts.push(rule.action === 'lookup' ? `lookup ${tableName(stack, rule.table)}` : rule.action === 'goto' ? `goto ${rule.gotoPriority}` : rule.action);
  if (rule.suppressPrefixlen !== undefined) parts.push(`suppress_prefixlength ${rule.suppressPrefixlen}`);
  return parts.join(' ');
}
