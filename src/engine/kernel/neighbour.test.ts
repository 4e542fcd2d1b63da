import { describe, expect, it } from 'vitest';
import { run, scenarioOf, tcpdump, twoHosts } from '../sim/testing';
import { why } from '../trace/why';
import { AF_INET, AF_INET6 } from '../addr/family';
import { runCommand } from '../sim/run';
import type { Ipv4Packet } from '../wire/types';
import { arpTbl } from './arp';
import { Errno } from './errors';
import { NEIGH_ND_TABLE, NeighTable, neighFindTable, neighTableInit, type NeighOps } from './neighbour';
import { rtmNewNeigh } from './rtnetlink';
import { skb } from './skbuff';
import type { Stack } from './stack';

describe('neighbour (ARP resolution, net/core/neighbour.c)', () => {
  it('an unanswered address gets 3 broadcast probes one second apart (rounded up to a 32 ms timer-wheel bucket), then FAILED: the local sender sees Destination Host Unreachable', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0']);
    const r = run(s, 'a', 'ping -c 1 -W 5 10.0.0.9');
    const lines = tcpdump(r, 'a:eth0');
    expect(lines).toEqual(Array(3).fill('02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.9 tell 10.0.0.1, length 28'));
    const times = r.captures.get('a:eth0')!.map((f) => f.t);
    // n->timer is a timer_list: 250 jiffies filed in an 8-jiffy bucket past them. The kernel here spaced
    // them 1.018 to 1.031 s; a probe re-armed by the timer itself, at a bucket's tick, comes exactly 1.024 s on.
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((g) => g > 1_000_000_000 && g <= 1_032_000_000)).toBe(true);
    expect(gaps[1]).toBe(1_024_000_000);
    expect(r.stdout).toContain('From 10.0.0.1 icmp_seq=1 Destination Host Unreachable');
    expect(r.stdout).toContain('1 packets transmitted, 0 received, +1 errors, 100% packet loss');
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.kind === 'arp-cache' && why(e).includes('FAILED'))).toBe(true);
  });

  it('packets wait in the queue while ARP resolves and leave once the reply comes', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0']);
    const r = run(s, 'a', 'ping -c 1 -W 1 10.0.0.2');
    const lines = tcpdump(r, 'a:eth0');
    expect(lines[0]).toContain('Request who-has 10.0.0.2 tell 10.0.0.1');
    expect(lines[1]).toContain('Reply 10.0.0.2 is-at 02:00:00:00:02:01');
    expect(lines[2]).toContain('ICMP echo request');
    expect(r.events.some((e) => e.kind === 'neigh-queue' || why(e).includes('INCOMPLETE'))).toBe(true);
  });

  it('the replier learns the requester from the request (STALE) and does not ARP back', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0']);
    const r = run(s, 'a', 'ping -c 1 -W 1 10.0.0.2');
    expect(tcpdump(r, 'b:eth0').filter((l) => l.includes('Request'))).toHaveLength(1);
  });
});

describe('ARP (net/ipv4/arp.c)', () => {
  it('a router forwarding asks "tell <its own address>", not the packet source (arp_announce 0)', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
        r: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1'] },
      },
      [
        ['a:eth0', 'r:eth0'],
        ['r:eth1', 'b:eth0'],
      ],
    );
    const r = run(s, 'a', 'ping -c 1 -W 1 10.0.2.2');
    expect(tcpdump(r, 'r:eth1')[0]).toContain('Request who-has 10.0.2.2 tell 10.0.2.1');
    // The trace says why the router used its own address as sender.
    const request = r.events.find((e) => e.device === 'r' && e.kind === 'arp-request' && e.port === 'eth1')!;
    expect(String(request.facts?.sender)).toContain('inet_select_addr');
    expect(r.exit).toBe(0);
  });

  it('arp_ignore 0 answers for an address on another interface (weak host); arp_ignore 1 does not', () => {
    const base = ['ip addr add 10.0.0.2/24 dev eth0', 'ip addr add 192.168.9.9/32 dev lo'];
    const weak = twoHosts(['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 192.168.9.9 dev eth0'], base);
    expect(run(weak, 'a', 'ping -c 1 -W 1 192.168.9.9').exit).toBe(0);
    const strict = twoHosts(['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 192.168.9.9 dev eth0'], [...base, 'sysctl -w net.ipv4.conf.eth0.arp_ignore=1']);
    const r = run(strict, 'a', 'ping -c 1 -W 1 192.168.9.9');
    expect(r.exit).toBe(1);
    expect(tcpdump(r, 'b:eth0').some((l) => l.includes('Reply'))).toBe(false);
  });

  it('proxy_arp answers with the router\'s own MAC for an address routed out another interface', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.0.5/16 dev eth0'] },
        r: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.conf.eth0.proxy_arp=1', 'ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.1.7/24 dev eth0', 'ip route add default via 10.0.1.1'] },
      },
      [
        ['a:eth0', 'r:eth0'],
        ['r:eth1', 'b:eth0'],
      ],
    );
    const r = run(s, 'a', 'ping -c 1 -W 2 10.0.1.7');
    expect(tcpdump(r, 'a:eth0')[1]).toContain('Reply 10.0.1.7 is-at 02:00:00:00:02:01');
    expect(r.exit).toBe(0);
  });
});

describe('neigh_tables: one table per address family, each with its own operations', () => {
  const toyPacket: Ipv4Packet = { kind: 'ipv4', tos: 0, id: 1, df: true, ttl: 64, src: 1, dst: 42, payload: { kind: 'udp', sport: 1, dport: 2, data: new Uint8Array(0) } };

  /** A second family's table (as nd_tbl would be) whose operations only record what the core asks of them. */
  function toyTable(stack: Stack, seen: string[]): NeighTable {
    const ops: NeighOps = {
      family: AF_INET6,
      id: 'toy_cache',
      parms: (s, dev) => s.sysctl.neigh(dev.name),
      solicit: (s, n, last, unicast) => void seen.push(`solicit ${n.ip} at ${Math.floor(s.env.now() / 1e9)}s ${unicast ? 'unicast' : 'broadcast'} queued=${last ? 'yes' : 'no'}`),
      errorReport: (_s, q) => void seen.push(`error_report ${q.pkt.dst}`),
      queuedLength: () => 100,
      formatAddr: (a) => `toy:${a}`,
    };
    const tbl = new NeighTable(stack, ops);
    neighTableInit(stack, NEIGH_ND_TABLE, tbl);
    return tbl;
  }

  it('a table registered for another family solicits and reports failure through its own operations, not ARP, on the core\'s NUD timers', () => {
    const seen: string[] = [];
    let toy: NeighTable | undefined;
    const r = runCommand(twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], []), 'a', 'sleep 5', {
      onBooted: (net) => {
        const stack = net.stacks.get('a')!;
        toy = toyTable(stack, seen);
        const dev = stack.byName.get('eth0')!;
        toy.output(dev, 42, skb(toyPacket, true), { send: () => void seen.push('sent') });
      },
    });
    // mcast_solicit 3 probes one retrans_time apart (a little more: the timer wheel), then FAILED: the queued packet goes to error_report.
    expect(seen).toEqual(['solicit 42 at 0s broadcast queued=yes', 'solicit 42 at 1s broadcast queued=yes', 'solicit 42 at 2s broadcast queued=yes', 'error_report 42']);
    expect(toy!.all().map((n) => n.state)).toEqual(['FAILED']);
    // ARP never heard of it: no request on the wire, no entry in arp_tbl.
    expect(tcpdump(r, 'a:eth0')).toEqual([]);
    expect(arpTbl(r.network.stacks.get('a')!).all()).toEqual([]);
  });

  it('RTM_NEWNEIGH goes to the table of its ndm_family; a family without a table is EAFNOSUPPORT', () => {
    const seen: string[] = [];
    runCommand(twoHosts([], []), 'a', 'true', {
      onBooted: (net) => {
        const stack = net.stacks.get('a')!;
        const eth0 = stack.byName.get('eth0')!.ifindex;
        expect(rtmNewNeigh(stack, { family: AF_INET6, ifindex: eth0, dst: 7, lladdr: '02:00:00:00:00:07', nud: 'permanent' }, 'add').errno).toBe(Errno.EAFNOSUPPORT);
        const toy = toyTable(stack, seen);
        expect(neighFindTable(stack, AF_INET6)).toBe(toy);
        expect(neighFindTable(stack, AF_INET)).toBe(arpTbl(stack));
        expect(rtmNewNeigh(stack, { family: AF_INET6, ifindex: eth0, dst: 7, lladdr: '02:00:00:00:00:07', nud: 'permanent' }, 'add').errno).toBe(0);
        // Same address number, other family: its own entry in its own table.
        expect(rtmNewNeigh(stack, { ifindex: eth0, dst: 7, lladdr: '02:00:00:00:00:08', nud: 'permanent' }, 'add').errno).toBe(0);
        expect(toy.all().map((n) => n.mac)).toEqual(['02:00:00:00:00:07']);
        expect(arpTbl(stack).all().map((n) => n.mac)).toEqual(['02:00:00:00:00:08']);
      },
    });
  });

  it("a lookup answers with its own table's entry and never with a deleted one (the device remembers the entry it looked up last)", () => {
    runCommand(twoHosts([], []), 'a', 'true', {
      onBooted: (net) => {
        const stack = net.stacks.get('a')!;
        const dev = stack.byName.get('eth0')!;
        const toy = toyTable(stack, []);
        const arp = arpTbl(stack);
        rtmNewNeigh(stack, { family: AF_INET6, ifindex: dev.ifindex, dst: 7, lladdr: '02:00:00:00:00:07', nud: 'permanent' }, 'add');
        rtmNewNeigh(stack, { ifindex: dev.ifindex, dst: 7, lladdr: '02:00:00:00:00:08', nud: 'permanent' }, 'add');
        expect(arp.lookup(dev, 7)?.mac).toBe('02:00:00:00:00:08');
        expect(toy.lookup(dev, 7)?.mac).toBe('02:00:00:00:00:07');
        expect(arp.lookup(dev, 7)?.mac).toBe('02:00:00:00:00:08');
        arp.delete(arp.lookup(dev, 7)!);
        expect(arp.lookup(dev, 7)).toBeUndefined();
        rtmNewNeigh(stack, { ifindex: dev.ifindex, dst: 7, lladdr: '02:00:00:00:00:09', nud: 'permanent' }, 'add');
        expect(arp.lookup(dev, 7)?.mac).toBe('02:00:00:00:00:09');
      },
    });
  });
});
