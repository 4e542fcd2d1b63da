import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { IP_VS_DEST_F_OVERLOAD, IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2 } from './ip_vs';

export const IP_VS_SVC_F_SCHED_SH_FALLBACK = IP_VS_SVC_F_SCHED1;
export const IP_VS_SVC_F_SCHED_SH_PORT = IP_VS_SVC_F_SCHED2;

/*
 * ip_vs_sh.c: source hashing. 256 buckets are dealt out over the destinations in list order,
 * each destination taking as many consecutive buckets as its weight (ip_vs_sh_reassign); a
 * client's address picks its bucket with hash_32, so a client always reaches the same server
 * while the list stands. An unavailable server (weight 0, overloaded) means no destination,
 * unless the service has sh-fallback (-b sh-fallback): then the buckets after the client's are
 * tried in turn. sh-port adds the client's source port to the hash (ip_vs_sh_hashkey).
 */

const IP_VS_SH_TAB_BITS = 8;
const IP_VS_SH_TAB_SIZE = 1 << IP_VS_SH_TAB_BITS;

/** hash_32 (include/linux/hash.h): multiply by GOLDEN_RATIO_32, keep the top bits. */
export const hash32 = (val: number, bits: number) => (Math.imul(val >>> 0, 0x61c88647) >>> 0) >>> (32 - bits);

interface ShState {
  buckets: (IpVsDest | undefined)[];
}

/** ip_vs_sh_reassign over the list (del_dest runs once the leaving server is off it: ip_vs_ctl.ts calls it just before). */
function reassign(svc: IpVsService, leaving?: IpVsDest): void {
  const list = svc.destinations.filter((d) => d !== leaving);
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

const unavailable = (d: IpVsDest) => d.weight <= 0 || (d.flags & IP_VS_DEST_F_OVERLOAD) !== 0;

/** ip_vs_sh_hashkey: hash_32 of port + address, moved on by offset. */
const hashkey = (addr: number, port: number, offset: number) => (offset + hash32((port + addr) >>> 0, IP_VS_SH_TAB_BITS)) & (IP_VS_SH_TAB_SIZE - 1);

export const ipVsSh: IpVsScheduler = {
  name: 'sh',
  initService: (svc) => reassign(svc),
  destChanged: (svc, dest, change) => reassign(svc, change === 'del' ? dest : undefined),
  schedule(svc, iph) {
    const { buckets } = svc.schedData as ShState;
    const port = svc.flags & IP_VS_SVC_F_SCHED_SH_PORT ? iph.sport : 0;
    const ihash = hashkey(iph.saddr, port, 0);
    const dest = buckets[ihash];
    if (!dest || !unavailable(dest) || !(svc.flags & IP_VS_SVC_F_SCHED_SH_FALLBACK)) return !dest || unavailable(dest) ? undefined : dest;
    // ip_vs_sh_get_fallback: around the table from the client's bucket.
    for (let offset = 0; offset < IP_VS_SH_TAB_SIZE; offset++) {
      const d = buckets[hashkey(iph.saddr, port, (offset + ihash) % IP_VS_SH_TAB_SIZE)];
      if (d && !unavailable(d)) return d;
    }
    return undefined;
  },
};
