import { describe, expect, it } from 'vitest';
import { CommandFailure, applyConfig, type KernelConfigCommand } from '../netlink/config';
import { runCommand } from '../sim/run';
import { twoHosts } from '../sim/testing';
import { parseConfigLine } from './parse';

/*
 * `ip link add NAME type vxlan ...` as iproute2 6.1 parses it (ip/iplink_vxlan.c) and this
 * kernel answers it (drivers/net/vxlan): messages, streams and exit statuses observed in a
 * namespace.
 */

const BASE = ['ip addr add 192.168.1.1/24 dev eth0'];

/** One config line on a box already configured with `config`: its exit status and stderr, as bash would see them. */
function run(line: string, config: string[] = []): { exit: number; stdout: string; stderr: string } {
  const parsed = parseConfigLine(line, 1);
  if (!parsed.ok) return { exit: parsed.error.exitStatus, stdout: '', stderr: `${parsed.error.message}\n` };
  const stack = runCommand(twoHosts([...BASE, ...config], []), 'a', 'true').network.stacks.get('a')!;
  try {
    return { exit: 0, ...applyConfig(stack, parsed.list[0]!.first.command as KernelConfigCommand) };
  } catch (e) {
    if (!(e instanceof CommandFailure)) throw e;
    return { exit: e.exitStatus, stdout: '', stderr: `${e.message}\n` };
  }
}
const USAGE_HEAD = 'Usage: ... vxlan id VNI\n\t\t[ { group | remote } IP_ADDRESS ]\n';

describe('ip link add type vxlan (iplink_vxlan.c vxlan_parse_opt)', () => {
  it('without dstport: the device is made, with the warning on stderr and exit 0; the kernel default port is 8472', () => {
    const r = run('ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.2');
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
    expect(run('ip link add vx0 type vxlan id 42 dstport 0').stderr).toBe('');
  });

  it.each([
    ['ip link add vx2 type vxlan dev eth0 dstport 4789 remote 192.168.1.2', 1, 'vxlan: missing virtual network identifier\n'],
    ['ip link add vx2 type vxlan id 44 dstport 4789 remote 192.168.1.2 group 239.1.1.1', 1, 'vxlan: both group and remote cannot be specified\n'],
    ['ip link add vx2 type vxlan id 44 dstport 4789 group 239.1.1.1 remote 192.168.1.2', 1, 'vxlan: both group and remote cannot be specified\n'],
    ['ip link add vx2 type vxlan id 44 dstport 4789 group 1.1.1.1', 255, 'Error: argument "1.1.1.1" is wrong: invalid group address\n'],
    ['ip link add vx2 type vxlan id 44 dstport 4789 remote 239.1.1.1', 255, 'Error: argument "239.1.1.1" is wrong: invalid remote address\n'],
    ['ip link add vx2 type vxlan id 44 dstport 4789 group 239.1.1.1', 1, "vxlan: 'group' requires 'dev' to be specified\n"],
    ['ip link add vx3 type vxlan id 16777216 dstport 4789', 255, 'Error: argument "16777216" is wrong: invalid id\n'],
    ['ip link add vx3 type vxlan id abc dstport 4789', 255, 'Error: argument "abc" is wrong: invalid id\n'],
    ['ip link add vx3 type vxlan id 45 dstport 4789 port 100', 255, 'Command line is not complete. Try option "help"\n'],
    ['ip link add vx3 type vxlan id 45 dstport 4789 ttl 300', 255, 'Error: argument "300" is wrong: TTL must be <= 255\n'],
    ['ip link add vx9 type vxlan id 9 dev nosuch dstport 0', 255, 'Cannot find device "nosuch"\n'],
    ['ip link add vx9 type vxlan id 9 dstport 0 local any', 255, 'Error: argument "any" is wrong: invalid local address\n'],
    ['ip link add vx10 type vxlan id 10 dstport 0 id 11', 255, 'Error: either "id" is duplicate, or "11" is a garbage.\n'],
    ['ip link add vx12 type vxlan id 13 dstport 0 ttl 0 nolearning learning', 255, 'Error: either "learning" is duplicate, or "learning" is a garbage.\n'],
    ['ip link add vx9 type vxlan id 9 remote foo', 1, 'Error: any valid address is expected rather than "foo".\n'],
    ['ip link add vx9 type vxlan id 9 local 1.2.3.4 remote foo', 1, 'Error: inet address is expected rather than "foo".\n'],
    ['ip link add vx9 type vxlan id 9 remote 1.2.3.4 remote 1.2.3.5', 255, 'Error: either "remote" is duplicate, or "1.2.3.5" is a garbage.\n'],
  ])('%s: exit %i', (command, exit, stderr) => {
    const r = run(command);
    expect(r.exit).toBe(exit);
    expect(r.stderr).toBe(stderr);
  });

  it('an unknown word prints the usage (exit 1); so does help', () => {
    const r = run('ip link add vx3 type vxlan id 45 dstport 4789 foo');
    expect(r.exit).toBe(1);
    expect(r.stderr.startsWith(`vxlan: unknown command "foo"?\n${USAGE_HEAD}`)).toBe(true);
    expect(r.stderr.endsWith('\t\t[ [no]vnifilter ]\n\nWhere:\tVNI\t:= 0-16777215\n\tADDR\t:= { IP_ADDRESS | any }\n\tTOS\t:= { NUMBER | inherit }\n\tTTL\t:= { 1..255 | auto | inherit }\n\tDF\t:= { unset | set | inherit }\n\tLABEL := 0-1048575\n')).toBe(true);
    expect(run('ip link add vx3 type vxlan id 45 help').stderr.startsWith(USAGE_HEAD)).toBe(true);
  });

  it("the kernel's refusals: a VNI already on the port (EEXIST with its extack), a reversed source port range", () => {
    const taken = run('ip link add vx5 type vxlan id 42 dstport 4789', ['ip link add vx4 type vxlan id 42 dstport 4789']);
    expect([taken.exit, taken.stderr]).toEqual([2, 'Error: A VXLAN device with the specified VNI already exists.\n']);
    // The same VNI on another port is another VXLAN segment.
    expect(run('ip link add vx5 type vxlan id 42 dstport 4789', ['ip link add vx4 type vxlan id 42 dstport 0']).exit).toBe(0);
    // Without dstport the warning comes first: iproute2 prints it before it sends the request.
    expect(run('ip link add vx5 type vxlan id 42', ['ip link add vx4 type vxlan id 42 dstport 0']).stderr).toMatch(/^vxlan: destination port not specified\n(.*\n){3}Error: A VXLAN device with the specified VNI already exists\.\n$/);
    const range = run('ip link add vx3 type vxlan id 45 dstport 4789 port 100 50');
    expect([range.exit, range.stderr]).toEqual([2, 'Error: Invalid source port range.\n']);
  });

  it('a multicast group is refused by name: the underlay multicast it needs is not modelled', () => {
    const r = run('ip link add vx2 type vxlan id 44 dstport 4789 group 239.1.1.1 dev eth0');
    expect(r.exit).toBe(2);
    expect(r.stderr).toMatch(/^hairpin: a vxlan multicast group is not modelled/);
  });
});
