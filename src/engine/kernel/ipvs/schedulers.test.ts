import { describe, expect, it } from 'vitest';
import type { IpVsDest, IpVsScheduler, IpVsService } from './ip_vs';
import { emptyStats, IP_VS_CONN_F_MASQ, IP_VS_DEST_F_AVAILABLE, IPPROTO_TCP } from './ip_vs';
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

function service(scheduler: IpVsScheduler, added: [string, number][]): { svc: IpVsService; names: Map<IpVsDest, string> } {
  const svc: IpVsService = {
    fwmark: 0, protocol: IPPROTO_TCP, addr: 100, port: 80, flags: 0, timeout: 0, netmask: 0xffffffff,
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
