import { rtCacheFlush } from './rt_genid';
import { formatIp4, formatPrefix } from '../addr/ipv4';
import { getprotobynumber } from '../addr/protocols';
import type { FibResult, FibRoute } from './fib';
import { RT_TABLE_MAIN } from './fib';
import type { FibRule } from './fib_rules';
import type { Stack } from './stack';

/* Routes and rules as short `ip route` / `ip rule` lines, for the trace's "why". */

/** A table's name from rt_tables, else its number. */
export function tableName(stack: Stack | undefined, id: number): string {
  if (stack) for (const [name, n] of stack.rtTables) if (n === id && name !== 'unspec') return name;
  return `${id}`;
}

/*
 * A forwarding box describes the same route and rule for every packet: each line is kept with
 * what it was made from that can change (a route is immutable, but its device may be renamed
 * and rt_tables may name its table), so the trace stores one string per route instead of a new
 * one per event, and recording costs little more than simulating.
 */
interface KeptLine {
  readonly line: string;
  /** The route's device's name when the line was made. */
  readonly dev?: string;
  /** The rt_tables its table names came from, and that file's version then. */
  readonly tables: ReadonlyMap<string, number> | undefined;
  readonly version: number;
  /** The facts object last made with this route's line (shared by every event that names the same route and rule), and its rule. */
  facts?: Readonly<Record<string, string>>;
  factsRule?: FibRule;
}
const routeLines = new WeakMap<FibRoute, KeptLine>();
const ruleLines = new WeakMap<FibRule, KeptLine>();

/** rt_tables' version: a write to any box's rt_tables (netlink/files.ts) makes every kept line again. */
let rtTablesVersion = 0;
export function rtTablesChanged(): void {
  rtTablesVersion++;
  // A kept input route's trace facts name tables as rt_tables did.
  rtCacheFlush();
}

export function describeRoute(r: { fib?: FibResult }, stack?: Stack): string {
  const route = r.fib?.route;
  if (!route) return 'no route';
  return routeLine(route, stack)?.line ?? formatRoute(route, stack);
}

/** The kept line of a single-nexthop route, made again when its device's name or rt_tables changed. */
function routeLine(route: FibRoute, stack: Stack | undefined): KeptLine | undefined {
  // A multipath route names several devices: described afresh (rare, and not worth a cache key).
  if (route.nexthops) return undefined;
  const dev = route.dev?.name;
  const kept = routeLines.get(route);
  if (kept && kept.dev === dev && kept.tables === stack?.rtTables && kept.version === rtTablesVersion) return kept;
  const made: KeptLine = { line: formatRoute(route, stack), dev, tables: stack?.rtTables, version: rtTablesVersion };
  routeLines.set(route, made);
  return made;
}

/**
 * The trace's facts for a route lookup: the route's line (`no route` when none) and the rule
 * that chose its table. One object per route and rule, shared by the events: never mutate it.
 */
export function routeLookupFacts(r: { fib?: FibResult; rule?: FibRule }, stack?: Stack): Readonly<Record<string, string>> {
  const kept = r.fib ? routeLine(r.fib.route, stack) : undefined;
  // A kept line is as fresh as rt_tables (routeLine checked), and a rule's line depends on nothing else.
  if (kept?.facts && kept.factsRule === r.rule) return kept.facts;
  const rule = r.rule ? describeRule(r.rule, stack) : undefined;
  const facts: Record<string, string> = rule === undefined ? { route: describeRoute(r, stack) } : { route: describeRoute(r, stack), rule };
  if (kept) {
    kept.facts = facts;
    kept.factsRule = r.rule;
  }
  return facts;
}

function formatRoute(route: FibRoute, stack: Stack | undefined): string {
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
  const kept = ruleLines.get(rule);
  if (kept && kept.tables === stack?.rtTables && kept.version === rtTablesVersion) return kept.line;
  const line = formatRule(rule, stack);
  ruleLines.set(rule, { line, tables: stack?.rtTables, version: rtTablesVersion });
  return line;
}

function formatRule(rule: FibRule, stack: Stack | undefined): string {
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
