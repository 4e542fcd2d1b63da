import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { available } from './ip_vs';

/*
 * ip_vs_rr.c: round robin. sched_data is the last destination chosen (the list head at
 * first), and each connection takes the next available one after it, wrapping round; the
 * list runs newest first, so the first connection goes to the real server added last.
 */

interface RrMark {
  last: IpVsDest | undefined;
}

export const ipVsRr: IpVsScheduler = {
  name: 'rr',
  initService(svc) {
    svc.schedData = { last: undefined } satisfies RrMark;
  },
  destChanged(svc, dest, change) {
    // ip_vs_rr_del_dest (called before the unlink): a mark on the leaving entry moves back to the one before it.
    const mark = svc.schedData as RrMark;
    if (change !== 'del' || mark.last !== dest) return;
    const i = svc.destinations.indexOf(dest);
    mark.last = i > 0 ? svc.destinations[i - 1] : undefined;
  },
  schedule(svc: IpVsService) {
    const mark = svc.schedData as RrMark;
    const list = svc.destinations;
    const start = mark.last ? list.indexOf(mark.last) + 1 : 0;
    for (let i = 0; i < list.length; i++) {
      const dest = list[(start + i) % list.length]!;
      if (available(dest)) {
        mark.last = dest;
        return dest;
      }
    }
    return undefined;
  },
};
