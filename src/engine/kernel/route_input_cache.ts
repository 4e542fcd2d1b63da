import type { Ip4 } from '../addr/ipv4';
import type { NetDevice } from './netdevice';
import { routeInput, type FlowKeys, type InputResult } from './route';
import { rtGenid } from './rt_genid';
import type { Stack } from './stack';

/*
 * The input route a device made last, used again for the next packet with the same keys while
 * nothing that decides routes has changed (rt_genid). Packets of one flow arrive back to back,
 * so this answers most of a router's lookups; Linux before 3.6 kept such routes in its route
 * cache (ip_route_input_common looked there first, by daddr, saddr, iif, tos and mark, and
 * rt_is_expired checked the genid). Invisible here: the answer is the one routeInput gives.
 * Only plain answers are kept: a multipath route hashes each packet, and a route exception
 * (an accepted redirect) can expire with time.
 */

export interface KeptInputRoute {
  readonly genid: number;
  readonly src: Ip4;
  readonly dst: Ip4;
  readonly tos: number;
  readonly mark: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  readonly stack: Stack;
  readonly result: InputResult;
}

/**
 * Under the unit tests (Vitest's mode) every answer taken from the cache is checked against a
 * fresh lookup, so a test fails where the cache went stale. Vite builds replace the mode with
 * "production"; the CLI's bundle and the bench have no `import.meta.env` at all.
 */
export const routeInputCacheChecks = { verify: import.meta.env?.MODE === 'test', hits: 0 };

/** routeInput for a received packet, answered from the device's last route when that still holds. */
export function routeInputCached(stack: Stack, src: Ip4, dst: Ip4, tos: number, mark: number, dev: NetDevice, keys: FlowKeys): InputResult {
  const k = dev.rxRoute;
  if (k !== undefined && k.genid === rtGenid() && k.dst === dst && k.src === src && k.tos === tos && k.mark === mark && k.proto === keys.proto && k.sport === keys.sport && k.dport === keys.dport && k.stack === stack && stack.fnhe.empty) {
    routeInputCacheChecks.hits++;
    if (routeInputCacheChecks.verify) verify(k.result, routeInput(stack, src, dst, tos, mark, dev, keys));
    return k.result;
  }
  const genid = rtGenid();
  const result = routeInput(stack, src, dst, tos, mark, dev, keys);
  if (result.ok && result.type !== 'broadcast' && !result.redirected && !result.fib?.route.nexthops && genid === rtGenid()) {
    // A new record on a miss (once per flow and direction): nothing else holds the old one.
    dev.rxRoute = { genid, src, dst, tos, mark, proto: keys.proto, sport: keys.sport, dport: keys.dport, stack, result };
  }
  return result;
}

function verify(cached: InputResult, fresh: InputResult): void {
  const a = cached as unknown as Record<string, unknown>;
  const b = fresh as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    // The trace's facts are made on first use, from the route itself.
    if (key === 'traceFacts' || key === 'traceReason') continue;
    if (a[key] !== b[key]) throw new Error(`input route cache is stale: ${key} was ${String(a[key])}, a fresh lookup says ${String(b[key])}`);
  }
}
