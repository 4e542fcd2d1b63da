import { rtCacheFlush } from './rt_genid';
import { broadcastOf, inPrefix, networkOf, type Ip4 } from '../addr/ipv4';
import { Errno, KernelError } from './errors';
import { insertedAt } from './exact';
import { RTPROT_BOOT, RTPROT_KERNEL, RT_SCOPE_HOST, RT_SCOPE_LINK, RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibRoute, type RouteType } from './fib';
import { nhDead } from './fib_multipath';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/** An IPv4 address on an interface (struct in_ifaddr). */
export interface InAddr {
  readonly local: Ip4;
  /** ifa_address when it differs from ifa_local: the peer of a point-to-point address (`peer P/N`). */
  readonly peer?: Ip4;
  readonly prefixLen: number;
  readonly broadcast?: Ip4;
  readonly scope: number;
  readonly secondary: boolean;
  label: string;
  /** IFA_F_NOPREFIXROUTE (`ip addr add … noprefixroute`): fib_add_ifaddr adds no subnet route. */
  readonly noprefixroute?: boolean;
}

export { RTPROT_BOOT, RTPROT_KERNEL };

/** ifa_address: the peer of a point-to-point address, else the local address. */
export function ifaAddress(ifa: Pick<InAddr, 'local' | 'peer'>): Ip4 {
  return ifa.peer ?? ifa.local;
}

/** inet_ifa_match: `addr` is in the address's subnet, which a peer address's peer prefix defines. */
export function ifaMatch(addr: Ip4, ifa: Pick<InAddr, 'local' | 'peer' | 'prefixLen'>): boolean {
  return inPrefix(addr, ifaAddress(ifa), ifa.prefixLen);
}

/**
 * `ip addr add` (inet_rtm_newaddr → __inet_insert_ifa, then fib_add_ifaddr). An address in the
 * subnet of an existing primary with the same prefix length becomes a secondary.
 */
export function addAddress(stack: Stack, dev: NetDevice, a: Omit<InAddr, 'secondary'>): InAddr {
  if (dev.master) {
    // The address works on a bridge port's stack too, but a switch port has no IP on Linux.
  }
  // __inet_insert_ifa: an address of the same subnet (by ifa_address, so a point-to-point
  // address with another peer is not) is a duplicate when its local address is the same, else
  // the new one becomes a secondary.
  let secondary = false;
  for (const existing of dev.addrs) {
    if (existing.prefixLen !== a.prefixLen || !ifaMatch(ifaAddress(existing), a)) continue;
    if (existing.local === a.local) throw new KernelError(Errno.EEXIST, 'ipv4: Address already assigned');
    secondary = true;
  }
  // Every address in one object shape: a spread copied its caller's, and each address of a
  // namespace ended up with a hidden class of its own (a kilobyte a namespace, with the old ones).
  const ifa: InAddr = { local: a.local, peer: a.peer, prefixLen: a.prefixLen, broadcast: a.broadcast, scope: a.scope, secondary, label: a.label, noprefixroute: a.noprefixroute };
  // Secondaries go last; new primaries after the last primary whose scope is at least as narrow as theirs.
  let at = dev.addrs.length;
  if (!secondary) {
    at = 0;
    for (let i = 0; i < dev.addrs.length; i++) {
      const e = dev.addrs[i]!;
      if (!e.secondary && ifa.scope <= e.scope) at = i + 1;
    }
  }
  dev.addrs = insertedAt(dev.addrs, at, ifa);
  rtCacheFlush();
  addIfaddrRoutes(stack, dev, ifa);
  return ifa;
}

/** The primary that a (possibly secondary) address hangs off: its routes' preferred source. */
function primaryOf(dev: NetDevice, ifa: InAddr): InAddr {
  if (!ifa.secondary) return ifa;
  return dev.addrs.find((p) => !p.secondary && p.prefixLen === ifa.prefixLen && ifaMatch(ifaAddress(ifa), p)) ?? ifa;
}

function kernelRoute(dev: NetDevice, type: RouteType, dst: Ip4, len: number, prefsrc: Ip4, table: number): FibRoute {
  return {
    table,
    dst,
    len,
    type,
    tos: 0,
    priority: 0,
    scope: type === 'local' ? RT_SCOPE_HOST : RT_SCOPE_LINK,
    protocol: RTPROT_KERNEL,
    prefsrc,
    dev,
    onlink: false,
    nhScope: RT_SCOPE_HOST,
  };
}

/** fib_add_ifaddr: the local route always, broadcast and prefix routes once the device is up. */
export function addIfaddrRoutes(stack: Stack, dev: NetDevice, ifa: InAddr): void {
  const prim = primaryOf(dev, ifa);
  stack.fibInsert(kernelRoute(dev, 'local', ifa.local, 32, prim.local, RT_TABLE_LOCAL));
  if (!dev.up) return;
  if (ifa.broadcast !== undefined && ifa.broadcast !== 0xffffffff) {
    stack.fibInsert(kernelRoute(dev, 'broadcast', ifa.broadcast, 32, prim.local, RT_TABLE_LOCAL));
  }
  // The prefix route is the peer's (ifa_address & mask): `10.0.0.1 peer 10.0.0.2/32` gives
  // "10.0.0.2 dev D proto kernel scope link src 10.0.0.1".
  const prefix = networkOf(ifaAddress(ifa), ifa.prefixLen);
  if (prefix !== 0 && !ifa.secondary && (prefix !== ifa.local || ifa.prefixLen < 32)) {
    const type: RouteType = dev.loopback ? 'local' : 'unicast';
    if (!ifa.noprefixroute) stack.fibInsert(kernelRoute(dev, type, prefix, ifa.prefixLen, prim.local, type === 'local' ? RT_TABLE_LOCAL : RT_TABLE_MAIN));
    if (ifa.prefixLen < 31) {
      const bcast = broadcastOf(ifaAddress(ifa), ifa.prefixLen);
      if (ifa.broadcast !== bcast) stack.fibInsert(kernelRoute(dev, 'broadcast', bcast, 32, prim.local, RT_TABLE_LOCAL));
    }
  }
}

/**
 * `ip addr del`: removes the address and the kernel routes it made (fib_del_ifaddr, simplified).
 * With an IFA_ADDRESS (`peer`, or the local address when a prefix length is given) only the
 * address of that subnet matches (inet_rtm_deladdr).
 */
export function delAddress(stack: Stack, dev: NetDevice, local: Ip4, prefixLen?: number, address?: Ip4): void {
  const i = dev.addrs.findIndex((a) => a.local === local && (prefixLen === undefined || (a.prefixLen === prefixLen && (address === undefined || ifaMatch(address, a)))));
  if (i < 0) throw new KernelError(Errno.EADDRNOTAVAIL, 'ipv4: Address not found');
  const [ifa] = dev.addrs.splice(i, 1);
  rtCacheFlush();
  if (!ifa!.secondary) {
    // Deleting a primary also deletes its secondaries (promote_secondaries is off by default).
    for (let j = dev.addrs.length - 1; j >= 0; j--) {
      const s = dev.addrs[j]!;
      if (s.secondary && s.prefixLen === ifa!.prefixLen && ifaMatch(ifaAddress(s), ifa!)) dev.addrs.splice(j, 1);
    }
  }
  rebuildKernelRoutes(stack, dev);
  // The last address gone disables IP on the device (fib_inetaddr_event → fib_disable_ip): every
  // route through it goes, as when it goes down.
  // A multipath route only loses that nexthop (RTNH_F_DEAD), unless every nexthop is dead.
  if (!dev.addrs.length) stack.fibFlush((r) => (r.nexthops ? r.nexthops.every(nhDead) : r.dev === dev) && r.scope !== RT_SCOPE_HOST);
}

/** Drops every kernel-made route of a device and makes them again from its addresses. */
export function rebuildKernelRoutes(stack: Stack, dev: NetDevice): void {
  stack.fibFlush((r) => r.dev === dev && r.protocol === RTPROT_KERNEL);
  for (const ifa of dev.addrs) addIfaddrRoutes(stack, dev, ifa);
}

/**
 * inet_select_addr: the first primary of `dev` in the subnet of `dst` (or any eligible one),
 * else the first primary of another device, lo first, whose scope fits and is not link scope.
 */
export function inetSelectAddr(stack: Stack, dev: NetDevice | undefined, dst: Ip4, scope: number): Ip4 {
  let addr = 0;
  if (dev) {
    const localnetScope = stack.sysctl.orConf(dev.name, 'route_localnet') ? RT_SCOPE_LINK : RT_SCOPE_HOST;
    for (const ifa of dev.addrs) {
      if (ifa.secondary) continue;
      if (Math.min(ifa.scope, localnetScope) > scope) continue;
      if (!dst || ifaMatch(dst, ifa)) return ifa.local;
      if (!addr) addr = ifa.local;
    }
  }
  if (addr) return addr;
  for (const other of stack.devices) {
    for (const ifa of other.addrs) {
      if (!ifa.secondary && ifa.scope !== RT_SCOPE_LINK && ifa.scope <= scope) return ifa.local;
    }
  }
  return 0;
}

/** inet_confirm_addr-style check: is `ip` one of this box's addresses (__ip_dev_find)? */
export function isLocalAddress(stack: Stack, ip: Ip4): boolean {
  return stack.addressOwner(ip) !== undefined;
}

/** inetdev_event(NETDEV_UP) on a loopback: it gets 127.0.0.1/8 if it has not got it. */
export function loopbackUp(net: Stack, dev: NetDevice): void {
  if (!dev.loopback || dev.addrs.some((a) => a.local === 0x7f000001)) return;
  addAddress(net, dev, { local: 0x7f000001, prefixLen: 8, scope: RT_SCOPE_HOST, label: dev.name });
}
