import { describe, expect, it } from 'vitest';
import { viewOn } from '../export/print/fixture';
import { runCommand } from '../sim/run';
import { twoHosts } from '../sim/testing';
import { configError } from './testing';

/*
 * `ip link add NAME type ipip ...` as iproute2 6.1 parses it (ip/link_iptnl.c iptunnel_parse_opt)
 * and prints it back (iptunnel_print_opt). The test kernel has no ipip module: the kernel's side
 * follows net/ipv4/ipip.c and ip_tunnel.c.
 */

const BASE = ['ip addr add 192.168.1.1/24 dev eth0'];
const details = (config: string[], dev: string) => {
  const r = runCommand(twoHosts([...BASE, ...config], []), 'a', 'true');
  expect(r.configIssues).toEqual([]);
  return viewOn(r.network, 'a', `ip -d link show ${dev}`).stdout.split('\n');
};

describe('ip link add type ipip', () => {
  it('dev, ttl, tos and mode as iptunnel_print_opt prints them: ipip1@eth0, dev eth0, ttl 32, tos 0x10, proto ipip', () => {
    const out = details(['ip link add ipip1 type ipip mode ipip remote 192.168.1.2 local 192.168.1.1 dev eth0 ttl 32 tos 10'], 'ipip1');
    expect(out[0]).toMatch(/^\d+: ipip1@eth0: <POINTOPOINT,NOARP> mtu 1480 /);
    expect(out[2]).toMatch(/^    ipip ipip remote 192\.168\.1\.2 local 192\.168\.1\.1 dev eth0 ttl 32 tos 0x10 pmtudisc addrgenmode/);
  });

  it('tos inherit, nopmtudisc, and no name: the kernel names it ipip0', () => {
    const out = details(['ip link add type ipip remote 192.168.1.2 tos inherit nopmtudisc'], 'ipip0');
    expect(out[2]).toMatch(/^    ipip any remote 192\.168\.1\.2 local any ttl inherit tos inherit nopmtudisc addrgenmode/);
  });

  it("iproute2's own refusals: a fixed ttl without pmtudisc, a bad address, an unknown mode (exit 255, or 1 for get_addr)", () => {
    const err = (line: string) => {
      const e = configError(line);
      return [e.message, e.exitStatus];
    };
    expect(err('ip link add t1 type ipip remote 10.0.0.1 ttl 64 nopmtudisc')).toEqual(['ttl != 0 and nopmtudisc are incompatible', 255]);
    expect(err('ip link add t1 type ipip remote nowhere')).toEqual(['Error: inet address is expected rather than "nowhere".', 1]);
    expect(err('ip link add t1 type ipip mode gre')).toEqual(['Error: argument "gre" is wrong: Cannot guess tunnel mode.', 255]);
    expect(err('ip link add t1 type ipip ttl 300')).toEqual(['Error: argument "300" is wrong: invalid TTL\n', 255]);
  });

  it('ip link del removes a tunnel (but never tunl0)', () => {
    const r = runCommand(twoHosts([...BASE, 'ip link add t1 type ipip remote 192.168.1.2', 'ip link del t1', 'ip link del tunl0'], []), 'a', 'true');
    expect(r.configIssues).toEqual([]);
    expect(viewOn(r.network, 'a', 'ip -br link show').stdout).toMatch(/^tunl0@NONE +DOWN /m);
    expect(viewOn(r.network, 'a', 'ip -br link show').stdout).not.toMatch(/^t1/m);
  });
});
