import type { Ip4 } from '../addr/ipv4';
import type { FibNh, FibRoute } from './fib';
import { NEIGH_ARP_TABLE, nudValid } from './neighbour';
import type { Stack } from './stack';

/*
 * Multipath routes (net/ipv4/fib_semantics.c fib_rebalance, fib_select_multipath, fib_good_nh;
 * route.c fib_multipath_hash). Each flow is hashed to 31 bits; every live nexthop owns the
 * hashes up to its upper bound, weight-proportional shares of 2^31 in nexthop order.
 *
 * The kernel's hash is a siphash keyed by a seed it draws at random for each namespace
 * (net.ipv4.fib_multipath_hash_seed 0), so which nexthop a given flow takes differs from one
 * boot to the next. The model keeps the same shape with its own seeded hash: flows spread by
 * weight and stay on one nexthop, but not on the nexthop a given kernel picks. Recorded
 * comparisons therefore only use outcomes that do not depend on the seed (one nexthop dead).
 */

/** The transport keys fib_multipath_hash reads under policy 1. */
export interface MultipathKeys {
  src: Ip4;
  dst: Ip4;
  proto: number;
  sport: number;
  dport: number;
}

/** A 32-bit integer mix (murmur3's finaliser), standing in for the kernel's keyed siphash. */
function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * fib_multipath_hash: policy 0 hashes the addresses (L3), 1 adds the protocol and ports (L4);
 * 2 and 3 (inner headers, custom fields) fall back to L3 here, as they do for a packet with
 * no encapsulation. The result has 31 bits (mhash >> 1).
 */
export function fibMultipathHash(stack: Stack, k: MultipathKeys): number {
  const policy = stack.sysctl.global['net.ipv4.fib_multipath_hash_policy'];
  let h = mix(stack.multipathSeed, k.src);
  h = mix(h, k.dst);
  if (policy === 1) {
    h = mix(h, k.proto);
    h = mix(h, ((k.sport & 0xffff) << 16) | (k.dport & 0xffff));
  }
  return h >>> 1;
}

/**
 * RTNH_F_DEAD: the nexthop's device went down, or lost its last IPv4 address (fib_disable_ip
 * → fib_sync_down_dev); fib_sync_up revives it when the device is up with an address again.
 */
export function nhDead(nh: FibNh): boolean {
  return !nh.dev.up || nh.dev.addrs.length === 0;
}

/** fib_good_nh: a gateway whose neighbour entry exists but is not valid (failed, incomplete) is avoided. */
function goodNh(stack: Stack, nh: FibNh): boolean {
  if (nh.gateway === undefined) return true;
  const n = stack.neighTables[NEIGH_ARP_TABLE]?.lookup(nh.dev, nh.gateway);
  return !n || nudValid(n.state);
}

/** fib_rebalance: each live nexthop's upper bound, DIV_ROUND_CLOSEST(w << 31, total) - 1; -1 when dead. */
export function upperBounds(nexthops: readonly FibNh[]): number[] {
  const total = nexthops.reduce((t, nh) => t + (nhDead(nh) ? 0 : nh.weight), 0);
  let w = 0;
  return nexthops.map((nh) => {
    if (nhDead(nh)) return -1;
    w += nh.weight;
    return Math.floor((w * 2 ** 31 + total / 2) / total) - 1;
  });
}

/**
 * fib_select_multipath: the first nexthop whose upper bound covers the hash; with
 * fib_multipath_use_neigh, nexthops whose neighbour is not valid are passed over (the first
 * good one is kept in case no bound covers the hash).
 */
export function fibSelectMultipath(stack: Stack, route: FibRoute, hash: number): FibNh {
  const nexthops = route.nexthops!;
  const useNeigh = stack.sysctl.global['net.ipv4.fib_multipath_use_neigh'] !== 0;
  const bounds = upperBounds(nexthops);
  let chosen: FibNh | undefined;
  for (let i = 0; i < nexthops.length; i++) {
    const nh = nexthops[i]!;
    if (useNeigh) {
      if (!goodNh(stack, nh)) continue;
      chosen ??= nh;
    }
    if (hash > bounds[i]!) continue;
    return nh;
  }
  return chosen ?? nexthops[0]!;
}
