/*
 * rt_genid (rt_genid_ipv4, rt_cache_flush): a generation number that every change able to alter
 * a route decision bumps, and that a kept route is checked against before it is used again
 * (rt_is_expired). The kernel keeps one per namespace and bumps it from the FIB, the rules, the
 * devices' events and devinet's sysctls. One for every namespace in the process is coarser and
 * as correct: a change anywhere retires every kept input route (route_input_cache.ts), and
 * bumping it for every sysctl write, device state, name or address is more than the kernel does.
 */

let genid = 0;

/** rt_cache_flush: every route kept before now is stale. */
export function rtCacheFlush(): void {
  genid++;
}

/** rt_genid_ipv4: compare with the value a kept route was made at. */
export function rtGenid(): number {
  return genid;
}
