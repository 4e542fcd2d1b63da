import { inPrefix } from '../addr/ipv4';
import type { ConntrackCommand, IpAddrFlush, IpNeighFlush, IpRouteFlush } from '../command/types';
import { neighEntries } from '../kernel/neighbour';
import type { NetDevice } from '../kernel/netdevice';
import { STRERROR } from '../kernel/errors';
import { ctnlDelete } from '../kernel/netfilter/nf_conntrack_netlink';
import type { FibRoute } from '../kernel/fib';
import { rtmDelAddr, rtmDelNeigh, rtmDelRoute } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, resolveTable, rtnlTalk, type Output } from './libnetlink';

/*
 * The flush commands: iproute2 dumps what matches its selectors and deletes each entry
 * (ipaddress.c, iproute.c, ipneigh.c flush), conntrack asks ctnetlink to empty the table.
 * All print nothing on success but conntrack, which reports on stderr.
 */

const NONE: Output = { stdout: '', stderr: '' };

function devices(stack: Stack): NetDevice[] {
  return [...stack.byName.values()];
}

/** `ip addr flush dev DEV [scope S] [label L] [to PREFIX]`. */
export function ipAddrFlush(stack: Stack, c: IpAddrFlush): Output {
  let devs = devices(stack);
  if (c.dev) {
    const dev = stack.byName.get(c.dev.text);
    // ipaddress.c looks the name up itself (ll_name_to_index), with its own wording.
    if (!dev) throw new CommandFailure(`Device "${c.dev.text}" does not exist.`, 1, c.dev.column);
    devs = [dev];
  }
  for (const dev of devs) {
    const victims = dev.addrs.filter(
      (a) => (c.scope === undefined || a.scope === c.scope) && (c.label === undefined || a.label === c.label) && (!c.prefix || (a.prefixLen >= c.prefix.len && inPrefix(a.local, c.prefix.addr, c.prefix.len))),
    );
    // Deleting a primary takes its secondaries with it: those are gone by their turn.
    // Each RTM_DELADDR names the dumped address's IFA_ADDRESS: a point-to-point address by its peer.
    for (const a of victims) if (dev.addrs.includes(a)) rtnlTalk(rtmDelAddr(stack, { ifindex: dev.ifindex, local: a.local, prefixLen: a.prefixLen, address: a.peer ?? a.local }));
  }
  return NONE;
}

/** `ip route flush [table T|all|cache] SELECTORS`: main by default. */
export function ipRouteFlush(stack: Stack, c: IpRouteFlush): Output {
  if (c.table === 'cache') {
    stack.fnhe.flush();
    return NONE;
  }
  const dev = c.dev ? device(stack, c.dev) : undefined;
  const tables = c.table === 'all' ? [...stack.ipv4.fibTables.keys()] : [c.table ? resolveTable(stack, c.table, 255) : 254];
  // The dump of a table the kernel has not made fails (the model has table default from the start).
  const missing = tables.find((id) => c.table !== 'all' && (!stack.ipv4.fibTables.get(id) || (id === 253 && stack.ipv4.fibTables.get(id)!.size === 0)));
  if (missing !== undefined) throw new CommandFailure('Error: ipv4: FIB table does not exist.\nFlush terminated', 2);
  // A multipath route has no RTA_OIF or RTA_GATEWAY of its own: dev and via never select it.
  const selected = (r: FibRoute) =>
    (!dev || (!r.nexthops && r.dev === dev)) &&
    (c.protocol === undefined || r.protocol === c.protocol) &&
    (c.scope === undefined || r.scope === c.scope) &&
    (c.type === undefined || r.type === c.type) &&
    (!c.root || (r.len >= c.root.len && inPrefix(r.dst, c.root.addr, c.root.len))) &&
    (!c.match || (r.len <= c.match.len && inPrefix(c.match.addr, r.dst, r.len))) &&
    (!c.exact || (r.len === c.exact.len && r.dst === c.exact.addr)) &&
    (!c.via || (!r.nexthops && r.gateway !== undefined && inPrefix(r.gateway, c.via.addr, c.via.len))) &&
    (!c.src || (r.prefsrc !== undefined && inPrefix(r.prefsrc, c.src.addr, c.src.len)));
  // The dump first, then one RTM_DELROUTE per route it selected, each sent back as dumped.
  const victims = tables.flatMap((id) => stack.ipv4.fibTables.get(id)?.all().filter(selected) ?? []);
  for (const r of victims) {
    rtnlTalk(rtmDelRoute(stack, {
      type: r.type, dst: r.dst, len: r.len, table: r.table, tos: r.tos, metric: r.priority, scope: r.scope, protocol: r.protocol,
      ...(r.gateway !== undefined ? { gateway: r.gateway } : {}),
      ...(r.dev ? { oif: r.dev.ifindex } : {}),
      ...(r.prefsrc !== undefined ? { prefsrc: r.prefsrc } : {}),
    }));
  }
  return NONE;
}

/** `ip neigh flush`: by default every entry but PERMANENT and NOARP ones (`nud all`: those too). */
export function ipNeighFlush(stack: Stack, c: IpNeighFlush): Output {
  const dev = c.dev ? device(stack, c.dev) : undefined;
  const wanted = (state: string) => (c.nud === undefined ? state !== 'PERMANENT' && state !== 'NOARP' : c.nud === 'all' || state === c.nud.toUpperCase());
  for (const n of neighEntries(stack)) {
    if (dev && n.dev !== dev) continue;
    if (c.prefix && !inPrefix(n.ip, c.prefix.addr, c.prefix.len)) continue;
    if (wanted(n.state)) rtnlTalk(rtmDelNeigh(stack, { ifindex: n.dev.ifindex, dst: n.ip }));
  }
  return NONE;
}

/** `conntrack -F [conntrack|expect]` (conntrack-tools 1.4.7 prints this on stderr). */
export function conntrackFlush(stack: Stack, c: ConntrackCommand): Output {
  const subsys = c.table === 'expect' ? 'expect' : 'conntrack';
  const errno = ctnlDelete(stack, { subsys });
  if (errno) throw new CommandFailure(`conntrack v1.4.7 (conntrack-tools): Operation failed: ${STRERROR[errno] ?? `errno ${errno}`}`, 1);
  const emptied = subsys === 'expect' ? 'expectation table' : 'connection tracking table';
  return { stdout: '', stderr: `conntrack v1.4.7 (conntrack-tools): ${emptied} has been emptied.\n` };
}
