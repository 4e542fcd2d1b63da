import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { IP_VS_DEST_F_OVERLOAD } from './ip_vs';

/*
 * ip_vs_sh.c: source hashing. 256 buckets are dealt out over the destinations in list order,
 * each destination taking as many consecutive buckets as its weight (ip_vs_sh_reassign); a
 * client's address picks its bucket with hash_32, so a client always reaches the same server
 * while the list stands. An unavailable server (weight 0, overloaded) means no destination
 * (the sh-fallback and sh-port flags are not modelled).
 */

const IP_VS_SH_TAB_BITS = 8;
const IP_VS_SH_TAB_SIZE = 1 << IP_VS_SH_TAB_BITS;

/** hash_32 (include/linux/hash.h): multiply by GOLDEN_RATIO_32, keep the top bits. */
export const hash32 = (val: number, bits: number) => (Math.imul(val >>> 0, 0x61c88647) >>> 0) >>> (32 - bits);

interface ShState {
  buckets: (IpVsDest | undefined)[];
}

function reassign(svc: IpVsService): void {
  const list = svc.destinations;
  const buckets: (IpVsDest | undefined)[] = [];
  let p = 0;
  let count = 0;
  for (let i = 0; i < IP_VS_SH_TAB_SIZE; i++) {
    if (list.length === 0) {
      buckets.push(undefined);
      continue;
    }
    const dest = list[p % list.length]!;
    buckets.push(dest);
    // The next destination only once this one has filled its weight in buckets.
    if (++count >= dest.weight) {
      p = (p + 1) % list.length;
      count = 0;
    }
  }
  svc.schedData = { buckets } satisfies ShState;
}

export const ipVsSh: IpVsScheduler = {
  name: 'sh',
  initService: reassign,
  destChanged: (svc) => reassign(svc),
  schedule(svc, iph) {
    const dest = (svc.schedData as ShState).buckets[hash32(iph.saddr, IP_VS_SH_TAB_BITS)];
    return !dest || dest.weight <= 0 || dest.flags & IP_VS_DEST_F_OVERLOAD ? undefined : dest;
  },
};
