import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { describeInjected, runInject, type InjectSpec } from '../sim/inject';
import { scenarioOf } from '../sim/testing';
import { packetVerdict } from './packet-verdict';

/* The one-line answer to "where does this packet go, and why?", on traces the engine makes. */

const ip = (s: string) => parseIp4(s)!;

const server = scenarioOf(
  {
    vps: {
      ports: ['eth0'],
      config: [
        'ip addr add 91.99.148.215/32 dev eth0',
        'ip route add 172.31.1.1 dev eth0 scope link src 91.99.148.215',
        'ip route add default via 172.31.1.1 dev eth0 src 91.99.148.215',
        'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
        'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
        'iptables -A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset',
        'iptables -A INPUT -p icmp -j ACCEPT',
        'iptables -P INPUT DROP',
        'nc -lk 22 &',
      ],
    },
  },
  [],
);

const router = scenarioOf(
  {
    gw: {
      kind: 'router',
      ports: ['eth0', 'eth1'],
      config: [
        'sysctl -w net.ipv4.ip_forward=1',
        'sysctl -w net.ipv4.conf.all.rp_filter=1',
        'ip addr add 198.51.100.1/24 dev eth0',
        'ip addr add 10.0.1.1/24 dev eth1',
        'ip route add default via 198.51.100.254',
        'iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.1.2:80',
        'iptables -A FORWARD -i eth0 -o eth1 -p tcp --dport 80 -j ACCEPT',
        'iptables -P FORWARD DROP',
      ],
    },
  },
  [],
);

function verdictOf(scenario: typeof server, spec: InjectSpec) {
  const r = runInject(scenario, spec);
  expect(r.configIssues).toEqual([]);
  return packetVerdict({ device: spec.device, packetText: describeInjected(spec, r.packet?.src), inPort: spec.inPort, sendError: r.sendError, events: r.events });
}

const toVps = (dport: number, proto: InjectSpec['proto'] = 'tcp'): InjectSpec => ({ device: 'vps', inPort: 'eth0', proto, src: ip('203.0.113.5'), sport: 55234, dst: ip('91.99.148.215'), dport });
const toGw = (src: string, dst: string, dport: number): InjectSpec => ({ device: 'gw', inPort: 'eth0', proto: 'tcp', src: ip(src), sport: 55234, dst: ip(dst), dport });

describe('packetVerdict', () => {
  it('names the INPUT rule that accepted a SYN, the listener, and the SYN-ACK stuck on an unanswered ARP for the gateway', () => {
    expect(verdictOf(server, toVps(22))).toMatchObject({
      ok: true,
      text: 'tcp 203.0.113.5:55234 → 91.99.148.215:22 arriving on eth0: accepted by INPUT rule 1 (-j ACCEPT), delivered to the listener on TCP port 22; the SYN-ACK is routed out eth0 towards 172.31.1.1, but ARP for 172.31.1.1 is sent on eth0 and nobody answers (nothing is built beyond eth0), so it never leaves',
    });
  });

  it('says the kernel answers RST when nothing listens (tcp_v4_send_reset), and counts it as refused', () => {
    const v = verdictOf(server, toVps(80));
    expect(v.ok).toBe(false);
    expect(v.text).toContain('accepted by INPUT rule 2 (-j ACCEPT), nothing listens on TCP port 80: the kernel answers RST; the RST is routed out eth0 towards 172.31.1.1');
  });

  it('says a datagram for a UDP socket is delivered, and one for a port nothing listens on is answered with ICMP port unreachable', () => {
    const host = scenarioOf({ vps: { ports: ['eth0'], config: ['ip addr add 91.99.148.215/32 dev eth0', 'ip route add default dev eth0', 'nc -lu 5353 &'] } }, []);
    expect(verdictOf(host, toVps(5353, 'udp'))).toEqual({ ok: true, seq: expect.any(Number), text: 'udp 203.0.113.5:55234 → 91.99.148.215:5353 arriving on eth0: delivered to the socket on UDP port 5353' });
    const v = verdictOf(host, toVps(53, 'udp'));
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/^udp 203\.0\.113\.5:55234 → 91\.99\.148\.215:53 arriving on eth0: nothing listens on UDP port 53: the kernel answers ICMP port unreachable; the ICMP port unreachable is routed out eth0 towards 203\.0\.113\.5, but ARP/);
  });

  it("says a listener answers a stray SYN-ACK with RST (an ACK in LISTEN), and that a RST gets no answer", () => {
    const stray = verdictOf(server, { ...toVps(22), flags: 0x12 });
    expect(stray.ok).toBe(false);
    expect(stray.text).toBe('tcp 203.0.113.5:55234 → 91.99.148.215:22 arriving on eth0: accepted by INPUT rule 1 (-j ACCEPT), delivered to this box, which answers with the RST; the RST is routed out eth0 towards 172.31.1.1, but ARP for 172.31.1.1 is sent on eth0 and nobody answers (nothing is built beyond eth0), so it never leaves');
    expect(verdictOf(server, { ...toVps(22), flags: 0x04 })).toMatchObject({ ok: true, text: 'tcp 203.0.113.5:55234 → 91.99.148.215:22 arriving on eth0: accepted by INPUT rule 1 (-j ACCEPT), delivered to this box, and nothing answers it' });
  });

  it('names the chain policy that dropped it', () => {
    expect(verdictOf(server, toVps(25))).toMatchObject({ ok: false, text: 'tcp 203.0.113.5:55234 → 91.99.148.215:25 arriving on eth0: dropped in filter INPUT by policy DROP' });
  });

  it('names a REJECT rule and the answer it sends', () => {
    const v = verdictOf(server, toVps(23));
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/^tcp 203\.0\.113\.5:55234 → 91\.99\.148\.215:23 arriving on eth0: rejected: in filter INPUT by rule 3 of INPUT \(-j REJECT\); the RST is routed out eth0 towards 172\.31\.1\.1/);
  });

  it('says an echo request is answered by the kernel', () => {
    const spec: InjectSpec = { device: 'vps', inPort: 'eth0', proto: 'icmp', src: ip('203.0.113.5'), dst: ip('91.99.148.215') };
    expect(verdictOf(server, spec).text).toMatch(/^icmp 203\.0\.113\.5 → 91\.99\.148\.215 arriving on eth0: accepted by INPUT rule 4 \(-j ACCEPT\), answered by the kernel with an echo reply; the echo reply is routed out eth0 towards 172\.31\.1\.1/);
  });

  it('follows a DNATed packet through FORWARD to the port it leaves by, and the host unreachable its sender hears when ARP fails (recorded: dnat-forward)', () => {
    expect(verdictOf(router, toGw('203.0.113.5', '198.51.100.1', 8080))).toMatchObject({
      ok: true,
      text: 'tcp 203.0.113.5:55234 → 198.51.100.1:8080 arriving on eth0: DNAT to 10.0.1.2:80, forwarded, accepted by FORWARD rule 1 (-j ACCEPT), it is routed out eth1 towards 10.0.1.2, but ARP for 10.0.1.2 is sent on eth1 and nobody answers (nothing is built beyond eth1), so it never leaves; the kernel then sends ICMP host unreachable back to 203.0.113.5',
    });
  });

  it('names the original sender as the one told host unreachable when a MASQUERADEd packet finds no neighbour (nf_nat_icmp_reply_translation; recorded: kube-alone-nodeport)', () => {
    const masq = scenarioOf(
      {
        gw: {
          kind: 'router',
          ports: ['eth0', 'eth1'],
          config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.2/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'],
        },
      },
      [],
    );
    // The error quotes the packet after SNAT (from 10.0.1.1); OUTPUT's un-NAT sends it to 192.168.0.20.
    expect(verdictOf(masq, toGw('192.168.0.20', '10.0.1.5', 80)).text).toBe(
      'tcp 192.168.0.20:55234 → 10.0.1.5:80 arriving on eth0: SNAT to 10.0.1.1:55234, forwarded, it is routed out eth1 towards 10.0.1.5, but ARP for 10.0.1.5 is sent on eth1 and nobody answers (nothing is built beyond eth1), so it never leaves; the kernel then sends ICMP host unreachable back to 192.168.0.20',
    );
  });

  it('says "dropped in FORWARD by policy DROP" for a packet no FORWARD rule accepts', () => {
    expect(verdictOf(router, toGw('203.0.113.5', '10.0.1.2', 22)).text).toBe('tcp 203.0.113.5:55234 → 10.0.1.2:22 arriving on eth0: dropped in filter FORWARD by policy DROP');
  });

  it('names rp_filter for a spoofed source (fib_validate_source)', () => {
    const v = verdictOf(router, toGw('10.0.1.7', '198.51.100.1', 22));
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/^tcp 10\.0\.1\.7:55234 → 198\.51\.100\.1:22 arriving on eth0: dropped by routing: .*reverse path filter/);
  });

  it("for a local process's packet, gives the source routing chose and where it leaves", () => {
    const spec: InjectSpec = { device: 'gw', fromLocal: true, proto: 'udp', sport: 40000, dst: ip('8.8.8.8'), dport: 53 };
    expect(verdictOf(router, spec).text).toBe('udp 198.51.100.1:40000 → 8.8.8.8:53 sent by a local process on gw: it is routed out eth0 towards 198.51.100.254, but ARP for 198.51.100.254 is sent on eth0 and nobody answers (nothing is built beyond eth0), so it never leaves');
  });

  it("names the way a local packet leaves after OUTPUT's DNAT routed it again (ip_route_me_harder), not its first route's gateway (recorded: kube-clusterip-from-local)", () => {
    // As kube-proxy's ClusterIP from the node itself: the service address goes by the default route, its endpoint is on a veth.
    const node = scenarioOf(
      {
        node: { ports: ['eth0', 'veth1'], config: ['ip addr add 192.168.1.2/24 dev eth0', 'ip route add default via 192.168.1.1', 'ip addr add 10.180.0.254/32 dev veth1', 'ip route add 10.180.0.1/32 dev veth1', 'iptables -t nat -A OUTPUT -d 172.30.0.41 -p tcp --dport 80 -j DNAT --to-destination 10.180.0.1:80'] },
        pod: { ports: ['eth0'], config: ['ip addr add 10.180.0.1/32 dev eth0', 'ip route add 10.180.0.254 dev eth0', 'ip route add default via 10.180.0.254'] },
      },
      [['node:veth1', 'pod:eth0']],
    );
    const v = verdictOf(node, { device: 'node', fromLocal: true, proto: 'tcp', sport: 51000, dst: ip('172.30.0.41'), dport: 80 });
    expect(v).toMatchObject({ ok: true, text: expect.stringMatching(/^tcp 192\.168\.1\.2:51000 → 172\.30\.0\.41:80 sent by a local process on node: DNAT to 10\.180\.0\.1:80, it leaves by veth1 to 02:00:00:00:02:01$/) });
  });

  it("follows a local packet for 127.0.0.1 that OUTPUT's DNAT sends out (a published port with --userland-proxy=false), not the RST the box later gives its answer (recorded: docker28-localhost-published-port)", () => {
    const host = scenarioOf(
      {
        h: {
          ports: ['eth0'],
          config: [
            'ip addr add 192.0.2.1/24 dev eth0',
            'sysctl -w net.ipv4.conf.eth0.route_localnet=1',
            'iptables -t nat -A OUTPUT -d 127.0.0.1 -p tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80',
            'iptables -t nat -A POSTROUTING -o eth0 -m addrtype --src-type LOCAL -j MASQUERADE',
          ],
        },
        web: { ports: ['eth0'], config: ['ip addr add 192.0.2.2/24 dev eth0', 'nc -lk 80 &'] },
      },
      [['h:eth0', 'web:eth0']],
    );
    // web's SYN-ACK comes back to 127.0.0.1:51000, where no socket is: that RST is not the packet's fate.
    expect(verdictOf(host, { device: 'h', fromLocal: true, proto: 'tcp', sport: 51000, dst: ip('127.0.0.1'), dport: 8080 })).toMatchObject({
      ok: true,
      text: 'tcp 127.0.0.1:51000 → 127.0.0.1:8080 sent by a local process on h: DNAT to 192.0.2.2:80, SNAT to 192.0.2.1:51000, it leaves by eth0 to 02:00:00:00:02:01',
    });
  });

  it('says a local packet an OUTPUT rule drops is not sent, with the errno sendmsg returns (EPERM) and the rule', () => {
    const host = scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 192.0.2.1/24 dev eth0', 'ip route add default via 192.0.2.254', 'iptables -A OUTPUT -p udp --dport 53 -j DROP'] } }, []);
    expect(verdictOf(host, { device: 'h', fromLocal: true, proto: 'udp', dst: ip('8.8.8.8'), dport: 53 }).text).toBe(
      'udp 192.0.2.1:40000 → 8.8.8.8:53 sent by a local process on h: not sent (EPERM: Operation not permitted): dropped in filter OUTPUT by rule 1 of OUTPUT (-j DROP)',
    );
  });

  it('says a local packet with no route is not sent', () => {
    const lone = scenarioOf({ h: { ports: ['eth0'] } }, []);
    expect(verdictOf(lone, { device: 'h', fromLocal: true, proto: 'udp', dst: ip('8.8.8.8'), dport: 53 })).toMatchObject({ ok: false, text: expect.stringMatching(/^udp \(any\):40000 → 8\.8\.8\.8:53 sent by a local process on h: not sent \(ENETUNREACH: Network is unreachable\): dropped by routing: /) });
  });

  it('a forwarded packet is forwarded, even when its answer is dropped on another device further on', () => {
    // The router forwards the SYN to pc1, whose RST goes back out eth0 to isp, which has no route to 203.0.113.5 and drops it.
    const lan = scenarioOf(
      {
        pc1: { ports: ['eth0'], config: ['ip addr add 192.168.1.2/24 dev eth0', 'ip route add default via 192.168.1.1'] },
        router: { ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 50.60.70.80/24 dev eth0', 'ip addr add 192.168.1.1/24 dev eth1', 'ip route add default via 50.60.70.1'] },
        isp: { ports: ['eth0'], config: ['ip addr add 50.60.70.1/24 dev eth0'] },
      },
      [['pc1:eth0', 'router:eth1'], ['router:eth0', 'isp:eth0']],
    );
    const v = verdictOf(lan, { device: 'router', inPort: 'eth0', proto: 'tcp', src: ip('203.0.113.5'), sport: 55234, dst: ip('192.168.1.2'), dport: 22 });
    expect(v).toMatchObject({ ok: true, text: expect.stringMatching(/^tcp 203\.0\.113\.5:55234 → 192\.168\.1\.2:22 arriving on eth0: forwarded, .*leaves by eth1/) });
  });

  it("names the packet's own DNAT once, though its sender's RST to the SYN-ACK is DNATed again on the way in (same direction of the connection)", () => {
    // The SYN from remote is DNATed to pc1, whose SYN-ACK reaches remote; nothing listens there, so remote's RST comes back through the DNAT.
    const forward = scenarioOf(
      {
        pc1: { ports: ['eth0'], config: ['ip addr add 192.168.1.2/24 dev eth0', 'ip route add default via 192.168.1.1', 'nc -lk 80 &'] },
        router: { ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 50.60.70.80/24 dev eth0', 'ip addr add 192.168.1.1/24 dev eth1', 'iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80'] },
        remote: { ports: ['eth0'], config: ['ip addr add 50.60.70.1/24 dev eth0'] },
      },
      [['pc1:eth0', 'router:eth1'], ['router:eth0', 'remote:eth0']],
    );
    const spec: InjectSpec = { device: 'router', inPort: 'eth0', proto: 'tcp', src: ip('50.60.70.1'), sport: 55234, dst: ip('50.60.70.80'), dport: 8080 };
    const r = runInject(forward, spec);
    expect(r.events.filter((e) => e.device === 'router' && e.reason.code === 'nat' && !e.reason.reply).length).toBeGreaterThan(1);
    expect(verdictOf(forward, spec).text).toMatch(/^tcp 50\.60\.70\.1:55234 → 50\.60\.70\.80:8080 arriving on eth0: DNAT to 192\.168\.1\.2:80, forwarded, it leaves by eth1 to /);
  });
});
