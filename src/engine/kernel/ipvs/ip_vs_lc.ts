import type { IpVsDest, IpVsScheduler } from './ip_vs';
import { available, connOverhead } from './ip_vs';

/* ip_vs_lc.c: least connections, by overhead (active × 256 + inactive); the first of equals wins. */

export const ipVsLc: IpVsScheduler = {
  name: 'lc',
  schedule(svc) {
    let least: IpVsDest | undefined;
    let loh = 0;
    for (const dest of svc.destinations) {
      if (!available(dest)) continue;
      const doh = connOverhead(dest);
      if (!least || doh < loh) {
        least = dest;
        loh = doh;
      }
    }
    return least;
  },
};
