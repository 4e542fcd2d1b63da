import type { IpVsDest, IpVsScheduler } from './ip_vs';
import { IP_VS_DEST_F_OVERLOAD } from './ip_vs';

/*
 * ip_vs_wrr.c: interleaved weighted round robin. The mark keeps the current list position
 * (cl, -1 for the list head), the current weight (cw), the largest weight less the gcd's excess
 * (mw) and the gcd of the weights (di); each pass over the list takes the destinations whose
 * weight reaches cw, and cw steps down by di after each pass.
 */

interface WrrMark {
  cl: number;
  cw: number;
  mw: number;
  di: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function gcdWeight(list: readonly IpVsDest[]): number {
  let g = 0;
  for (const d of list) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
  return g || 1;
}

const maxWeight = (list: readonly IpVsDest[]) => list.reduce((m, d) => Math.max(m, d.weight), 0);

export const ipVsWrr: IpVsScheduler = {
  name: 'wrr',
  initService(svc) {
    const di = gcdWeight(svc.destinations);
    const mw = maxWeight(svc.destinations) - (di - 1);
    svc.schedData = { cl: -1, di, mw, cw: mw } satisfies WrrMark;
  },
  // ip_vs_wrr_dest_changed, after the list changed (a leaving server is already off it, as
  // __ip_vs_unlink_dest calls del_dest after list_del): back to the head, cw within the new weights.
  destChanged(svc, dest, change) {
    const mark = svc.schedData as WrrMark;
    const list = change === 'del' ? svc.destinations.filter((d) => d !== dest) : svc.destinations;
    mark.cl = -1;
    mark.di = gcdWeight(list);
    mark.mw = maxWeight(list) - (mark.di - 1);
    if (mark.cw > mark.mw || !mark.cw) mark.cw = mark.mw;
    else if (mark.di > 1) mark.cw = Math.floor(mark.cw / mark.di) * mark.di + 1;
  },
  schedule(svc) {
    const mark = svc.schedData as WrrMark;
    const list = svc.destinations;
    if (mark.mw === 0) return undefined;
    const last = mark.cl;
    let cl = mark.cl;
    let stop: number | undefined;
    let lastPass = false;
    let restarted = false;
    for (;;) {
      for (let i = cl + 1; i < list.length; i++) {
        const dest = list[i]!;
        if (!(dest.flags & IP_VS_DEST_F_OVERLOAD) && dest.weight >= mark.cw) {
          mark.cl = i;
          return dest;
        }
        if (i === stop) {
          mark.cl = i;
          return undefined;
        }
      }
      cl = -1;
      mark.cw -= mark.di;
      if (mark.cw <= 0) {
        mark.cw = mark.mw;
        // Every destination was already tried for weight >= 1.
        if (lastPass || last === -1) {
          mark.cl = -1;
          return undefined;
        }
        restarted = true;
      }
      lastPass = mark.cw <= mark.di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  },
};
