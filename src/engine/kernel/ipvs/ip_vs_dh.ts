import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { IP_VS_DEST_F_AVAILABLE, IP_VS_DEST_F_OVERLOAD } from './ip_vs';
import { hash32 } from './ip_vs_sh';

/*
 * ip_vs_dh.c: destination hashing. 256 buckets dealt out one per destination in list order
 * (weights play no part in the dealing, and changing one deals nothing again); the packet's
 * destination address picks the bucket with hash_32. A server of weight 0 or overloaded
 * means no destination.
 */

const IP_VS_DH_TAB_BITS = 8;

interface DhState {
  buckets: (IpVsDest | undefined)[];
}

/** ip_vs_dh_reassign (del_dest runs once the leaving server is off the list: ip_vs_ctl.ts calls it just before). */
function reassign(svc: IpVsService, leaving?: IpVsDest): void {
  const list = svc.destinations.filter((d) => d !== leaving);
  const buckets = Array.from({ length: 1 << IP_VS_DH_TAB_BITS }, (_, i) => (list.length ? list[i % list.length] : undefined));
  svc.schedData = { buckets } satisfies DhState;
}

export const ipVsDh: IpVsScheduler = {
  name: 'dh',
  initService: (svc) => reassign(svc),
  // add_dest and del_dest only: no upd_dest.
  destChanged: (svc, dest, change) => {
    if (change !== 'upd') reassign(svc, change === 'del' ? dest : undefined);
  },
  schedule(svc, iph) {
    const dest = (svc.schedData as DhState).buckets[hash32(iph.daddr, IP_VS_DH_TAB_BITS)];
    if (!dest || !(dest.flags & IP_VS_DEST_F_AVAILABLE) || dest.weight <= 0 || dest.flags & IP_VS_DEST_F_OVERLOAD) return undefined;
    return dest;
  },
};
