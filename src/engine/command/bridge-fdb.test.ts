import { describe, expect, it } from 'vitest';
import { CommandFailure, applyConfig, type KernelConfigCommand } from '../netlink/config';
import { runCommand } from '../sim/run';
import { twoHosts } from '../sim/testing';
import { parseConfigLine } from './parse';

/*
 * `bridge fdb add|append|replace|del` on a vxlan device (iproute2 6.1 bridge/fdb.c fdb_modify;
 * the kernel's rtnl_fdb_add → vxlan_fdb_add, vxlan_fdb_update, __vxlan_fdb_delete) and what
 * `bridge fdb show` then prints: every command and line below was run in a namespace.
 */

const VX = ['ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.2 dstport 4789'];

function run(line: string, config: string[] = []): { exit: number; stderr: string } {
  const parsed = parseConfigLine(line, 1);
  if (!parsed.ok) return { exit: parsed.error.exitStatus, stderr: `${parsed.error.message}\n` };
  const stack = runCommand(twoHosts([...VX, ...config], []), 'a', 'true').network.stacks.get('a')!;
  try {
    return { exit: 0, stderr: applyConfig(stack, parsed.list[0]!.first.command as KernelConfigCommand).stderr };
  } catch (e) {
    if (!(e instanceof CommandFailure)) throw e;
    return { exit: e.exitStatus, stderr: `${e.message}\n` };
  }
}
const show = (config: string[], command = 'bridge fdb show dev vx0') => {
  const r = runCommand(twoHosts([...VX, ...config], []), 'a', command);
  expect(r.configIssues).toEqual([]);
  return r.stdout;
};

describe('bridge fdb on a vxlan device', () => {
  it('entries newest first, one line per destination; port and vni only where not the device\'s own; via for a bound device; the state word (none for dynamic)', () => {
    expect(
      show([
        'bridge fdb add 02:00:00:00:0c:01 dev vx0 dst 192.168.1.5',
        // append to a unicast entry changes nothing; only flood entries gain destinations.
        'bridge fdb append 02:00:00:00:0c:01 dev vx0 dst 192.168.1.6',
        'bridge fdb replace 02:00:00:00:0c:02 dev vx0 dst 192.168.1.7 port 5000 vni 77',
        'bridge fdb add 02:00:00:00:0c:04 dev vx0 dst 192.168.1.8 dynamic',
        'bridge fdb add 02:00:00:00:0c:06 dev vx0 dst 192.168.1.8 static',
        'bridge fdb add 02:00:00:00:0c:07 dev vx0 dst 1.2.3',
        'bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.1.9',
        'bridge fdb add 02:00:00:00:0c:0b dev vx0 dst 192.168.1.8 via eth0',
        'bridge fdb add 02:00:00:00:0c:0c dev vx0 dst 239.1.1.1 via eth0',
      ]),
    ).toBe(
      '02:00:00:00:0c:0c dst 239.1.1.1 via eth0 self permanent\n' +
        '02:00:00:00:0c:0b dst 192.168.1.8 via eth0 self permanent\n' +
        '02:00:00:00:0c:07 dst 1.2.3.0 self permanent\n' +
        '02:00:00:00:0c:06 dst 192.168.1.8 self static\n' +
        '02:00:00:00:0c:04 dst 192.168.1.8 self \n' +
        '02:00:00:00:0c:02 dst 192.168.1.7 port 5000 vni 77 self permanent\n' +
        '02:00:00:00:0c:01 dst 192.168.1.5 self permanent\n' +
        '00:00:00:00:00:00 dst 192.168.1.2 via eth0 self permanent\n' +
        '00:00:00:00:00:00 dst 192.168.1.9 self permanent\n',
    );
  });

  it('without dev: `dev vx0` after the MAC; a vxlan device lists its FDB, not the multicast addresses', () => {
    const out = show(['bridge fdb append 01:00:5e:00:00:05 dev vx0 dst 192.168.1.6', 'bridge fdb append 01:00:5e:00:00:05 dev vx0 dst 192.168.1.7'], 'bridge fdb show');
    expect(out).toBe(
      '33:33:00:00:00:01 dev eth0 self permanent\n01:00:5e:00:00:01 dev eth0 self permanent\n' +
        '01:00:5e:00:00:05 dev vx0 dst 192.168.1.6 self permanent\n01:00:5e:00:00:05 dev vx0 dst 192.168.1.7 self permanent\n' +
        '00:00:00:00:00:00 dev vx0 dst 192.168.1.2 via eth0 self permanent\n',
    );
  });

  it('replace moves a unicast entry; del with dst removes one destination, without dst the entry', () => {
    expect(show(['bridge fdb add 02:00:00:00:0c:01 dev vx0 dst 192.168.1.5', 'bridge fdb replace 02:00:00:00:0c:01 dev vx0 dst 192.168.1.6'])).toBe(
      '02:00:00:00:0c:01 dst 192.168.1.6 self permanent\n00:00:00:00:00:00 dst 192.168.1.2 via eth0 self permanent\n',
    );
    const two = ['bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.1.9', 'bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.1.10 port 99'];
    expect(show([...two, 'bridge fdb del 00:00:00:00:00:00 dev vx0 dst 192.168.1.9'])).toBe(
      '00:00:00:00:00:00 dst 192.168.1.2 via eth0 self permanent\n00:00:00:00:00:00 dst 192.168.1.10 port 99 self permanent\n',
    );
    // A destination the entry does not have is no error (and no change).
    expect(run('bridge fdb del 00:00:00:00:00:00 dev vx0 dst 192.168.1.99')).toEqual({ exit: 0, stderr: '' });
    expect(show([...two, 'bridge fdb del 00:00:00:00:00:00 dev vx0'])).toBe('');
  });

  it('`to` may name the MAC, anywhere on the line (as tutorials write it)', () => {
    expect(show(['bridge fdb append to 00:00:00:00:00:00 dst 192.168.1.9 dev vx0'])).toBe('00:00:00:00:00:00 dst 192.168.1.2 via eth0 self permanent\n00:00:00:00:00:00 dst 192.168.1.9 self permanent\n');
  });

  it.each([
    ['bridge fdb add 02:00:00:00:0c:01 dev vx0 dst 192.168.1.6', ['bridge fdb add 02:00:00:00:0c:01 dev vx0 dst 192.168.1.5'], 'RTNETLINK answers: File exists\n'],
    ['bridge fdb add 02:00:00:00:0c:03 dev vx0', [], 'RTNETLINK answers: Invalid argument\n'],
    ['bridge fdb add 02:00:00:00:0c:05 dev vx0 dst 192.168.1.8 master', [], 'RTNETLINK answers: Operation not supported\n'],
    ['bridge fdb add zz dev vx0 dst 192.168.1.8', [], 'Invalid mac address zz\n'],
    ['bridge fdb add 02:00:00:00:0c:07 dev nosuch dst 192.168.1.8', [], 'Cannot find device "nosuch"\n'],
    ['bridge fdb add 02:00:00:00:0c:07 dst 1.2.3.4', [], 'Device and address are required arguments.\n'],
    ['bridge fdb del 02:00:00:00:0c:09 dev vx0', [], 'RTNETLINK answers: No such file or directory\n'],
    ['bridge fdb add 02:00:00:00:0c:0a dev vx0 dst 192.168.1.8 vni 16777216', [], 'Error: argument "16777216" is wrong: invalid VNI\n\n'],
    ['bridge fdb add 02:00:00:00:0c:0a dev vx0 dst 192.168.1.8 port 70000', [], 'Error: argument "70000" is wrong: invalid port\n\n'],
    ['bridge fdb add 02:00:00:00:0c:0a dev vx0 dst 192.168.1.8 foo', [], 'Error: either "to" is duplicate, or "foo" is a garbage.\n'],
    ['bridge fdb replace 00:00:00:00:00:00 dev vx0 dst 192.168.1.11', [], 'Error: Cannot replace non-unicast fdb entries.\n'],
    ['bridge fdb replace 01:00:5e:00:00:05 dev vx0 dst 192.168.1.6', [], 'RTNETLINK answers: Operation not supported\n'],
  ])('%s: exit 255', (line, config, stderr) => {
    expect(run(line, config)).toEqual({ exit: 255, stderr });
  });
});

/*
 * `bridge fdb … master` on a bridge port: the bridge's own FDB (br_fdb_add → fdb_add_entry,
 * br_fdb_delete). Every command, status and line below was run in a namespace on this kernel.
 */
describe('bridge fdb on a bridge port (master)', () => {
  const BR = ['ip link add br0 type bridge mcast_snooping 0', 'ip link add v0 address 02:00:00:00:aa:01 type veth peer name v1', 'ip link set v0 master br0', 'ip link set br0 up', 'ip link set v0 up'];
  const onBridge = (config: string[], command: string) => {
    const r = runCommand(twoHosts([...BR, ...config], []), 'a', command);
    expect(r.configIssues).toEqual([]);
    return r;
  };

  it('static is forwarded to the port and never ages, permanent (the default) is local; newest first', () => {
    const r = onBridge(['bridge fdb add 02:11:22:33:44:55 dev v0 master static', 'bridge fdb add 02:11:22:33:44:66 dev v0 master', 'bridge fdb replace 02:11:22:33:44:55 dev v0 master static', 'sleep 400'], 'bridge fdb show dev v0');
    expect(r.stdout).toBe('02:11:22:33:44:66 master br0 permanent\n02:11:22:33:44:55 master br0 static\n02:00:00:00:aa:01 master br0 permanent\n33:33:00:00:00:01 self permanent\n01:00:5e:00:00:01 self permanent\n');
  });

  it('refuses as the kernel does: an entry that exists, a dynamic one on a port that cannot learn, a device that is no port, and a delete of nothing', () => {
    expect(run('bridge fdb add 02:11:22:33:44:55 dev v0 master static', [...BR, 'bridge fdb add 02:11:22:33:44:55 dev v0 master static'])).toEqual({ exit: 255, stderr: 'RTNETLINK answers: File exists\n' });
    // v1 is down, so v0 has no carrier: its port is disabled and learns nothing.
    expect(run('bridge fdb add 02:11:22:33:44:77 dev v0 master dynamic', BR)).toEqual({ exit: 255, stderr: 'RTNETLINK answers: Operation not permitted\n' });
    expect(run('bridge fdb add 02:11:22:33:44:88 dev v1 master static', BR)).toEqual({ exit: 255, stderr: 'RTNETLINK answers: Operation not supported\n' });
    expect(run('bridge fdb add 02:11:22:33:44:99 dev br0 master static', BR)).toEqual({ exit: 255, stderr: 'RTNETLINK answers: Operation not supported\n' });
    expect(run('bridge fdb del 02:11:22:33:44:55 dev v0 master', [...BR, 'bridge fdb add 02:11:22:33:44:55 dev v0 master static', 'bridge fdb del 02:11:22:33:44:55 dev v0 master'])).toEqual({ exit: 255, stderr: 'RTNETLINK answers: No such file or directory\n' });
  });

});
