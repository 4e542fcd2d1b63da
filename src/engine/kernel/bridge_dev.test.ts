import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { scenarioOf, tcpdump } from '../sim/testing';

/*
 * Bridges made with `ip link add NAME type bridge` inside a device (net/bridge/br_if.c,
 * br_input.c, br_device.c): more than one per namespace, `master`/`nomaster`, and a bridge
 * with an address is an IP interface (br_pass_frame_up, br_dev_xmit). Outputs as iproute2 6.1
 * prints them in a namespace.
 */

const BRIDGED = [
  'ip link add br0 type bridge',
  'ip link set eth0 master br0',
  'ip link set eth1 master br0',
  'ip link set br0 up',
  'ip addr add 10.0.0.1/24 dev br0',
];

const lab = (boxConfig: string[] = BRIDGED) =>
  scenarioOf(
    {
      left: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      box: { kind: 'router', ports: ['eth0', 'eth1'], config: boxConfig },
      right: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0'] },
    },
    [
      ['left:eth0', 'box:eth0'],
      ['box:eth1', 'right:eth0'],
    ],
  );

describe('a bridge device made with ip link add (net/bridge)', () => {
  it('hosts on both ports reach the bridge\'s address: ARP and echo go up to br0 (br_pass_frame_up) and back out through the fdb', () => {
    const r = runCommand(lab(), 'left', 'ping -c 1 -W 1 10.0.0.1');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('64 bytes from 10.0.0.1: icmp_seq=1');
    // The reply left by the port the request came in on, not flooded to the other.
    expect(tcpdump(r, 'right:eth0').filter((l) => l.includes('ICMP'))).toEqual([]);
    expect(runCommand(lab(), 'right', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(0);
  });

  it('hosts on different ports reach each other through the bridge', () => {
    const r = runCommand(lab(), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(r.exit).toBe(0);
    expect(tcpdump(r, 'right:eth0').some((l) => l.includes('ICMP echo request'))).toBe(true);
  });

  it('a bridge that is down forwards nothing; a port made nomaster is bridged no more', () => {
    expect(runCommand(lab(BRIDGED.filter((l) => l !== 'ip link set br0 up')), 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(1);
    const r = runCommand(lab([...BRIDGED, 'ip link set eth0 nomaster']), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(r.exit).toBe(1);
    expect(tcpdump(r, 'right:eth0')).toEqual([]);
  });

  it('more than one bridge per namespace; ip link shows a new bridge down, qdisc noop, with its ports\' master', () => {
    const r = runCommand(lab(['ip link add br0 type bridge', 'ip link add br1 type bridge stp_state 1 ageing_time 1000', 'ip link set eth0 master br0', 'ip link set eth1 master br1']), 'box', 'ip -o link');
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.includes(': br1:'))).toMatch(/^\d+: br1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000/);
    expect(lines.find((l) => l.includes(': eth1:'))).toContain('master br1 state UP');
    expect(lines.find((l) => l.includes(': eth0:'))).toContain('master br0 state UP');
  });

  it('an address set on the bridge stays when ports come (br_stp_recalculate_bridge_id keeps NET_ADDR_SET), answers ARP and is the bridge\'s own fdb entry', () => {
    // As on Linux 6.18: `ip link set br0 address 02:42:5d:3a:7c:10`, then ports with lower and higher addresses.
    const config = ['ip link add br0 type bridge', 'ip link set br0 address 02:42:5d:3a:7c:10', ...BRIDGED.slice(1)];
    const r = runCommand(lab(config), 'left', 'ping -c 1 -W 1 10.0.0.1');
    expect(r.exit).toBe(0);
    expect(tcpdump(r, 'left:eth0').find((l) => l.includes('Reply 10.0.0.1'))).toContain('10.0.0.1 is-at 02:42:5d:3a:7c:10');
    expect(runCommand(lab(config), 'box', 'ip -br link show br0').stdout).toContain('02:42:5d:3a:7c:10');
    const fdb = runCommand(lab(config), 'box', 'bridge fdb show dev br0').stdout;
    expect(fdb).toBe('33:33:00:00:00:01 self permanent\n01:00:5e:00:00:01 self permanent\n02:42:5d:3a:7c:10 master br0 permanent\n');
    // `br br0` lists the bridge and its ports only, not the veth pair beside them.
    const byBridge = runCommand(lab([...config, 'ip link add d0 type veth peer name d1']), 'box', 'bridge fdb show br br0').stdout;
    expect(byBridge.split('\n').filter(Boolean).map((l) => l.split(' ')[2])).toEqual(['eth0', 'eth0', 'eth0', 'eth1', 'eth1', 'eth1', 'br0', 'br0', 'br0']);
  });

  it('without an address set the bridge takes its lowest port\'s, and its random one leaves the fdb', () => {
    const box = runCommand(lab(), 'box', 'ip -br link');
    const mac = (dev: string) => box.stdout.split('\n').find((l) => l.startsWith(`${dev} `))?.split(/\s+/)[2];
    expect(mac('br0')).toBe([mac('eth0'), mac('eth1')].sort()[0]);
    expect(runCommand(lab(), 'box', 'bridge fdb show dev br0').stdout).not.toContain('master br0');
  });

  it('errors as iproute2 6.1 prints them', () => {
    const issues = (config: string[]) => runCommand(lab(config), 'box', 'true').configIssues.map((i) => i.message);
    expect(issues(['ip link set eth0 master nope'])).toEqual(['Error: argument "nope" is wrong: Device does not exist']);
    expect(issues(['ip link set eth0 master eth1'])).toEqual(['RTNETLINK answers: Operation not supported']);
    expect(issues(['ip link add br0 type bridge stp_state x'])).toEqual(['Error: argument "x" is wrong: invalid stp_state']);
    expect(issues(['ip link add br0 type bridge mcast_snooping x'])).toEqual(['Error: argument "x" is wrong: invalid mcast_snooping']);
    expect(issues(['ip link add br0 type bridge mcast_snooping 0 ageing_time 1000'])).toEqual([]);
    expect(issues(['ip link add br0 type bridge', 'ip link add br0 type bridge'])).toEqual(['RTNETLINK answers: File exists']);
  });
});

describe('ip link show type KIND (ipaddress.c: IFLA_INFO_KIND, IFLA_INFO_SLAVE_KIND)', () => {
  const box = (command: string) => runCommand(lab(['ip link add br0 type bridge', 'ip link add v0 type veth peer name v1', 'ip link set v0 master br0', 'ip link add d0 type dummy']), 'box', command);
  const names = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
  it('lists the links of one kind, or the ports of a bridge with bridge_slave; the lab\'s ports are veths', () => {
    expect(names(box('ip -br link show type bridge').stdout)).toEqual(['br0']);
    expect(names(box('ip -br link show type bridge_slave').stdout)).toEqual(['v0@v1']);
    expect(names(box('ip -br link show type veth').stdout)).toEqual(['eth0', 'eth1', 'v1@v0', 'v0@v1']);
    expect(names(box('ip -br link show type dummy').stdout)).toEqual(['d0']);
    expect([box('ip link show type foo').stdout, box('ip link show type foo').exit]).toEqual(['', 0]);
    expect([box('ip link show dev v0 type bridge').stdout, box('ip link show dev v0 type bridge').exit]).toEqual(['', 0]);
    expect([box('ip link show type').stderr, box('ip link show type').exit]).toEqual(['Command line is not complete. Try option "help"\n', 255]);
  });

  it('master DEV lists the ports of DEV (IFLA_MASTER filter), none for a device with none; an unknown DEV is refused', () => {
    expect(names(box('ip -br link show master br0').stdout)).toEqual(['v0@v1']);
    expect(box('ip -br addr show master br0').stdout).toMatch(/^v0@v1 +DOWN +\n$/);
    expect([box('ip link show master v1').stdout, box('ip link show master v1').exit]).toEqual(['', 0]);
    expect([box('ip link show master nonex').stderr, box('ip link show master nonex').exit]).toEqual(['Error: argument "nonex" is wrong: Device does not exist\n\n', 255]);
    expect([box('ip link show master').stderr, box('ip link show master').exit]).toEqual(['Command line is not complete. Try option "help"\n', 255]);
  });
});

describe('bridge fdb show with more than one bridge (br_fdb_dump)', () => {
  it('each port lists its own bridge\'s entries', () => {
    const r = runCommand(lab(['ip link add br0 type bridge', 'ip link add br1 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br1']), 'box', 'bridge fdb show dev eth1; bridge fdb show br br1 dev eth1');
    expect(r.stdout.split('\n')[0]).toBe('02:00:00:00:02:02 master br1 permanent');
    expect(runCommand(lab(['ip link add br0 type bridge']), 'box', 'bridge fdb show br br9').stderr).toBe('Cannot find bridge device "br9"\n');
  });

  it('br X lists only that bridge and its ports (Linux 6.18)', () => {
    const r = runCommand(lab(['ip link add br0 type bridge', 'ip link add br1 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br1']), 'box', 'bridge fdb show br br1');
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(['dev eth1', 'dev eth1', 'dev eth1', 'dev br1', 'dev br1']);
  });
});

describe('a bridge\'s own address (br_stp_recalculate_bridge_id, br_set_mac_address, br_fdb_changeaddr)', () => {
  const show = (config: string[]) => runCommand(lab(config), 'box', 'ip link show br0; bridge fdb show');
  const etherOf = (out: string) => out.split('\n').find((l) => l.includes('link/ether'))!.trim().split(' ')[1];

  it('an address set with `ip link set br0 address` is kept when ports join, and frames to it go up to the bridge', () => {
    const config = ['ip link add br0 type bridge', 'ip link set br0 address 02:00:00:00:0b:01', ...BRIDGED.slice(1)];
    const r = runCommand(lab(config), 'left', 'ping -c 1 -W 1 10.0.0.1');
    expect(r.exit).toBe(0);
    expect(tcpdump(r, 'left:eth0').some((l) => l.endsWith('Reply 10.0.0.1 is-at 02:00:00:00:0b:01, length 28'))).toBe(true);
    // Linux 6.18: the bridge lists its own address after its multicast entry, as an entry of no port.
    const fdb = show(config).stdout.split('\n');
    expect(fdb.slice(fdb.indexOf('33:33:00:00:00:01 dev br0 self permanent'))).toContain('02:00:00:00:0b:01 dev br0 master br0 permanent');
  });

  it('without a set address the bridge takes its lowest port address, and follows a port whose address changes', () => {
    const ports = ['ip link add br0 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br0'];
    const before = etherOf(show(ports).stdout);
    expect(['02:00:00:00:02:01', '02:00:00:00:02:02']).toContain(before);
    const r = show([...ports, 'ip link set eth1 address 02:00:00:00:00:01']);
    expect(etherOf(r.stdout)).toBe('02:00:00:00:00:01');
    expect(r.stdout).toContain('02:00:00:00:00:01 dev eth1 master br0 permanent');
    // Once set, the address stays whatever the ports do.
    expect(etherOf(show([...ports, 'ip link set br0 address 02:00:00:00:0b:01', 'ip link set eth1 address 02:00:00:00:00:01']).stdout)).toBe('02:00:00:00:0b:01');
  });
});

describe('bridge fdb add … master (br_fdb_add)', () => {
  // right is the third device: its eth0 is 02:00:00:00:03:01.
  it('a static entry forwards to its port; a permanent one (the default) is local, so the bridge takes the frames for itself', () => {
    expect(runCommand(lab([...BRIDGED, 'bridge fdb add 02:00:00:00:03:01 dev eth1 master static']), 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(0);
    const local = runCommand(lab([...BRIDGED, 'bridge fdb add 02:00:00:00:03:01 dev eth1 master']), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(local.exit).toBe(1);
    // The echo request reached the box's own stack, not right.
    expect(local.events.some((e) => e.device === 'right' && e.kind === 'frame-received' && e.frame?.payload.kind === 'ipv4')).toBe(false);
  });
});
