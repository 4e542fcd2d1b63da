import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { twoHosts } from '../../sim/testing';
import { vxlanLinkInfo } from './ip-link-vxlan';

/* The vxlan words of `ip -d link show` (iplink_vxlan.c vxlan_print_opt), as iproute2 6.1 printed them for these devices. */

const info = (line: string) => {
  const r = runCommand(twoHosts(['ip addr add 192.168.1.1/24 dev eth0', line], []), 'a', 'true');
  expect(r.configIssues.filter((i) => i.kind === 'parse')).toEqual([]);
  return vxlanLinkInfo(r.network.stacks.get('a')!.devices.at(-1)!);
};

describe('ip -d link: vxlan', () => {
  it.each([
    ['ip link add vx0 type vxlan id 42 dev eth0 remote 192.168.1.2', 'vxlan id 42 remote 192.168.1.2 dev eth0 srcport 0 0 dstport 8472 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx '],
    ['ip link add vx3 type vxlan id 45 dstport 4789 ttl inherit', 'vxlan id 45 srcport 0 0 dstport 4789 ttl inherit ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx '],
    ['ip link add vx7 type vxlan id 47 dstport 0 local 192.168.1.1 remote 192.168.1.2 nolearning', 'vxlan id 47 remote 192.168.1.2 local 192.168.1.1 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx '],
    ['ip link add vx8 type vxlan id 48 dstport 0 local 192.168.1.1 dev eth0 learning ttl 64 srcport 1000 2000', 'vxlan id 48 local 192.168.1.1 dev eth0 srcport 1000 2000 dstport 8472 ttl 64 ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx '],
  ])('%s', (line, expected) => {
    expect(info(line)).toBe(expected);
  });

  it('is not a vxlan: nothing', () => {
    expect(vxlanLinkInfo(runCommand(twoHosts([], []), 'a', 'true').network.stacks.get('a')!.devices[1]!)).toBeUndefined();
  });
});
