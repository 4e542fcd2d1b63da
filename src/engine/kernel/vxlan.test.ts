import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskChance } from '../conformance/normalise';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { runCommand } from '../sim/run';
import { scenarioOf, twoHosts } from '../sim/testing';
import { formatTcpdump } from '../wire/tcpdump';
import type { Ipv4Packet } from '../wire/types';
import { decodeVxlan } from '../wire/vxlan';

/*
 * A VXLAN device (drivers/net/vxlan/vxlan_core.c) as this kernel runs it, observed in
 * namespaces and recorded in fixtures/scenarios/kernel-vxlan.json: encapsulation to the FDB's
 * destinations through the host's routing and iptables, decapsulation by VNI, learning.
 */

const vx = (me: number, peer: number, opts = '') => [
  `ip addr add 192.168.1.${me}/24 dev eth0`,
  `ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.${peer} dstport 4789${opts}`,
  `ip link set vx0 address 02:00:00:00:0a:0${me}`,
  'ip link set vx0 up',
  `ip addr add 10.9.0.${me}/24 dev vx0`,
];
const A = vx(1, 2);
const B = vx(2, 1);

/** What `tcpdump -n -i eth0` on box a prints (the inner frame on its own line). */
const wire = (r: ReturnType<typeof runCommand>, port = 'a:eth0') => (r.captures.get(port) ?? []).map((c) => formatTcpdump(c.frame, { link: false }));
const outer = (r: ReturnType<typeof runCommand>, port = 'a:eth0') =>
  (r.captures.get(port) ?? []).map((c) => c.frame.payload).filter((p): p is Ipv4Packet => p.kind === 'ipv4' && p.payload.kind === 'udp');

describe('vxlan device (vxlan_newlink)', () => {
  it("MTU: the lower device's less 50 (VXLAN_HEADROOM) with dev, else 1500; always carrier, operstate UNKNOWN; no NAME@LOWER", () => {
    const r = runCommand(twoHosts([...A, 'ip link add vx1 type vxlan id 43 dstport 4789'], []), 'a', 'ip link show vx0; ip link show vx1');
    expect(r.stdout).toBe(
      '3: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:0a:01 brd ff:ff:ff:ff:ff:ff\n' +
        '4: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether ${r.network.stacks.get('a')!.byName.get('vx1')!.mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
  });
});

describe('vxlan and its lower device', () => {
  const veth = ['ip link add e0 type veth peer name e1', 'ip link add vx0 type vxlan id 42 dev e0 remote 192.168.1.2 dstport 4789', 'ip link add vx1 type vxlan id 43 local 1.2.3.4 dstport 4789', 'bridge fdb append 00:00:00:00:00:00 dev vx1 dst 5.5.5.5 via e0'];

  it('deleting the lower device deletes the vxlan on it (vxlan_handle_lowerdev_unregister); an entry bound to it stays, shown by ifindex', () => {
    const r = runCommand(twoHosts([...veth, 'ip link del e0'], []), 'a', 'ip -br link show vx0; bridge fdb show dev vx1');
    expect(r.stderr).toBe('Device "vx0" does not exist.\n');
    expect(r.stdout).toBe('00:00:00:00:00:00 dst 5.5.5.5 via if4 self permanent\n');
  });

  it("the MTU may not exceed the lower device's less 50 (vxlan_change_mtu: EINVAL)", () => {
    const r = runCommand(twoHosts([...veth, 'ip link set vx0 mtu 1451', 'ip link set vx0 mtu 1400', 'ip link set vx1 mtu 9000'], []), 'a', 'ip link show vx0; ip link show vx1');
    expect(r.configIssues.map((i) => [i.line, i.message])).toEqual([[5, 'RTNETLINK answers: Invalid argument']]);
    expect(r.stdout).toMatch(/^\d+: vx0: <BROADCAST,MULTICAST> mtu 1400 .*\n.*\n\d+: vx1: <BROADCAST,MULTICAST> mtu 9000 /);
  });
});

describe('encapsulation (vxlan_xmit, vxlan_xmit_one)', () => {
  it('a frame for the remote leaves as UDP to dstport, TTL 64, DF clear, source port from the inner flow in ip_local_port_range', () => {
    const r = runCommand(twoHosts(A, B), 'a', 'ping -c 2 -W 2 10.9.0.2');
    expect(r.exit).toBe(0);
    const lines = wire(r).filter((l) => l.startsWith('IP 192.168.1.'));
    expect(lines.map((l) => l.replace(/\.\d+ > /, '.P > '))).toEqual([
      'IP 192.168.1.1.P > 192.168.1.2.4789: VXLAN, flags [I] (0x08), vni 42\nARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28',
      'IP 192.168.1.2.P > 192.168.1.1.4789: VXLAN, flags [I] (0x08), vni 42\nARP, Reply 10.9.0.2 is-at 02:00:00:00:0a:02, length 28',
      expect.stringMatching(/^IP 192\.168\.1\.1\.P > 192\.168\.1\.2\.4789: VXLAN, flags \[I\] \(0x08\), vni 42\nIP 10\.9\.0\.1 > 10\.9\.0\.2: ICMP echo request, id \d+, seq 1, length 64$/),
      expect.stringMatching(/^IP 192\.168\.1\.2\.P > 192\.168\.1\.1\.4789: VXLAN.*\nIP 10\.9\.0\.2 > 10\.9\.0\.1: ICMP echo reply, id \d+, seq 1/),
      expect.stringMatching(/ICMP echo request, id \d+, seq 2/),
      expect.stringMatching(/ICMP echo reply, id \d+, seq 2/),
    ]);
    const pkts = outer(r);
    expect(pkts.every((p) => p.ttl === 64 && !p.df)).toBe(true);
    const sports = pkts.map((p) => (p.payload.kind === 'udp' ? p.payload.sport : 0));
    expect(sports.every((s) => s >= 32768 && s <= 60999)).toBe(true);
    // The same flow hashes to the same port: both echo requests share one.
    expect(sports[2]).toBe(sports[4]);
    expect(sports[0]).not.toBe(sports[2]);
  });

  it('srcport MIN MAX bounds the outer source port', () => {
    const r = runCommand(twoHosts(vx(1, 2, ' srcport 5000 5010'), B), 'a', 'ping -c 1 -W 2 10.9.0.2');
    const mine = outer(r).filter((p) => p.src === 0xc0a80101);
    expect(mine.length).toBe(2);
    for (const p of mine) expect(p.payload.kind === 'udp' && p.payload.sport >= 5000 && p.payload.sport < 5010).toBe(true);
  });

  it('the default entry with two destinations (remote + bridge fdb append): copies to the appended one first, the first one last', () => {
    const three = scenarioOf(
      {
        a: { ports: ['eth0'], config: [...A, 'bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.1.3'] },
        sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
        b: { ports: ['eth0'], config: B },
        c: { ports: ['eth0'], config: vx(3, 1) },
      },
      [['a:eth0', 'sw:p1'], ['sw:p2', 'b:eth0'], ['sw:p3', 'c:eth0']],
    );
    const r = runCommand(three, 'a', 'ping -c 1 -W 2 10.9.0.2');
    expect(r.exit).toBe(0);
    const arps = outer(r).filter((p) => p.src === 0xc0a80101).map((p) => p.dst);
    expect(arps.slice(0, 2)).toEqual([0xc0a80103, 0xc0a80102]);
    // c learned a's MAC from the flooded request.
    expect(runCommand(three, 'c', 'ping -c 1 -W 2 10.9.0.1 && bridge fdb show dev vx0').stdout).toContain('02:00:00:00:0a:01 dst 192.168.1.1 self \n00:00:00:00:00:00 dst 192.168.1.1 via eth0 self permanent\n');
  });

  it("a `local` address the box does not have: no route for the outer packet, nothing leaves", () => {
    const r = runCommand(twoHosts(vx(1, 2, ' local 192.168.1.77'), B), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(wire(r)).toEqual([]);
  });

  it('without a matching or default entry the frame is dropped: nothing leaves', () => {
    const r = runCommand(twoHosts(['ip addr add 192.168.1.1/24 dev eth0', 'ip link add vx0 type vxlan id 42 dstport 4789', 'ip link set vx0 up', 'ip addr add 10.9.0.1/24 dev vx0'], B), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(wire(r)).toEqual([]);
    expect(r.events.some((e) => e.reason.code === 'vxlan_drop' && e.reason.detail === 'no_fdb')).toBe(true);
  });

  it("the outer packet is the host's own: iptables OUTPUT sees it (a DROP of udp dport 4789 stops the tunnel)", () => {
    const r = runCommand(twoHosts([...A, 'iptables -A OUTPUT -p udp --dport 4789 -j DROP'], B), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(outer(r)).toEqual([]);
  });
});

describe('decapsulation (vxlan_rcv)', () => {
  it('learning: the inner source MAC is learned at the outer source address (trailing space: no state word)', () => {
    const r = runCommand(twoHosts(A, B), 'b', 'ping -c 1 -W 2 10.9.0.1 && bridge fdb show dev vx0');
    expect(r.stdout.split('\n').slice(-3).join('\n')).toBe('02:00:00:00:0a:01 dst 192.168.1.1 self \n00:00:00:00:00:00 dst 192.168.1.1 via eth0 self permanent\n');
    const off = runCommand(twoHosts(A, vx(2, 1, ' nolearning')), 'b', 'ping -c 1 -W 2 10.9.0.1 && bridge fdb show dev vx0');
    expect(off.stdout.split('\n').slice(-2).join('\n')).toBe('00:00:00:00:00:00 dst 192.168.1.1 via eth0 self permanent\n');
  });

  it('a learned entry ages out `ageing` seconds after a frame last refreshed it; the default entry stays', () => {
    const aged = (wait: number) => runCommand(twoHosts(A, vx(2, 1, ' ageing 20')), 'b', `ping -c 1 -W 2 10.9.0.1 && sleep ${wait} && bridge fdb show dev vx0`).stdout.split('\n').slice(-3).join('\n');
    // node a's neighbour probe (about 5 s after the echo) is the last frame to refresh it.
    expect(aged(10)).toBe('02:00:00:00:0a:01 dst 192.168.1.1 self \n00:00:00:00:00:00 dst 192.168.1.1 via eth0 self permanent\n');
    expect(aged(40)).toMatch(/\n00:00:00:00:00:00 dst 192.168.1.1 via eth0 self permanent\n$/);
    expect(aged(40)).not.toContain('02:00:00:00:0a:01');
  });

  it('up binds the port: a UDP socket already on it refuses (EADDRINUSE) and the device stays down', () => {
    const r = runCommand(twoHosts(['nc -u -l 4789 &', 'ip link add vx0 type vxlan id 42 dstport 4789', 'ip link set vx0 up'], []), 'a', 'ip link show vx0');
    expect(r.configIssues.map((i) => [i.line, i.message])).toEqual([[3, 'RTNETLINK answers: Address already in use']]);
    expect(r.stdout).toMatch(/^3: vx0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN /);
  });

  it('the socket exists only while a vxlan device on the port is up: else the datagram gets a port unreachable', () => {
    const r = runCommand(twoHosts(A, [...B, 'ip link set vx0 down']), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(wire(r, 'b:eth0').some((l) => l.includes('udp port 4789 unreachable'))).toBe(true);
  });

  it("moved into another namespace, the device still tunnels through the namespace it was made in (vxlan->net), and receives there", () => {
    const moved = ['ip addr add 192.168.1.1/24 dev eth0', 'ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.2 dstport 4789', 'ip netns add pod', 'ip link set vx0 netns pod',
      'ip -n pod link set vx0 address 02:00:00:00:0a:01', 'ip -n pod link set vx0 up', 'ip -n pod addr add 10.9.0.1/24 dev vx0'];
    const r = runCommand(twoHosts(moved, B), 'a', 'ip netns exec pod ping -c 1 -W 2 10.9.0.2');
    expect(r.configIssues).toEqual([]);
    expect(r.exit).toBe(0);
    expect(wire(r).filter((l) => l.includes('VXLAN')).length).toBe(4);
  });

  it('the datagram reaches the vxlan socket through INPUT: a DROP of udp dport 4789 there stops decapsulation', () => {
    const r = runCommand(twoHosts(A, [...B, 'iptables -A INPUT -p udp --dport 4789 -j DROP']), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.device === 'b' && e.reason.code === 'vxlan_decap')).toBe(false);
  });

  it('a VNI no device has is dropped', () => {
    const r = runCommand(twoHosts(A, vx(2, 1).map((l) => l.replace('id 42', 'id 43'))), 'a', 'ping -c 1 -W 1 10.9.0.2');
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.reason.code === 'vxlan_drop' && e.reason.detail === 'no_vni')).toBe(true);
  });

  it('the VXLAN payload holds the header (I flag, VNI) and the whole inner frame', () => {
    const r = runCommand(twoHosts(A, B), 'a', 'ping -c 1 -W 2 10.9.0.2');
    const udp = outer(r)[0]!.payload;
    const v = udp.kind === 'udp' ? decodeVxlan(udp.data) : undefined;
    expect(v).toMatchObject({ flags: 0x08, vni: 42, inner: { src: '02:00:00:00:0a:01', dst: 'ff:ff:ff:ff:ff:ff', payload: { kind: 'arp' } } });
  });

  it('a vxlan port of a bridge: decapsulated frames enter the bridge, which learns them on the port; bridge fdb show lists its entries, then the vxlan\'s own', () => {
    const bridged = ['ip addr add 192.168.1.1/24 dev eth0', 'ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.2 dstport 4789', 'ip link set vx0 address 02:00:00:00:0a:01', 'ip link set vx0 up',
      'ip link add br0 type bridge mcast_snooping 0', 'ip link set vx0 master br0', 'ip link set br0 up', 'ip addr add 10.9.0.1/24 dev br0'];
    const r = runCommand(twoHosts(bridged, B), 'a', 'ping -c 1 -W 2 10.9.0.2 && bridge fdb show dev vx0');
    expect(r.exit).toBe(0);
    expect(r.stdout.split('\n').slice(-5).join('\n')).toBe(
      '02:00:00:00:0a:02 master br0 \n02:00:00:00:0a:01 master br0 permanent\n02:00:00:00:0a:02 dst 192.168.1.2 self \n00:00:00:00:00:00 dst 192.168.1.2 via eth0 self permanent\n',
    );
  });
});

describe('kernel-vxlan, recorded', () => {
  it("flow 3's bridge fdb show (the learned entry, then the default one) is what the kernel printed", () => {
    const parsed = parseScenario(readFileSync(new URL('../../../fixtures/scenarios/kernel-vxlan.json', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error('kernel-vxlan does not parse');
    const rec = JSON.parse(readFileSync(new URL('../../../fixtures/kernel/kernel-vxlan/flow3/result.json', import.meta.url), 'utf8')) as { stdout: string };
    expect(maskChance(runFlow(parsed.scenario, 3).stdout)).toBe(maskChance(rec.stdout));
  });
});

describe("flannel's vxlan backend (kernel-vxlan flow 2): what the trace says where the wire says nothing", () => {
  const parsed = parseScenario(readFileSync(new URL('../../../fixtures/scenarios/kernel-vxlan.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error('kernel-vxlan does not parse');
  const events = runFlow(parsed.scenario, 2).events.filter((e) => e.device === 'node1');

  it('the onlink route is named with its flag, as ip route prints it', () => {
    expect(events.find((e) => e.reason.code === 'output_route')?.reason).toMatchObject({ route: '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' });
  });

  it('the next hop comes from the permanent neighbour entry (neigh_resolve_output, NUD_PERMANENT): no ARP on flannel.1', () => {
    expect(events.find((e) => e.port === 'flannel.1' && e.kind === 'arp-cache')?.reason).toEqual({ code: 'neigh_permanent', ip: 0x0af40200, mac: '02:00:00:00:0f:02', dev: 'flannel.1' });
    expect(events.some((e) => e.port === 'flannel.1' && e.kind === 'arp-request')).toBe(false);
  });

  it("the remote comes from the FDB entry for the inner destination MAC (vxlan_find_mac), not the default entry", () => {
    expect(events.find((e) => e.reason.code === 'vxlan_encap')?.reason).toMatchObject({ dev: 'flannel.1', remote: 0xc0a80202, port: 8472, fdb: '02:00:00:00:0f:02' });
  });
});
