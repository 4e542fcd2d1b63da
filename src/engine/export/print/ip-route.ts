import { formatIp4, formatPrefix, inPrefix } from '../../addr/ipv4';
import type { IpGlobalOptions, IpRouteShow } from '../../command/types';
import { RT_SCOPE_HOST, RT_TABLE_DEFAULT, RT_TABLE_MAIN, type FibNh, type FibRoute } from '../../kernel/fib';
import { nhDead } from '../../kernel/fib_multipath';
import { NexthopExceptions } from '../../kernel/fnhe';
import type { Stack } from '../../kernel/stack';
import { Lines } from './lines';
import { fail, ok, routeProtoName, scopeName, tableId, tableName, type Printed } from './common';

/*
 * `ip route show` as iproute2 6.1 prints it (ip/iproute.c print_route): every line ends with
 * a space; the type is printed unless unicast, `table` unless main (and never when one table
 * was asked for), `proto` unless boot, `scope` unless global, and a selector given on the
 * command line hides the field it selects on (`dev`, `proto`, `scope`, a /32 `via` or `src`).
 */

export interface RouteLineOptions {
  /** Print `table T` for tables other than main. */
  showTable: boolean;
  hideDev?: boolean;
  hideProto?: boolean;
  hideScope?: boolean;
  hideVia?: boolean;
  hideSrc?: boolean;
  /** `ip -d`: the type (unicast too), `proto` and `scope` on every route. */
  details?: boolean;
}

/** RTNH_F_LINKDOWN: the nexthop's device has no carrier (host-scope routes never carry it). */
function linkdown(r: FibRoute): boolean {
  return r.dev !== undefined && !r.dev.loopback && r.dev.up && !r.dev.carrier && r.scope !== RT_SCOPE_HOST;
}

/** print_rta_multipath: one `nexthop` line per nexthop, flags in print_rt_flags' order. */
function nexthopLines(nexthops: readonly FibNh[]): string {
  return nexthops
    .map((nh) => {
      const parts = ['\tnexthop'];
      if (nh.gateway !== undefined) parts.push(`via ${formatIp4(nh.gateway)}`);
      parts.push(`dev ${nh.dev.name}`, `weight ${nh.weight}`);
      // fib_sync_down_dev marks a dead nexthop RTNH_F_DEAD and RTNH_F_LINKDOWN.
      const dead = nhDead(nh);
      if (dead) parts.push('dead');
      if (nh.onlink) parts.push('onlink');
      if (dead || !nh.dev.carrier) parts.push('linkdown');
      return `${parts.join(' ')} \n`;
    })
    .join('');
}

export function routeLine(stack: Stack, r: FibRoute, o: RouteLineOptions): string {
  if (r.nexthops) {
    const { nexthops, ...first } = r;
    const head = routeLine(stack, { ...first, gateway: undefined, dev: undefined, onlink: false }, o);
    return head + nexthopLines(nexthops);
  }
  // Built as one string, a field at a time: a 100,000-route table prints every line of it.
  let line = r.type !== 'unicast' || o.details ? `${r.type} ` : '';
  line += r.len === 0 ? 'default' : formatPrefix(r.dst, r.len);
  if (r.tos) line += ` tos 0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.gateway !== undefined && !o.hideVia) line += ` via ${formatIp4(r.gateway)}`;
  if (r.dev && !o.hideDev) line += ` dev ${r.dev.name}`;
  if (o.showTable && r.table !== RT_TABLE_MAIN) line += ` table ${tableName(stack, r.table)}`;
  if ((r.protocol !== 3 || o.details) && !o.hideProto) line += ` proto ${routeProtoName(r.protocol)}`;
  if ((r.scope !== 0 || o.details) && !o.hideScope) line += ` scope ${scopeName(r.scope)}`;
  if (r.prefsrc !== undefined && !o.hideSrc) line += ` src ${formatIp4(r.prefsrc)}`;
  if (r.priority) line += ` metric ${r.priority}`;
  if (r.onlink) line += ' onlink';
  if (linkdown(r)) line += ' linkdown';
  return `${line} \n`;
}

/** The order `ip route show table all` dumps tables in: the kernel's hash of table ids (id & 255), newest first in a bucket. */
export function tablesInDumpOrder(stack: Stack): number[] {
  const ids = [...stack.ipv4.fibTables.keys()];
  return ids
    .map((id, created) => ({ id, created }))
    .sort((a, b) => (a.id & 255) - (b.id & 255) || b.created - a.created)
    .map((t) => t.id);
}

export function printIpRouteShow(stack: Stack, c: IpRouteShow & { ipOptions?: IpGlobalOptions }): Printed {
  // The route cache holds only next-hop exceptions (from ICMP redirects) since Linux 3.6.
  if (c.table === 'cache') {
    const now = stack.env.now();
    return ok(stack.fnhe.all().map((e) => `${formatIp4(e.daddr)} via ${formatIp4(e.gateway)} dev ${e.dev?.name ?? '?'} \n${NexthopExceptions.cacheLine(e, now)}`).join(''));
  }
  let tables: number[];
  if (c.table === undefined) tables = [RT_TABLE_MAIN];
  else if (c.table === 'all') tables = tablesInDumpOrder(stack);
  else {
    const id = tableId(stack, c.table);
    if (id === undefined) return fail(`${c.table.kind === 'name' ? c.table.unknownError : ''}\n`, 255);
    const t = stack.ipv4.fibTables.get(id);
    // The kernel creates table default (253) only when a route goes in; the model has it from the start.
    if (!t || (id === RT_TABLE_DEFAULT && t.size === 0)) return fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2);
    tables = [id];
  }
  let dev: FibRoute['dev'];
  if (c.dev) {
    dev = stack.byName.get(c.dev.text);
    if (!dev) return fail(`Cannot find device "${c.dev.text}"`, 1);
  }
  const opts: RouteLineOptions = {
    details: c.ipOptions?.details ?? false,
    showTable: c.table === 'all',
    hideDev: dev !== undefined,
    hideProto: c.protocol !== undefined,
    hideScope: c.scope !== undefined,
    hideVia: c.via?.len === 32,
    hideSrc: c.src?.len === 32,
  };
  // A selector not given selects every route: tested once, not per route.
  const { root, match, exact, via, src } = c;
  const out = new Lines();
  for (const id of tables) {
    for (const r of stack.ipv4.fibTables.get(id)?.all() ?? []) {
      // A multipath route has no RTA_OIF or RTA_GATEWAY of its own: dev and via never select it.
      if (dev && (r.nexthops || r.dev !== dev)) continue;
      if (c.protocol !== undefined && r.protocol !== c.protocol) continue;
      if (c.scope !== undefined && r.scope !== c.scope) continue;
      if (c.type !== undefined && r.type !== c.type) continue;
      if (root && !(r.len >= root.len && inPrefix(r.dst, root.addr, root.len))) continue;
      if (match && !(r.len <= match.len && inPrefix(match.addr, r.dst, r.len))) continue;
      if (exact && !(r.len === exact.len && r.dst === exact.addr)) continue;
      if (via && !(!r.nexthops && r.gateway !== undefined && inPrefix(r.gateway, via.addr, via.len))) continue;
      if (src && !(r.prefsrc !== undefined && inPrefix(r.prefsrc, src.addr, src.len))) continue;
      out.add(routeLine(stack, r, opts));
    }
  }
  return ok(out.text());
}
