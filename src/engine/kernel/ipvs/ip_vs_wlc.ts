import type { IpVsScheduler } from './ip_vs';
import { available, connOverhead, IP_VS_DEST_F_OVERLOAD } from './ip_vs';

/*
 * ip_vs_wlc.c: weighted least connections, the least overhead/weight compared as
 * loh × weight(dest) > doh × weight(least); the first available destination is the start.
 */

export const ipVsWlc: IpVsScheduler = {
  name: 'wlc',
  schedule(svc) {
    const list = svc.destinations;
    const first = list.findIndex(available);
    if (first < 0) return undefined;
    let least = list[first]!;
    let loh = connOverhead(least);
    for (const dest of list.slice(first + 1)) {
      if (dest.flags & IP_VS_DEST_F_OVERLOAD) continue;
      const doh = connOverhead(dest);
      if (loh * dest.weight > doh * least.weight) {
        least = dest;
        loh = doh;
      }
    }
    return least;
  },
};
