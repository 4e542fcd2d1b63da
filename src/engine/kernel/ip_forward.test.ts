import { describe, expect, it } from 'vitest';
import { routed, run, scenarioOf, tcpdumpIp } from '../sim/testing';
import { why } from '../trace/why';

describe('IPv4 forwarding (ip_forward.c, route.c)', () => {
  it('with ip_forward 0 a router drops transit packets silently: no ICMP', () => {
    const s = routed(['sysctl -w net.ipv4.ip_forward=0']);
    const r = run(s, 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('ICMP') && !l.includes('echo request'))).toEqual([]);
    expect(tcpdumpIp(r, 'server:eth0')).toEqual([]);
    expect(r.events.some((e) => e.kind === 'drop' && e.facts?.sysctl === 'net.ipv4.conf.eth0.forwarding=0')).toBe(true);
  });

  it('forwarding decrements TTL: the reply arrives with ttl 63', () => {
    const r = run(routed(), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.stdout).toContain('icmp_seq=1 ttl=63');
  });

  it('a packet with TTL 1 gets ICMP time exceeded from the router', () => {
    const r = run(routed(), 'client', 'ping -c 1 -W 1 -t 1 10.0.2.2');
    expect(tcpdumpIp(r, 'client:eth0')).toContain('IP 10.0.1.1 > 10.0.1.2: ICMP time exceeded in-transit, length 92');
    expect(r.stdout).toContain('From 10.0.1.1 icmp_seq=1 Time to live exceeded');
    expect(r.exit).toBe(1);
  });

  it('no route on a forwarding router: ICMP net unreachable (3/0); unreachable route 3/1; prohibit 3/13; blackhole nothing', () => {
    const cases: [string[], string, string | undefined][] = [
      [['ip route del 10.0.2.0/24 dev eth1'], '10.0.2.2', 'net 10.0.2.2 unreachable'],
      [['ip route add unreachable 10.9.0.0/16'], '10.9.0.1', 'host 10.9.0.1 unreachable'],
      [['ip route add prohibit 10.9.0.0/16'], '10.9.0.1', 'host 10.9.0.1 unreachable - admin prohibited filter'],
      [['ip route add blackhole 10.9.0.0/16'], '10.9.0.1', undefined],
    ];
    for (const [extra, dst, icmp] of cases) {
      const r = run(routed(extra), 'client', `ping -c 1 -W 1 ${dst}`);
      const errors = tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('unreachable'));
      if (icmp) expect(errors[0], extra.join()).toContain(icmp);
      else expect(errors, extra.join()).toEqual([]);
      expect(r.exit).toBe(1);
    }
  });

  it('sends an ICMP redirect when a packet leaves by the interface it came in on (no NAT on the box)', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', 'ip route add 10.0.0.3 via 10.0.0.1'] },
        r: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.0.1/24 dev eth0'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0'] },
        sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      },
      [
        ['a:eth0', 'sw:p1'],
        ['r:eth0', 'sw:p2'],
        ['b:eth0', 'sw:p3'],
      ],
    );
    const r = run(s, 'a', 'ping -c 1 -W 1 10.0.0.3');
    // Seen on Linux 6.18: "IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.3 to host 10.0.0.3, length 92".
    expect(tcpdumpIp(r, 'r:eth0')).toContain('IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.3 to host 10.0.0.3, length 92');
  });
});

describe('reverse path filter and martians (fib_frontend.c, route.c)', () => {
  /** Asymmetric: the server's replies come back to the router through a second link. */
  function asymmetric(rpFilter: number) {
    return scenarioOf(
      {
        client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
        router: {
          kind: 'router',
          ports: ['eth0', 'eth1', 'eth2'],
          config: ['sysctl -w net.ipv4.ip_forward=1', `sysctl -w net.ipv4.conf.all.rp_filter=${rpFilter}`, 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'ip addr add 10.0.3.1/24 dev eth2', 'ip route add 10.0.9.9 via 10.0.2.2'],
        },
        server: { ports: ['eth0', 'eth1'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip addr add 10.0.3.2/24 dev eth1', 'ip addr add 10.0.9.9/32 dev lo', 'ip route add 10.0.1.0/24 via 10.0.3.1'] },
      },
      [
        ['client:eth0', 'router:eth0'],
        ['router:eth1', 'server:eth0'],
        ['router:eth2', 'server:eth1'],
      ],
    );
  }

  it('strict mode (1) drops replies that arrive on an interface the route back does not use', () => {
    // The reply 10.0.9.9 -> 10.0.1.2 enters router:eth2; the route to 10.0.9.9 leaves by eth1.
    const r = run(asymmetric(1), 'client', 'ping -c 1 -W 1 10.0.9.9');
    expect(r.exit).toBe(1);
    // The reply's ARP request (sender 10.0.9.9) is refused by the same check, on eth2.
    expect(r.events.some((e) => e.device === 'router' && e.kind === 'drop' && why(e).includes('reverse path filter'))).toBe(true);
  });

  it('loose mode (2) and off (0) let them through', () => {
    expect(run(asymmetric(2), 'client', 'ping -c 1 -W 1 10.0.9.9').exit).toBe(0);
    expect(run(asymmetric(0), 'client', 'ping -c 1 -W 1 10.0.9.9').exit).toBe(0);
  });

  it('a packet from the wire carrying one of our own addresses as source is a martian, even with rp_filter 0', () => {
    const s = scenarioOf(
      { a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.0.2/32 dev lo'] }, b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', 'ip addr add 10.0.0.3/24 dev eth0'] } },
      [['a:eth0', 'b:eth0']],
    );
    const r = run(s, 'a', 'ping -c 1 -W 1 -I 10.0.0.2 10.0.0.3');
    expect(r.events.some((e) => e.device === 'b' && e.kind === 'drop' && why(e).includes('martian source'))).toBe(true);
  });
});

describe('FORWARD REJECT of a packet the router also redirects (route.c ip_rt_send_redirect, icmp.c icmpv4_xrlim_allow)', () => {
  function lan(routerConfig: string[]) {
    return scenarioOf(
      {
        a: { ports: ['eth0'], config: ['sysctl -w net.ipv4.conf.all.accept_redirects=0', 'sysctl -w net.ipv4.conf.eth0.accept_redirects=0', 'ip addr add 10.0.0.2/24 dev eth0', 'ip route add 10.0.0.3 via 10.0.0.1'] },
        r: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.0.1/24 dev eth0', ...routerConfig] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0'] },
        sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      },
      [
        ['a:eth0', 'sw:p1'],
        ['r:eth0', 'sw:p2'],
        ['b:eth0', 'sw:p3'],
      ],
    );
  }

  it('the redirect stamps the inet_peer rate_last with no tokens left, so the port-unreachable is not sent', () => {
    const r = run(lan(['iptables -A FORWARD -p icmp -j REJECT']), 'a', 'ping -c 3 -i 0.2 -W 1 10.0.0.3');
    const icmp = tcpdumpIp(r, 'a:eth0').filter((l) => l.startsWith('IP 10.0.0.1'));
    // Seen on Linux 6.18 (fixtures/kernel/kernel-reject-redirect flow 0): three redirects, no unreachable.
    expect(icmp).toEqual(Array(3).fill('IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.3 to host 10.0.0.3, length 92'));
    expect(r.events.filter((e) => e.reason?.code === 'icmp_ratelimit_redirect').map(why)).toEqual(
      Array(3).fill("ICMP type 3 to 10.0.0.2 not sent: the ICMP redirect for this same packet just used 10.0.0.2's rate-limit token (ip_rt_send_redirect shares it with icmp_ratelimit)"),
    );
  });

  it('with a nat table in use no redirect goes out, and the REJECT is still silent', () => {
    const r = run(lan(['iptables -t nat -A POSTROUTING -s 10.99.0.0/16 -j MASQUERADE', 'iptables -A FORWARD -p icmp -j REJECT']), 'a', 'ping -c 2 -i 0.2 -W 1 10.0.0.3');
    expect(tcpdumpIp(r, 'a:eth0').filter((l) => l.startsWith('IP 10.0.0.1'))).toEqual([]);
    expect(r.events.filter((e) => e.reason?.code === 'redirect_nat')).toHaveLength(2);
  });

  it('an nft nat chain counts as a nat table in use: no redirect goes out (kernel-nft-home-router flow 2)', () => {
    const nat = ["nft -f - <<'EOF'", 'table ip nat {', '\tchain post {', '\t\ttype nat hook postrouting priority srcnat; policy accept;', '\t}', '}', 'EOF'];
    const r = run(lan(nat), 'a', 'ping -c 2 -i 0.2 -W 1 10.0.0.3');
    expect(tcpdumpIp(r, 'a:eth0').filter((l) => l.includes('redirect'))).toEqual([]);
    expect(r.events.filter((e) => e.reason?.code === 'redirect_nat')).toHaveLength(2);
  });

  it('a REJECT with no redirect still answers: the port-unreachable goes out', () => {
    const r = run(lan(['sysctl -w net.ipv4.conf.all.send_redirects=0', 'sysctl -w net.ipv4.conf.eth0.send_redirects=0', 'iptables -A FORWARD -p icmp -j REJECT']), 'a', 'ping -c 1 -W 1 10.0.0.3');
    const icmp = tcpdumpIp(r, 'a:eth0').filter((l) => l.startsWith('IP 10.0.0.1'));
    expect(icmp).toHaveLength(1);
    expect(icmp[0]).toMatch(/^IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP 10\.0\.0\.3 protocol 1 port \d+ unreachable, length 92$/);
  });
});

describe('rp_filter with src_valid_mark (fib_frontend.c __fib_validate_source)', () => {
  /** The client's 10.0.77.2 reaches s on eth1; only a fwmark rule routes 10.0.77.0/24 back through eth1. */
  function marked(srcValidMark: number) {
    return scenarioOf(
      {
        // arp_announce 2: its ARP asks from 10.0.1.2, which s accepts without any mark.
        client: { ports: ['eth0'], config: ['sysctl -w net.ipv4.conf.all.arp_announce=2', 'ip addr add 10.0.1.2/24 dev eth0', 'ip addr add 10.0.77.2/32 dev eth0'] },
        s: {
          ports: ['eth0', 'eth1'],
          config: [
            'sysctl -w net.ipv4.conf.all.rp_filter=1',
            `sysctl -w net.ipv4.conf.eth1.src_valid_mark=${srcValidMark}`,
            'ip addr add 10.0.9.2/24 dev eth0',
            'ip addr add 10.0.1.1/24 dev eth1',
            'ip route add 10.0.77.0/24 via 10.0.9.1',
            'ip route add 10.0.77.0/24 via 10.0.1.2 table 100',
            'ip rule add fwmark 1 table 100',
            'iptables -t mangle -A PREROUTING -i eth1 -j MARK --set-mark 1',
            'iptables -t mangle -A OUTPUT -d 10.0.77.0/24 -j MARK --set-mark 1',
          ],
        },
        gw: { ports: ['eth0'], config: ['ip addr add 10.0.9.1/24 dev eth0'] },
      },
      [
        ['client:eth0', 's:eth1'],
        ['s:eth0', 'gw:eth0'],
      ],
    );
  }

  it('without it the reverse lookup uses mark 0, finds the route out of eth0 and drops the echo', () => {
    const r = run(marked(0), 'client', 'ping -c 1 -W 1 -I 10.0.77.2 10.0.1.1');
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.device === 's' && e.kind === 'drop' && why(e).includes('reverse path filter'))).toBe(true);
  });

  it("with it the packet's mark takes the fwmark rule back through eth1, and the echo is answered", () => {
    expect(run(marked(1), 'client', 'ping -c 1 -W 1 -I 10.0.77.2 10.0.1.1').exit).toBe(0);
  });
});
