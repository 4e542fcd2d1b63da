import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { formatTcpdump } from '../wire/tcpdump';
import { packetVerdict } from '../trace/packet-verdict';
import { describeInjected, INJECT_AT_NS, MARK_FROM_OUTSIDE, OUTSIDE_MAC, runInject, type InjectSpec } from './inject';
import { runCommand } from './run';
import { scenarioOf } from './testing';

/* One packet put on a lone device: the frames tcpdump on its ports would show, and its trace. */

const ip = (s: string) => parseIp4(s)!;

/** A /32 cloud server (gateway on-link), sshd listening, INPUT policy DROP but for 22 and 80. */
const server = (extra: string[] = []) =>
  scenarioOf(
    {
      vps: {
        ports: ['eth0'],
        config: [
          'ip addr add 91.99.148.215/32 dev eth0',
          'ip route add 172.31.1.1 dev eth0 scope link src 91.99.148.215',
          'ip route add default via 172.31.1.1 dev eth0 src 91.99.148.215',
          'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
          'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
          'iptables -P INPUT DROP',
          'nc -lk 22 &',
          ...extra,
        ],
      },
    },
    [],
  );

const syn = (dport: number, extra: Partial<InjectSpec> = {}): InjectSpec => ({ device: 'vps', inPort: 'eth0', proto: 'tcp', src: ip('203.0.113.5'), sport: 55234, dst: ip('91.99.148.215'), dport, ...extra });

const frames = (r: ReturnType<typeof runInject>, port: string) => (r.captures.get(port) ?? []).map((f) => `${f.dir} ${formatTcpdump(f.frame, { link: true })}`);

describe('runInject', () => {
  it('uses a unicast, locally administered source MAC (IEEE 802: bit 0 of the first octet clear, bit 1 set)', () => {
    const first = parseInt(OUTSIDE_MAC.slice(0, 2), 16);
    expect(first & 1).toBe(0);
    expect(first & 2).toBe(2);
  });

  it("puts the frame on the port as a link delivers it: to the port's own MAC, from the outside MAC, at INJECT_AT_NS", () => {
    const r = runInject(server(), syn(22));
    expect(r.configIssues).toEqual([]);
    const first = r.captures.get('vps:eth0')![0]!;
    expect(first).toMatchObject({ dir: 'in', t: r.injectedAt, frame: { src: OUTSIDE_MAC, dst: '02:00:00:00:01:01' } });
    expect(r.injectedAt).toBe(INJECT_AT_NS);
    expect(formatTcpdump(first.frame)).toContain('203.0.113.5.55234 > 91.99.148.215.22: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0');
    expect(r.events[0]).toMatchObject({ kind: 'frame-received', device: 'vps', port: 'eth0' });
  });

  it('shows the answer waiting for ARP on an unlinked port that counts as plugged in: who-has the gateway, once a second, unanswered (neigh_probe)', () => {
    const r = runInject(server(), syn(22));
    const out = frames(r, 'vps:eth0').filter((l) => l.startsWith('out'));
    expect(out.slice(0, 3)).toEqual(Array(3).fill('out 02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 172.31.1.1 tell 91.99.148.215, length 28'));
    expect(r.events.some((e) => e.reason.code === 'tcp_syn_recv')).toBe(true);
    expect(r.events.some((e) => e.reason.code === 'neigh_failed')).toBe(true);
    expect(r.events.some((e) => e.reason.code === 'link_down')).toBe(false);
  });

  it('leaves a port without a link without carrier in an ordinary run (the injection alone plugs it in)', () => {
    const r = runCommand(server(), 'vps', 'ping -c 1 -W 1 172.31.1.1');
    expect(r.events.some((e) => e.reason.code === 'link_down')).toBe(true);
  });

  it("answers a SYN for a listener with SYN-ACK straight to a permanent neighbour's MAC", () => {
    const r = runInject(server(['ip route add 203.0.113.5 dev eth0 scope link', 'ip neigh add 203.0.113.5 lladdr 02:ff:00:00:00:01 dev eth0 nud permanent']), syn(22));
    const out = frames(r, 'vps:eth0').filter((l) => l.startsWith('out'));
    expect(out[0]).toMatch(/^out 02:00:00:00:01:01 > 02:ff:00:00:00:01, .*91\.99\.148\.215\.22 > 203\.0\.113\.5\.55234: Flags \[S\.\], seq \d+, ack 1001, /);
  });

  it('sends nothing back for a SYN the INPUT policy drops', () => {
    const r = runInject(server(), syn(25));
    expect(frames(r, 'vps:eth0').filter((l) => l.startsWith('out'))).toEqual([]);
    expect(r.events.find((e) => e.kind === 'drop')?.reason).toMatchObject({ code: 'nf_drop', table: 'filter', hook: 'INPUT', policy: 'DROP' });
  });

  it('sends a local packet from the address routing chooses (the route\'s src), with the socket\'s mark on the way', () => {
    const r = runInject(server(['ip rule add fwmark 7 lookup 100', 'ip route add default via 172.31.1.1 dev eth0 table 100 src 91.99.148.215']), { device: 'vps', fromLocal: true, proto: 'udp', sport: 40000, dst: ip('8.8.8.8'), dport: 53, mark: 7 });
    expect(r.packet?.src).toBe(ip('91.99.148.215'));
    const route = r.events.find((e) => e.reason.code === 'output_route')!;
    expect(route.facts).toMatchObject({ rule: '32765: from all fwmark 0x7 lookup 100' });
  });

  it('answers a local packet with no route the errno the sender gets (ENETUNREACH)', () => {
    const lone = scenarioOf({ h: { ports: ['eth0'] } }, []);
    const r = runInject(lone, { device: 'h', fromLocal: true, proto: 'udp', dst: ip('8.8.8.8'), dport: 53 });
    expect(r.sendError).toBe('ENETUNREACH: Network is unreachable');
    expect(r.events[0]?.reason.code).toBe('no_route');
  });

  it('finds the port by its scenario name after the config renamed it, and after it moved into a namespace of the device', () => {
    const renamed = scenarioOf({ h: { ports: ['eth0'], config: ['ip link set eth0 down', 'ip link set eth0 name wan0', 'ip link set wan0 up', 'ip addr add 192.0.2.1/24 dev wan0'] } }, []);
    const r = runInject(renamed, { device: 'h', inPort: 'eth0', proto: 'icmp', src: ip('192.0.2.7'), dst: ip('192.0.2.1') });
    expect(r.events[0]).toMatchObject({ device: 'h', port: 'wan0', scenarioPort: 'eth0', kind: 'frame-received' });
    expect(r.events.some((e) => e.reason.code === 'echo_reply')).toBe(true);
    const moved = scenarioOf({ h: { ports: ['eth0'], config: ['ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 link set eth0 up', 'ip -n ns1 addr add 192.0.2.1/24 dev eth0'] } }, []);
    const m = runInject(moved, { device: 'h', inPort: 'eth0', proto: 'icmp', src: ip('192.0.2.7'), dst: ip('192.0.2.1') });
    expect(m.configIssues).toEqual([]);
    expect(m.events[0]).toMatchObject({ device: 'h/ns1', port: 'eth0', kind: 'frame-received' });
    expect(m.events.find((e) => e.reason.code === 'echo_reply')?.device).toBe('h/ns1');
    const v = packetVerdict({ device: 'h', packetText: describeInjected(m.spec), inPort: 'eth0', events: m.events });
    expect(v.text).toMatch(/^icmp 192\.0\.2\.7 → 192\.0\.2\.1 arriving on eth0: answered by the kernel with an echo reply; the echo reply is routed out eth0 towards 192\.0\.2\.7/);
  });

  it('refuses a mark on a received packet: a received skb starts with mark 0', () => {
    expect(() => runInject(server(), syn(22, { mark: 1 }))).toThrow(MARK_FROM_OUTSIDE);
  });
});
