import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { scenarioOf, tcpdump, tcpdumpIp, twoHosts } from '../sim/testing';

/*
 * 802.1Q VLAN devices (net/8021q; iproute2 ip/iplink_vlan.c). Modelled, not recorded: the
 * test kernel has no 8021q module (`ip link add … type vlan` answers "Error: Unknown device
 * type." there), so the kernel's side is read from its source: vlan_validate and vlan_newlink's
 * extack messages, vlan_dev_open, vlan_device_event, vlan_do_receive.
 */

const VLAN = (addr: string) => ['ip link add link eth0 name eth0.10 type vlan id 10', 'ip link set eth0.10 up', `ip addr add ${addr}/24 dev eth0.10`];
const run = (a: string[], command: string, b: string[] = [], on = 'a') => runCommand(twoHosts(a, b), on, command);
const issues = (config: string[]) => run(config, 'true').configIssues.map((i) => i.message);

describe('ip link add link DEV name NAME type vlan id N', () => {
  it('NAME@DEV with the real device address and MTU, down, qdisc noop; vlan%d unnamed', () => {
    expect(run(['ip link add link eth0 name eth0.10 type vlan id 10'], 'ip link show eth0.10').stdout).toBe(
      '3: eth0.10@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(run(['ip link add link eth0 type vlan id 7'], 'ip -br link show type vlan').stdout).toMatch(/^vlan0@eth0 +DOWN +02:00:00:00:01:01 /);
  });

  it("iproute2's and the kernel's refusals (vlan_parse_opt, vlan_validate, vlan_newlink)", () => {
    expect(issues(['ip link add link eth0 name v type vlan'])).toEqual(['Error: 8021q: VLAN id not specified.']);
    expect(issues(['ip link add link eth0 name v type vlan id 4095'])).toEqual(['Error: 8021q: Invalid VLAN id.']);
    expect(issues(['ip link add link eth0 name v type vlan id x'])).toEqual(['Error: argument "x" is wrong: id is invalid']);
    expect(issues(['ip link add name v type vlan id 10'])).toEqual(['Error: 8021q: link not specified.']);
    expect(issues(['ip link add link lo name v type vlan id 10'])).toEqual(['Error: 8021q: VLANs not supported on device.']);
    expect(issues(['ip link add link eth0 name v type vlan id 10', 'ip link add link eth0 name w type vlan id 10'])).toEqual(['Error: 8021q: VLAN device already exists.']);
    expect(issues(['ip link add link nope name v type vlan id 10'])).toEqual(['Cannot find device "nope"']);
    expect(issues(['ip link add link eth0 name v type vlan id 10 foo'])[0]).toMatch(/^vlan: unknown command "foo"\?\nUsage: \.\.\. vlan id VLANID\n/);
    // The same VID under 802.1ad is another device.
    expect(issues(['ip link add link eth0 name v type vlan id 10', 'ip link add link eth0 name w type vlan protocol 802.1ad id 10'])).toEqual([]);
  });

  it("MTU: no larger than the real device's (vlan_dev_change_mtu); shrinks with it (NETDEV_CHANGEMTU)", () => {
    expect(issues(['ip link add link eth0 name v type vlan id 10', 'ip link set v mtu 1600'])).toEqual(['RTNETLINK answers: Invalid argument']);
    expect(run(['ip link add link eth0 name v type vlan id 10', 'ip link set eth0 mtu 1400'], 'ip link show v').stdout).toMatch(/^3: v@eth0: <BROADCAST,MULTICAST> mtu 1400 /);
  });

  it('comes up only while the real device is up (vlan_dev_open), and follows it down and up (vlan_device_event)', () => {
    expect(issues(['ip link set eth0 down', 'ip link add link eth0 name v type vlan id 10', 'ip link set v up'])).toEqual(['RTNETLINK answers: Network is down']);
    const down = run(['ip link add link eth0 name v type vlan id 10', 'ip link set v up', 'ip link set eth0 down'], 'ip -br link show v');
    expect(down.stdout).toMatch(/^v@eth0 +DOWN /);
    // NETDEV_UP brings every vlan device of the real device up, even one never up before.
    const up = run(['ip link add link eth0 name v type vlan id 10', 'ip link set eth0 down', 'ip link set eth0 up'], 'ip -br link show v');
    expect(up.stdout).toMatch(/^v@eth0 +UP /);
  });
});

describe('802.1Q on the wire (vlan_dev_hard_start_xmit, vlan_do_receive)', () => {
  it('two hosts on VLAN 10 reach each other; every frame carries the tag, tcpdump without -e shows none', () => {
    const r = run(VLAN('10.0.10.1'), 'ping -c 1 -W 1 10.0.10.2', VLAN('10.0.10.2'));
    expect(r.exit).toBe(0);
    const lines = tcpdump(r, 'a:eth0');
    expect(lines[0]).toBe('02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 46: vlan 10, p 0, ethertype ARP (0x0806), Request who-has 10.0.10.2 tell 10.0.10.1, length 28');
    expect(lines.every((l) => l.includes(', ethertype 802.1Q (0x8100), length ') && l.includes(': vlan 10, p 0, ethertype '))).toBe(true);
    expect(tcpdumpIp(r, 'a:eth0')[0]).toBe('ARP, Request who-has 10.0.10.2 tell 10.0.10.1, length 28');
  });

  it('untagged traffic stays with the real device beside its vlan devices', () => {
    const a = ['ip addr add 10.0.0.1/24 dev eth0', ...VLAN('10.0.10.1')];
    const b = ['ip addr add 10.0.0.2/24 dev eth0', ...VLAN('10.0.10.2')];
    const r = run(a, 'ping -c 1 -W 1 10.0.0.2', b);
    expect(r.exit).toBe(0);
    expect(tcpdump(r, 'a:eth0').some((l) => l.includes('802.1Q'))).toBe(false);
  });

  it('a VID without a vlan device on the receiver is dropped (PACKET_OTHERHOST), as is a tagged frame for a device that is down', () => {
    const other = ['ip link add link eth0 name eth0.20 type vlan id 20', 'ip link set eth0.20 up', 'ip addr add 10.0.10.2/24 dev eth0.20', 'ip addr add 10.0.10.3/24 dev eth0'];
    const r = run(VLAN('10.0.10.1'), 'ping -c 1 -W 1 10.0.10.2', other);
    expect(r.exit).toBe(1);
    expect(r.events.find((e) => e.reason.code === 'vlan_no_device')?.reason).toEqual({ code: 'vlan_no_device', dev: 'eth0', vid: 10 });
    expect(run(VLAN('10.0.10.1'), 'ping -c 1 -W 1 10.0.10.3', other).exit).toBe(1);
    const down = run(VLAN('10.0.10.1'), 'ping -c 1 -W 1 10.0.10.2', [...VLAN('10.0.10.2'), 'ip link set eth0.10 down']);
    expect(down.exit).toBe(1);
    expect(down.events.some((e) => e.reason.code === 'upper_down' && e.reason.dev === 'eth0.10')).toBe(true);
  });

  it('a bridge without VLAN filtering forwards tagged frames as they are', () => {
    const s = scenarioOf(
      { a: { ports: ['eth0'], config: VLAN('10.0.10.1') }, sw: { kind: 'switch', ports: ['p1', 'p2'] }, b: { ports: ['eth0'], config: VLAN('10.0.10.2') } },
      [
        ['a:eth0', 'sw:p1'],
        ['sw:p2', 'b:eth0'],
      ],
    );
    const r = runCommand(s, 'a', 'ping -c 1 -W 1 10.0.10.2');
    expect(r.exit).toBe(0);
    expect(tcpdump(r, 'sw:p2')[0]).toContain('ethertype 802.1Q (0x8100), length 46: vlan 10, p 0, ethertype ARP (0x0806)');
  });
});
