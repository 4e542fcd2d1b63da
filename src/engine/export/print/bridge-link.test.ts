import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { scenarioOf } from '../../sim/testing';

/*
 * `bridge link` (iproute2 6.1 bridge/link.c) and the port flag it and
 * /sys/class/net/DEV/brport/hairpin_mode set (br_setlink, br_sysfs_if.c). Lines, messages and
 * statuses as seen in a namespace with a bridge over veths.
 */

const BR = ['ip link add br0 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br0', 'ip link add v0 type veth peer name v1', 'ip link set v0 master br0'];
const lab = (config: string[]) => scenarioOf({ left: { ports: ['eth0'], config: [] }, box: { kind: 'router', ports: ['eth0', 'eth1'], config: [...BR, ...config] } }, [['left:eth0', 'box:eth0']]);
const run = (config: string[], command: string) => {
  const r = runCommand(lab(config), 'box', command);
  return [r.exit, r.stdout, r.stderr];
};
const DETAILS = (hairpin: string) => `    hairpin ${hairpin} guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n`;

describe('bridge link', () => {
  it('lists the ports: flags as ip link shows them (M-DOWN: a veth whose peer is down), forwarding once the bridge is up and the port running, else disabled', () => {
    expect(run([], 'bridge link')).toEqual([0,
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state disabled priority 32 cost 2 \n' +
      '3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 \n' +
      '6: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 \n', '']);
    expect(run(['ip link set br0 up'], 'bridge link show dev eth0')).toEqual([0, '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n', '']);
    // A device that is no port prints nothing; an unknown one is an error.
    expect(run([], 'bridge link show dev v1')).toEqual([0, '', '']);
    expect(run([], 'bridge link show dev nope')).toEqual([255, '', 'Cannot find device "nope"\n']);
  });

  it('-d adds the port flags; bridge link set and a write to brport/hairpin_mode turn hairpin on and off', () => {
    expect(run([], 'bridge -d link show dev eth0')[1]).toBe(`2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state disabled priority 32 cost 2 \n${DETAILS('off')}`);
    expect(run(['bridge link set dev eth0 hairpin on'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('on'));
    expect(run(['bridge link set dev eth0 hairpin on', 'bridge link set dev eth0 hairpin off'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('off'));
    expect(run(['echo 1 > /sys/class/net/eth0/brport/hairpin_mode'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('on'));
    expect(run(['echo 1 > /sys/class/net/eth0/brport/hairpin_mode', 'echo 0 > /sys/class/net/eth0/brport/hairpin_mode'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('off'));
    expect(run(['ip link set dev eth0 type bridge_slave hairpin on'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('on'));
    expect(run(['bridge link set dev eth0 hairpin on'], 'cat /sys/class/net/eth0/brport/hairpin_mode /sys/class/net/eth1/brport/hairpin_mode')).toEqual([0, '1\n0\n', '']);
    expect(run([], 'cat /sys/class/net/v1/brport/hairpin_mode')).toEqual([1, '', 'cat: /sys/class/net/v1/brport/hairpin_mode: No such file or directory\n']);
    // A port that leaves the bridge loses the flag with it.
    expect(run(['bridge link set dev eth0 hairpin on', 'ip link set eth0 nomaster', 'ip link set eth0 master br0'], 'bridge -d link show dev eth0')[1]).toContain(DETAILS('off'));
  });

  it('refuses as iproute2, the kernel and bash do', () => {
    expect(run([], 'bridge link set dev br0 hairpin on')).toEqual([255, '', 'RTNETLINK answers: Operation not supported\n']);
    expect(run([], 'bridge link set dev v1 hairpin on')).toEqual([255, '', 'RTNETLINK answers: Operation not supported\n']);
    expect(run([], 'bridge link set dev nope hairpin on')).toEqual([255, '', 'Cannot find bridge device "nope"\n']);
    expect(run([], 'bridge link set hairpin on')).toEqual([255, '', 'Device is a required argument.\n']);
    expect(run([], 'bridge link set dev eth0 hairpin maybe')).toEqual([255, '', 'Error: argument of "hairpin" must be one of "off", "on", not "maybe"\n']);
    expect(run([], 'bridge link set dev eth0 hairpin')).toEqual([255, '', 'Command line is not complete. Try option "help"\n']);
    expect(run([], 'bridge link foo')).toEqual([255, '', 'Command "foo" is unknown, try "bridge link help".\n']);
    const issue = (line: string) => runCommand(lab([line]), 'box', 'true').configIssues[0]?.message;
    expect(issue('ip link set dev v1 type bridge_slave hairpin on')).toBe('RTNETLINK answers: Operation not supported');
    expect(issue('ip link set dev eth0 type bridge_slave hairpin maybe')).toBe('Error: argument of "hairpin" must be one of "off", "on", not "maybe"');
    expect(issue('ip link set dev eth0 type bridge_slave hairpin on up')).toMatch(/^bridge_slave: unknown option "up"\?\nUsage: \.\.\. bridge_slave \[ fdb_flush \]\n/);
    expect(run([], 'echo 1 > /sys/class/net/v1/brport/hairpin_mode')).toEqual([1, '', 'bash: /sys/class/net/v1/brport/hairpin_mode: No such file or directory\n']);
    expect(run([], 'echo abc > /sys/class/net/eth0/brport/hairpin_mode')).toEqual([1, '', 'bash: echo: write error: Invalid argument\n']);
  });
});
