import type { IpVsDest, IpVsIphdr, IpVsScheduler, IpVsService } from './ip_vs';
import { IP_VS_DEST_F_OVERLOAD, IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2 } from './ip_vs';
import { hsiphashU32 } from './siphash';

/*
 * ip_vs_mh.c: Maglev hashing (Eisenbud et al., NSDI 2016, section 3.4). Each real server gets
 * a preference order over the 4093 slots of a lookup table (an offset and a skip from two fixed
 * hsiphash keys on its address and port); the servers take turns, each claiming its next free
 * preferred slot, a server of weight w taking w / gcd turns in a row, until the table is full.
 * A client's address (and, with mh-port, its port) hashed with the first key picks its slot.
 * With the same list of servers every director builds the same table, and a server that goes
 * takes only its own slots with it. mh-fallback: an unavailable server's clients walk on.
 */

/** primes[CONFIG_IP_VS_MH_TAB_INDEX - 8] with the default index 12. */
export const IP_VS_MH_TAB_SIZE = 4093;
/** CONFIG_IP_VS_MH_TAB_INDEX / 2: the bits of weight / gcd kept before shifting. */
const IP_VS_MH_TAB_BITS = 6;

/** generate_hash_secret: fixed, so directors agree. */
const HASH1: readonly [bigint, bigint] = [2654435761n, 2654435761n];
const HASH2: readonly [bigint, bigint] = [2654446892n, 2654446892n];

export const IP_VS_SVC_F_SCHED_MH_FALLBACK = IP_VS_SVC_F_SCHED1;
export const IP_VS_SVC_F_SCHED_MH_PORT = IP_VS_SVC_F_SCHED2;

/** ip_vs_mh_hashkey: offset + port + address, as one u32, through hsiphash. */
const hashkey = (addr: number, port: number, key: readonly [bigint, bigint], offset: number) => hsiphashU32((offset + port + addr) >>> 0, key);

interface MhState {
  lookup: (IpVsDest | undefined)[];
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
/** fls: the 1-based index of the highest set bit. */
const fls = (x: number) => (x ? 32 - Math.clz32(x) : 0);

/** ip_vs_mh_gcd_weight and ip_vs_mh_shift_weight. */
function weights(list: readonly IpVsDest[]): { g: number; rshift: number } {
  let g = 0;
  for (const d of list) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
  if (g < 1) return { g, rshift: 0 };
  const mw = Math.max(...list.map((d) => d.weight)) / g;
  return { g, rshift: Math.max(0, fls(Math.floor(mw)) - IP_VS_MH_TAB_BITS) };
}

/** ip_vs_mh_reassign: ip_vs_mh_permutate, then ip_vs_mh_populate. */
function reassign(svc: IpVsService, leaving?: IpVsDest): void {
  const state = (svc.schedData as MhState | undefined) ?? { lookup: new Array<IpVsDest | undefined>(IP_VS_MH_TAB_SIZE).fill(undefined) };
  svc.schedData = state;
  // del_dest runs once the server is off the list (ip_vs_ctl.ts calls it just before).
  const list = svc.destinations.filter((d) => d !== leaving);
  const { g, rshift } = weights(list);
  if (g < 1) {
    state.lookup.fill(undefined);
    return;
  }
  const setup = list.map((d) => {
    const offset = hashkey(d.addr, d.port, HASH1, 0) % IP_VS_MH_TAB_SIZE;
    const skip = (hashkey(d.addr, d.port, HASH2, 0) % (IP_VS_MH_TAB_SIZE - 1)) + 1;
    const turns = (Math.floor(d.weight / g) >> rshift) || (d.weight !== 0 ? 1 : 0);
    return { perm: offset, skip, turns };
  });
  const taken = new Uint8Array(IP_VS_MH_TAB_SIZE);
  let n = 0;
  let i = 0;
  let dtCount = 0;
  // The servers take turns over the list until every slot has one (slots a server gets again keep it).
  while (n < IP_VS_MH_TAB_SIZE) {
    if (i >= list.length) i = 0;
    for (; i < list.length; ) {
      const ds = setup[i]!;
      if (ds.turns < 1) {
        i++;
        continue;
      }
      while (taken[ds.perm]) {
        ds.perm += ds.skip;
        if (ds.perm >= IP_VS_MH_TAB_SIZE) ds.perm -= IP_VS_MH_TAB_SIZE;
      }
      taken[ds.perm] = 1;
      state.lookup[ds.perm] = list[i];
      if (++n === IP_VS_MH_TAB_SIZE) return;
      if (++dtCount >= ds.turns) {
        dtCount = 0;
        i++;
      }
    }
  }
}

const unavailable = (d: IpVsDest) => d.weight <= 0 || (d.flags & IP_VS_DEST_F_OVERLOAD) !== 0;

/** ip_vs_mh_get_fallback: from the client's slot, the slots its hash with offsets 1, 2, … picks, until an available server. */
function getFallback(lookup: readonly (IpVsDest | undefined)[], addr: number, port: number): IpVsDest | undefined {
  const ihash = hashkey(addr, port, HASH1, 0) % IP_VS_MH_TAB_SIZE;
  let dest = lookup[ihash];
  if (!dest) return undefined;
  if (!unavailable(dest)) return dest;
  for (let offset = 0; offset < IP_VS_MH_TAB_SIZE; offset++) {
    const roffset = (offset + ihash) % IP_VS_MH_TAB_SIZE;
    dest = lookup[hashkey(addr, port, HASH1, roffset) % IP_VS_MH_TAB_SIZE];
    if (!dest) return undefined;
    if (!unavailable(dest)) return dest;
  }
  return undefined;
}

export const ipVsMh: IpVsScheduler = {
  name: 'mh',
  initService: (svc) => {
    svc.schedData = undefined;
    reassign(svc);
  },
  // add_dest, del_dest and upd_dest all build the table again.
  destChanged: (svc, dest, change) => reassign(svc, change === 'del' ? dest : undefined),
  schedule(svc: IpVsService, iph: IpVsIphdr) {
    const { lookup } = svc.schedData as MhState;
    const port = svc.flags & IP_VS_SVC_F_SCHED_MH_PORT ? iph.sport : 0;
    if (svc.flags & IP_VS_SVC_F_SCHED_MH_FALLBACK) return getFallback(lookup, iph.saddr, port);
    const dest = lookup[hashkey(iph.saddr, port, HASH1, 0) % IP_VS_MH_TAB_SIZE];
    return !dest || unavailable(dest) ? undefined : dest;
  },
};
