import { describe, expect, it } from 'vitest';
import { packetBind } from './af_packet';
import { runCommand } from '../sim/run';
import { twoHosts } from '../sim/testing';

/*
 * `ip link add … type veth|dummy` and `ip link delete` in one namespace, as iproute2 6.1 and
 * this kernel print them (drivers/net/veth.c, drivers/net/dummy.c; observed in a namespace).
 */

const run = (config: string[], command = 'ip link') => runCommand(twoHosts(config, []), 'a', command);
/** The MACs are random (eth_random_addr): compare the rest. */
const noMacs = (s: string) => s.replace(/link\/ether \S+/g, 'link/ether MAC');
const issues = (config: string[]) => run(config, 'true').configIssues.map((i) => i.message);

const PAIR = 'ip link add v0 type veth peer name v1';

describe('veth (drivers/net/veth.c)', () => {
  it('the peer is registered first; both start down, M-DOWN (the peer is down) and qdisc noop', () => {
    expect(noMacs(run([PAIR], 'ip link show v1; ip link show v0').stdout)).toBe(
      '3: v1@v0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n' +
        '4: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n',
    );
  });

  it('one end up without its peer has no carrier (NO-CARRIER, LOWERLAYERDOWN); with both up, both have carrier', () => {
    expect(noMacs(run([PAIR, 'ip link set v0 up'], 'ip link show v0; ip link show v1').stdout)).toBe(
      '4: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n' +
        '3: v1@v0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(noMacs(run([PAIR, 'ip link set v0 up', 'ip link set v1 up'], 'ip link show v0').stdout)).toBe(
      '4: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n',
    );
    // Down again after being up: the qdisc stays (noqueue).
    expect(run([PAIR, 'ip link set v1 up', 'ip link set v1 down'], 'ip link show v1').stdout).toContain('<BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noqueue state DOWN');
  });

  it('ip -br link and ip addr name an end NAME@PEER', () => {
    const r = run([PAIR, 'ip addr add 10.9.0.1/24 dev v0'], 'ip -br link show v0; ip addr show v0');
    expect(r.stdout).toMatch(/^v0@v1 {12}DOWN {11}\S+ <BROADCAST,MULTICAST,M-DOWN> \n4: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default qlen 1000\n/);
    expect(r.stdout).toContain('    inet 10.9.0.1/24 scope global v0\n');
  });

  it('what one end transmits the other receives, only while both are up (veth_xmit → netif_rx)', () => {
    const seen: string[] = [];
    const watch = {
      onBooted: (net: { stacks: Map<string, Parameters<typeof packetBind>[0]> }) => {
        packetBind(net.stacks.get('a')!, (dev, frame) => void seen.push(`${dev.name} ${frame.payload.kind}`));
      },
    };
    const up = [PAIR, 'ip addr add 10.9.0.1/24 dev v0', 'ip link set v0 up', 'ip link set v1 up'];
    runCommand(twoHosts(up, []), 'a', 'arping -c 1 -I v0 10.9.0.2', watch);
    expect(seen).toEqual(['v1 arp']);
    seen.length = 0;
    runCommand(twoHosts(up.slice(0, 3), []), 'a', 'arping -c 1 -I v0 10.9.0.2', watch);
    expect(seen).toEqual([]);
  });

  it('names: veth%d for an end not named; a taken name is EEXIST, after the peer took an ifindex', () => {
    expect(run(['ip link add type veth'], 'ip -br link').stdout).toMatch(/\nveth0@veth1 +DOWN .*\nveth1@veth0 +DOWN /);
    expect(issues([PAIR, 'ip link add v0 type veth peer name v2'])).toEqual(['RTNETLINK answers: File exists']);
    // A name taken before the add spends no ifindex (observed: the next pair gets the next ones)...
    expect(run([PAIR, 'ip link add v1 type veth peer name v2', 'ip link add v3 type veth peer name v4'], 'ip link show v4').stdout).toMatch(/^5: v4@v3/);
    expect(run([PAIR, 'ip link add v9 type veth peer name v1', 'ip link add v3 type veth peer name v4'], 'ip link show v4').stdout).toMatch(/^5: v4@v3/);
    // ...but a peer named as the device is registered and unregistered again: ifindex 5 is spent.
    expect(issues([PAIR, 'ip link add v5 type veth peer name v5'])).toEqual(['RTNETLINK answers: File exists']);
    expect(run([PAIR, 'ip link add v5 type veth peer name v5', 'ip link add v3 type veth peer name v4'], 'ip link show v4').stdout).toMatch(/^6: v4@v3/);
  });

  it('deleting either end deletes the pair (veth_dellink), with its addresses and routes', () => {
    const r = run([PAIR, 'ip addr add 10.9.0.1/24 dev v0', 'ip link set v0 up', 'ip link del v1'], 'ip -br link; ip route');
    expect(r.stdout).toBe('lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \neth0             UP             02:00:00:00:01:01 <BROADCAST,MULTICAST,UP,LOWER_UP> \n');
  });
});

describe('veth ends in different namespaces (veth_xmit delivers in dev_net(peer))', () => {
  const CONTAINER = [
    'ip netns add ns1',
    'ip link add v0 type veth peer name c0',
    'ip link set c0 netns ns1',
    'ip addr add 10.9.0.1/24 dev v0',
    'ip link set v0 up',
    'ip -n ns1 addr add 10.9.0.2/24 dev c0',
    'ip -n ns1 link set c0 up',
  ];

  it('a ping from the namespace crosses the pair to the box and back', () => {
    const r = runCommand(twoHosts(CONTAINER, []), 'a', 'ip netns exec ns1 ping -c 1 10.9.0.1');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('1 packets transmitted, 1 received');
  });

  it('the trace shows each frame sent on one end and received on the other, each in its namespace (tcpdump on both ends sees it)', () => {
    const r = runCommand(twoHosts(CONTAINER, []), 'a', 'ip netns exec ns1 ping -c 1 10.9.0.1');
    const link = r.events.filter((e) => e.kind === 'frame-sent' || e.kind === 'frame-received').map((e) => `${e.device}:${e.port} ${e.kind} ${e.frame!.payload.kind}`);
    expect(link.slice(0, 4)).toEqual(['a/ns1:c0 frame-sent arp', 'a:v0 frame-received arp', 'a:v0 frame-sent arp', 'a/ns1:c0 frame-received arp']);
    expect(link.slice(4)).toEqual(['a/ns1:c0 frame-sent ipv4', 'a:v0 frame-received ipv4', 'a:v0 frame-sent ipv4', 'a/ns1:c0 frame-received ipv4']);
  });
});

describe('ip link set DEV name NEW (dev_change_name)', () => {
  it('renames a veth end, up or down, with its address label; the peer shows the new name; a taken name is EEXIST', () => {
    const r = run([PAIR, 'ip addr add 10.1.0.1/24 dev v0', 'ip link set v0 name w0', 'ip link set w0 up', 'ip link set w0 name x0'], 'ip addr show x0; ip link show v1');
    expect(r.stdout).toContain('4: x0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN>');
    expect(r.stdout).toContain('    inet 10.1.0.1/24 scope global x0\n');
    expect(r.stdout).toContain('3: v1@x0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN');
    expect(run([PAIR, 'ip link set v0 name w0'], 'ip link show v0').stderr).toBe('Device "v0" does not exist.\n');
    expect(issues([PAIR, 'ip link set v0 name v1'])).toEqual(['RTNETLINK answers: File exists']);
  });

  it('per-device sysctls move with the device', () => {
    expect(run([PAIR, 'sysctl -w net.ipv4.conf.v0.rp_filter=2', 'ip link set v0 name w0'], 'sysctl net.ipv4.conf.w0.rp_filter').stdout).toBe('net.ipv4.conf.w0.rp_filter = 2\n');
  });
});

describe('dummy (drivers/net/dummy.c; modelled, not recorded: the test kernel has no dummy module)', () => {
  it('NOARP, always with carrier: state UNKNOWN when up', () => {
    expect(noMacs(run(['ip link add d0 type dummy'], 'ip link show d0').stdout)).toBe('3: d0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n');
    expect(run(['ip link add d0 type dummy', 'ip link set d0 up'], 'ip link show d0').stdout).toContain('3: d0: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT');
    expect(run(['ip link add type dummy', 'ip link del dummy0'], 'ip -br link').stdout).not.toContain('dummy0');
  });
});

describe('ip link add|delete errors (iplink.c, rtnl_newlink, rtnl_dellink)', () => {
  it('prints what iproute2 6.1 prints with this kernel', () => {
    expect(issues(['ip link del v1'])).toEqual(['Cannot find device "v1"']);
    expect(issues(['ip link add x type foo'])).toEqual(['Error: Unknown device type.']);
    expect(issues(['ip link add x'])).toEqual(['Not enough information: "type" argument is required']);
    expect(issues(['ip link del'])).toEqual(['Not enough information: "dev" argument is required.']);
    expect(issues(['ip link del lo'])).toEqual(['RTNETLINK answers: Operation not supported']);
    expect(issues(['ip link add d0 type dummy', 'ip link add d0 type dummy'])).toEqual(['RTNETLINK answers: File exists']);
  });
});
