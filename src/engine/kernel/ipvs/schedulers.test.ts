import { describe, expect, it } from 'vitest';
import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { emptyStats, IP_VS_CONN_F_MASQ, IP_VS_DEST_F_AVAILABLE, IP_VS_DEST_F_OVERLOAD, IPPROTO_TCP } from './ip_vs';
import { IP_VS_MH_TAB_SIZE, IP_VS_SVC_F_SCHED_MH_FALLBACK, IP_VS_SVC_F_SCHED_MH_PORT, ipVsMh } from './ip_vs_mh';
import { IP_VS_SVC_F_SCHED_SH_FALLBACK, IP_VS_SVC_F_SCHED_SH_PORT } from './ip_vs_sh';
import { siphash } from './siphash';
import { ipVsLc } from './ip_vs_lc';
import { ipVsRr } from './ip_vs_rr';
import { hash32, ipVsSh } from './ip_vs_sh';
import { ipVsDh } from './ip_vs_dh';
import { ipVsWlc } from './ip_vs_wlc';
import { ipVsWrr } from './ip_vs_wrr';

/*
 * The schedulers as ip_vs_rr.c, ip_vs_wrr.c, ip_vs_lc.c and ip_vs_wlc.c choose, over
 * svc->destinations, to which __ip_vs_update_dest adds each new real server at the head
 * (list_add_rcu): servers added A then B are listed B, A.
 */

const IPH = { saddr: 1, daddr: 2, sport: 3, dport: 80 };

function service(scheduler: IpVsScheduler, added: [string, number][], flags = 0): { svc: IpVsService; names: Map<IpVsDest, string> } {
  const svc: IpVsService = {
    fwmark: 0, protocol: IPPROTO_TCP, addr: 100, port: 80, flags, timeout: 0, netmask: 0xffffffff,
    scheduler, schedData: undefined, destinations: [], stats: emptyStats(),
  };
  scheduler.initService?.(svc);
  const names = new Map<IpVsDest, string>();
  added.forEach(([name, weight], i) => {
    const dest: IpVsDest = {
      addr: i + 1, port: 80, connFlags: IP_VS_CONN_F_MASQ, weight, flags: IP_VS_DEST_F_AVAILABLE, uThreshold: 0, lThreshold: 0,
      activeconns: 0, inactconns: 0, persistconns: 0, stats: emptyStats(), tunType: 0, tunPort: 0, tunFlags: 0,
    };
    svc.destinations.unshift(dest);
    scheduler.destChanged?.(svc, dest, 'add');
    names.set(dest, name);
  });
  return { svc, names };
}

const picks = (svc: IpVsService, names: Map<IpVsDest, string>, n: number) =>
  Array.from({ length: n }, () => {
    const d = svc.scheduler.schedule(svc, IPH);
    return d ? names.get(d)! : '-';
  });

describe('rr (ip_vs_rr.c)', () => {
  it('starts after the list head, so with A added before B the first connection goes to B, then they alternate', () => {
    const { svc, names } = service(ipVsRr, [['A', 1], ['B', 1]]);
    expect(picks(svc, names, 4)).toEqual(['B', 'A', 'B', 'A']);
  });

  it('skips a server of weight 0, and answers none when every weight is 0', () => {
    const { svc, names } = service(ipVsRr, [['A', 1], ['B', 0], ['C', 1]]);
    expect(picks(svc, names, 4)).toEqual(['C', 'A', 'C', 'A']);
    const none = service(ipVsRr, [['A', 0]]);
    expect(picks(none.svc, none.names, 1)).toEqual(['-']);
  });

  it('a deleted server that was chosen last hands on to the one after it (ip_vs_rr_del_dest)', () => {
    const { svc, names } = service(ipVsRr, [['A', 1], ['B', 1], ['C', 1]]);
    expect(picks(svc, names, 1)).toEqual(['C']);
    const c = svc.destinations[0]!;
    ipVsRr.destChanged!(svc, c, 'del');
    svc.destinations.splice(0, 1);
    expect(picks(svc, names, 3)).toEqual(['B', 'A', 'B']);
  });
});

describe('wrr (ip_vs_wrr.c)', () => {
  it('weights 3 and 1 share connections 3 to 1; cw starts at 1, not 3, when the servers came after the service (ipvsadm -A, then -a)', () => {
    // init_svc with no servers leaves cw 0; the first add sets it to mw (3 - (3 - 1) = 1) and the second keeps it.
    const { svc, names } = service(ipVsWrr, [['A', 3], ['B', 1]]);
    expect(picks(svc, names, 8)).toEqual(['B', 'A', 'A', 'A', 'B', 'A', 'A', 'A']);
  });

  it('steps cw by the gcd of the weights: 4 and 2 share as 2 and 1 do', () => {
    const { svc, names } = service(ipVsWrr, [['A', 4], ['B', 2]]);
    expect(picks(svc, names, 6)).toEqual(['B', 'A', 'A', 'B', 'A', 'A']);
  });

  it('a deleted server no longer counts in the gcd and largest weight (del_dest runs after list_del): 4 and 2 left share as B, B, A', () => {
    const { svc, names } = service(ipVsWrr, [['A', 2], ['B', 4], ['C', 3]]);
    const c = svc.destinations[0]!;
    ipVsWrr.destChanged!(svc, c, 'del');
    svc.destinations.splice(0, 1);
    expect(picks(svc, names, 8)).toEqual(['B', 'A', 'B', 'B', 'A', 'B', 'B', 'A']);
  });

  it('equal weights are round robin from the head; all weights 0 is no destination', () => {
    const { svc, names } = service(ipVsWrr, [['A', 1], ['B', 1]]);
    expect(picks(svc, names, 4)).toEqual(['B', 'A', 'B', 'A']);
    const none = service(ipVsWrr, [['A', 0]]);
    expect(picks(none.svc, none.names, 1)).toEqual(['-']);
  });
});

describe('lc and wlc (ip_vs_lc.c, ip_vs_wlc.c): overhead = active × 256 + inactive', () => {
  it('lc takes the least overhead, the first listed of equals', () => {
    const { svc, names } = service(ipVsLc, [['A', 1], ['B', 1]]);
    expect(picks(svc, names, 1)).toEqual(['B']);
    svc.destinations[0]!.inactconns = 1; // B
    expect(picks(svc, names, 1)).toEqual(['A']);
    svc.destinations[1]!.activeconns = 1; // A: 256 against B's 1
    expect(picks(svc, names, 1)).toEqual(['B']);
  });

  it('wlc divides by weight: one active on A (weight 1) weighs more than two on B (weight 3)', () => {
    const { svc, names } = service(ipVsWlc, [['A', 1], ['B', 3]]);
    const [b, a] = svc.destinations;
    a!.activeconns = 1;
    b!.activeconns = 2;
    expect(picks(svc, names, 1)).toEqual(['B']);
    b!.activeconns = 4;
    expect(picks(svc, names, 1)).toEqual(['A']);
  });
});

describe('sh (ip_vs_sh.c): the client address hashed into 256 buckets dealt out by weight', () => {
  const from = (svc: IpVsService, names: Map<IpVsDest, string>, saddr: number) => {
    const d = svc.scheduler.schedule(svc, { ...IPH, saddr });
    return d ? names.get(d)! : '-';
  };
  it('hash_32 with GOLDEN_RATIO_32: 10.0.1.2 is bucket 82, 10.0.1.3 bucket 179', () => {
    expect([hash32(0x0a000102, 8), hash32(0x0a000103, 8)]).toEqual([82, 179]);
  });

  it('weights 1 and 1, listed B then A: even buckets are B, odd ones A, so 10.0.1.2 always gets B and 10.0.1.3 A', () => {
    const { svc, names } = service(ipVsSh, [['A', 1], ['B', 1]]);
    expect([from(svc, names, 0x0a000102), from(svc, names, 0x0a000102), from(svc, names, 0x0a000103)]).toEqual(['B', 'B', 'A']);
  });

  it('weight 2 takes two buckets in a row (B B A B B A …: bucket 82 is B, 179 is A); a bucket on a server of weight 0 is no destination', () => {
    const { svc, names } = service(ipVsSh, [['A', 1], ['B', 2]]);
    expect([from(svc, names, 0x0a000102), from(svc, names, 0x0a000103)]).toEqual(['B', 'A']);
    const zero = service(ipVsSh, [['A', 0], ['B', 1]]);
    expect(from(zero.svc, zero.names, 0x0a000103)).toBe('-');
  });

  it('a deleted server leaves the buckets (ip_vs_sh_reassign runs without it): its clients go to the others', () => {
    const { svc, names } = service(ipVsSh, [['A', 1], ['B', 1]]);
    const b = svc.destinations.find((d) => names.get(d) === 'B')!;
    svc.scheduler.destChanged?.(svc, b, 'del');
    svc.destinations.splice(svc.destinations.indexOf(b), 1);
    expect([from(svc, names, 0x0a000102), from(svc, names, 0x0a000103)]).toEqual(['A', 'A']);
  });

  it('sh-fallback (ip_vs_sh_get_fallback): a client whose bucket is on a server of weight 0 walks the buckets after it to one that is available', () => {
    const fallback = service(ipVsSh, [['A', 0], ['B', 1]], IP_VS_SVC_F_SCHED_SH_FALLBACK);
    expect(from(fallback.svc, fallback.names, 0x0a000103)).toBe('B');
    expect(from(fallback.svc, fallback.names, 0x0a000102)).toBe('B');
  });

  it('sh-port (ip_vs_sh_hashkey): the source port is added before hashing, so one client\'s connections spread; without it they never do', () => {
    const spread = (flags: number) => {
      const { svc, names } = service(ipVsSh, [['A', 1], ['B', 1], ['C', 1]], flags);
      return new Set(Array.from({ length: 30 }, (_, i) => names.get(svc.scheduler.schedule(svc, { ...IPH, saddr: 0x0a000102, sport: 40000 + i })!)));
    };
    expect(spread(0).size).toBe(1);
    expect(spread(IP_VS_SVC_F_SCHED_SH_PORT).size).toBe(3);
  });
});

describe('lib/siphash.c as mh uses it', () => {
  it('SipHash-2-4 gives the reference vectors (key 00..0f; the empty message, and 00..0e)', () => {
    const key: [bigint, bigint] = [0x0706050403020100n, 0x0f0e0d0c0b0a0908n];
    expect(siphash(new Uint8Array(0), key, 2, 4)).toBe(0x726fdb47dd0e0e31n);
    expect(siphash(Uint8Array.from({ length: 15 }, (_, i) => i), key, 2, 4)).toBe(0xa129ca6149be45e5n);
  });
});

describe('mh (ip_vs_mh.c): Maglev hashing over a 4093-slot table', () => {
  const CLIENTS = Array.from({ length: 400 }, (_, i) => (0x0a000000 + i * 7919) >>> 0);
  const pick = (svc: IpVsService, names: Map<IpVsDest, string>, saddr: number, sport = 40000) => {
    const d = svc.scheduler.schedule(svc, { ...IPH, saddr, sport });
    return d ? names.get(d)! : '-';
  };
  const table = (svc: IpVsService) => (svc.schedData as { lookup: (IpVsDest | undefined)[] }).lookup;

  it('every slot goes to a server; equal weights share the table within a few slots (each takes one turn in the round)', () => {
    const { svc, names } = service(ipVsMh, [['A', 1], ['B', 1], ['C', 1]]);
    const counts = new Map<string, number>();
    for (const d of table(svc)) counts.set(names.get(d!)!, (counts.get(names.get(d!)!) ?? 0) + 1);
    expect(table(svc)).toHaveLength(IP_VS_MH_TAB_SIZE);
    expect([...counts.values()].reduce((a, b) => a + b)).toBe(IP_VS_MH_TAB_SIZE);
    for (const n of counts.values()) expect(Math.abs(n - IP_VS_MH_TAB_SIZE / 3)).toBeLessThanOrEqual(1);
  });

  it('weights 2 and 1: weight / gcd turns in a row, so A has two slots for each of B\'s', () => {
    const { svc, names } = service(ipVsMh, [['A', 2], ['B', 1]]);
    const a = table(svc).filter((d) => names.get(d!) === 'A').length;
    expect(Math.abs(a - (2 * IP_VS_MH_TAB_SIZE) / 3)).toBeLessThanOrEqual(2);
  });

  it('the same client always lands on the same real server, whatever its port, and whichever order the servers were added in', () => {
    const one = service(ipVsMh, [['A', 1], ['B', 1], ['C', 1]]);
    const other = service(ipVsMh, [['A', 1], ['B', 1], ['C', 1]]);
    for (const c of CLIENTS.slice(0, 50)) {
      const first = pick(one.svc, one.names, c);
      expect(pick(one.svc, one.names, c, 51234)).toBe(first);
      expect(pick(other.svc, other.names, c)).toBe(first);
    }
  });

  it('removing a real server moves the clients that were on it; the others stay where they were but for a few (Maglev is near-minimal, not minimal)', () => {
    const { svc, names } = service(ipVsMh, [['A', 1], ['B', 1], ['C', 1], ['D', 1]]);
    const before = CLIENTS.map((c) => pick(svc, names, c));
    const b = svc.destinations.find((d) => names.get(d) === 'B')!;
    // As ip_vs_ctl.ts does it: del_dest, then out of the list.
    svc.scheduler.destChanged?.(svc, b, 'del');
    svc.destinations.splice(svc.destinations.indexOf(b), 1);
    const after = CLIENTS.map((c) => pick(svc, names, c));
    expect(after.filter((s) => s === 'B')).toEqual([]);
    const stayed = before.filter((s, i) => s !== 'B' && after[i] === s).length;
    const others = before.filter((s) => s !== 'B').length;
    expect(stayed / others).toBeGreaterThan(0.9);
  });

  it('mh-port hashes the source port too, so one client\'s connections spread over the servers', () => {
    const { svc, names } = service(ipVsMh, [['A', 1], ['B', 1], ['C', 1]], IP_VS_SVC_F_SCHED_MH_PORT);
    const servers = new Set(Array.from({ length: 30 }, (_, i) => pick(svc, names, 0x0a000102, 40000 + i)));
    expect(servers.size).toBe(3);
  });

  it('a server of weight 0 has no slots; an overloaded one keeps its slots, and only mh-fallback sends its clients on to another server', () => {
    const zero = service(ipVsMh, [['A', 0], ['B', 1]]);
    expect(new Set(CLIENTS.map((c) => pick(zero.svc, zero.names, c)))).toEqual(new Set(['B']));
    for (const flags of [0, IP_VS_SVC_F_SCHED_MH_FALLBACK]) {
      const { svc, names } = service(ipVsMh, [['A', 1], ['B', 1]], flags);
      const onA = CLIENTS.filter((c) => pick(svc, names, c) === 'A');
      svc.destinations.find((d) => names.get(d) === 'A')!.flags |= IP_VS_DEST_F_OVERLOAD;
      expect(new Set(onA.map((c) => pick(svc, names, c)))).toEqual(new Set([flags ? 'B' : '-']));
    }
  });
});

describe('dh (ip_vs_dh.c): the destination address hashed into 256 buckets dealt one per server', () => {
  const to = (svc: IpVsService, names: Map<IpVsDest, string>, daddr: number) => {
    const d = svc.scheduler.schedule(svc, { ...IPH, daddr });
    return d ? names.get(d)! : '-';
  };
  it('weights do not deal buckets: with B (weight 5) and A listed, 10.0.1.2 (bucket 82) is B and 10.0.1.3 (179) is A', () => {
    const { svc, names } = service(ipVsDh, [['A', 1], ['B', 5]]);
    expect([to(svc, names, 0x0a000102), to(svc, names, 0x0a000103)]).toEqual(['B', 'A']);
  });
});
