import { describe, expect, it } from 'vitest';
import { run, scenarioOf, tcpdump, twoHosts } from '../sim/testing';
import { why } from '../trace/why';

describe('neighbour (ARP resolution, net/core/neighbour.c)', () => {
  it('an unanswered address gets 3 broadcast probes one second apart, then FAILED: the local sender sees Destination Host Unreachable', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0']);
    const r = run(s, 'a', 'ping -c 1 -W 5 10.0.0.9');
    const lines = tcpdump(r, 'a:eth0');
    expect(lines).toEqual(Array(3).fill('02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.9 tell 10.0.0.1, length 28'));
    const times = r.captures.get('a:eth0')!.map((f) => f.t);
    expect(times[1]! - times[0]!).toBe(1_000_000_000);
    expect(times[2]! - times[1]!).toBe(1_000_000_000);
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
