import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { run, scenarioOf, tcpdumpIp } from '../sim/testing';
import { upperBounds } from './fib_multipath';

/*
 * Multipath routes (`ip route add P nexthop via A dev D weight W nexthop ...`; fib_semantics.c
 * fib_get_nhs, fib_rebalance, fib_select_multipath; route.c fib_multipath_hash). Expected text
 * from iproute2 6.1 on Linux 6.18 in a namespace with two veths.
 */

/** h has two uplinks: eth0 to r1 (10.0.1.1), eth1 to r2 (10.0.2.1). */
function twoUplinks(config: string[], cfg1: string[] = [], cfg2: string[] = []) {
  return scenarioOf(
    {
      h: { ports: ['eth0', 'eth1'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip addr add 10.0.2.2/24 dev eth1', ...config] },
      r1: { kind: 'router', ports: ['eth0'], config: ['ip addr add 10.0.1.1/24 dev eth0', ...cfg1] },
      r2: { kind: 'router', ports: ['eth0'], config: ['ip addr add 10.0.2.1/24 dev eth0', ...cfg2] },
    },
    [
      ['h:eth0', 'r1:eth0'],
      ['h:eth1', 'r2:eth0'],
    ],
  );
}

const MP = 'ip route add 10.9.0.0/24 nexthop via 10.0.1.1 dev eth0 weight 1 nexthop via 10.0.2.1 dev eth1 weight 2';

describe('multipath routes: ip route add … nexthop …', () => {
  it('ip route prints the prefix, then one "nexthop via A dev D weight W" line per nexthop', () => {
    const r = run(twoUplinks([MP, 'ip route add default nexthop via 10.0.1.1 nexthop via 10.0.2.1', 'ip route add 10.4.0.0/24 nexthop dev eth0 nexthop via 10.0.2.1 onlink dev eth1', 'ip route add 10.8.0.0/24 nexthop via 10.0.1.1 dev eth0']), 'h', 'ip route');
    expect(r.stdout).toBe(
      [
        'default ',
        '\tnexthop via 10.0.1.1 dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 1 ',
        '10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2 ',
        '10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.2 ',
        '10.4.0.0/24 ',
        '\tnexthop dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 1 onlink ',
        // One nexthop is a plain route.
        '10.8.0.0/24 via 10.0.1.1 dev eth0 ',
        '10.9.0.0/24 ',
        '\tnexthop via 10.0.1.1 dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 2 ',
        '',
      ].join('\n'),
    );
  });

  it('refuses a bad weight (ip) and a nexthop the kernel would refuse, with their words', () => {
    const issues = (line: string) => runCommand(twoUplinks([line]), 'h', 'true').configIssues.map((i) => i.message);
    expect(issues('ip route add 10.6.0.0/24 nexthop via 10.0.1.1 weight 0')).toEqual(['Error: argument "0" is wrong: "weight" is invalid\n']);
    expect(issues('ip route add 10.6.0.0/24 nexthop via 10.0.1.1 weight 257')).toEqual(['Error: argument "257" is wrong: "weight" is invalid\n']);
    expect(issues('ip route add 10.7.0.0/24 nexthop via 10.0.5.1')).toEqual(['Error: Nexthop has invalid gateway.']);
    expect(issues('ip route add 10.5.0.0/24 via 10.0.1.1 nexthop via 10.0.2.1')).toEqual(['Error: Nexthop gateway does not match RTA_GATEWAY or RTA_VIA.']);
  });

  it('fib_rebalance: upper bounds split 2^31 by weight, in nexthop order', () => {
    const dev = { up: true, addrs: [{}] } as never;
    expect(upperBounds([{ dev, weight: 1, onlink: false, nhScope: 253 }, { dev, weight: 2, onlink: false, nhScope: 253 }])).toEqual([715827882, 2147483647]);
  });

  it('the hash sends flows to both nexthops, about in proportion to the weights, each flow always to the same one', () => {
    const s = twoUplinks([MP]);
    const gets = Array.from({ length: 90 }, (_, i) => `ip route get 10.9.0.${i + 1}`).join('; ');
    const first = run(s, 'h', gets).stdout;
    const viaR2 = (first.match(/via 10\.0\.2\.1 dev eth1/g) ?? []).length;
    const viaR1 = (first.match(/via 10\.0\.1\.1 dev eth0/g) ?? []).length;
    expect(viaR1 + viaR2).toBe(90);
    expect(viaR2).toBeGreaterThan(40);
    expect(viaR1).toBeGreaterThan(15);
    // The same lookups in the same namespace choose the same nexthops.
    expect(run(s, 'h', `${gets}; ${gets}`).stdout).toBe(first + first);
  });

  it('a nexthop whose device is down is dead: every flow takes the other; ip route shows "dead linkdown"', () => {
    const s = twoUplinks([MP, 'ip link set eth1 down']);
    const r = run(s, 'h', 'ip route show 10.9.0.0/24; ip route get 10.9.0.5; ip route get 10.9.0.6');
    expect(r.stdout).toBe(
      [
        '10.9.0.0/24 ',
        '\tnexthop via 10.0.1.1 dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 2 dead linkdown ',
        '10.9.0.5 via 10.0.1.1 dev eth0 src 10.0.1.2 uid 0 ',
        '    cache ',
        '10.9.0.6 via 10.0.1.1 dev eth0 src 10.0.1.2 uid 0 ',
        '    cache ',
        '',
      ].join('\n'),
    );
  });

  it('a nexthop whose device lost its last address is dead too, and lives again with an address (fib_disable_ip, fib_sync_up)', () => {
    const dead = run(twoUplinks([MP, 'ip addr del 10.0.2.2/24 dev eth1']), 'h', 'ip route show 10.9.0.0/24; ip route get 10.9.0.5');
    expect(dead.stdout).toBe('10.9.0.0/24 \n\tnexthop via 10.0.1.1 dev eth0 weight 1 \n\tnexthop via 10.0.2.1 dev eth1 weight 2 dead linkdown \n10.9.0.5 via 10.0.1.1 dev eth0 src 10.0.1.2 uid 0 \n    cache \n');
    const back = run(twoUplinks([MP, 'ip addr del 10.0.2.2/24 dev eth1', 'ip addr add 10.0.2.2/24 dev eth1']), 'h', 'ip route show 10.9.0.0/24');
    expect(back.stdout).toBe('10.9.0.0/24 \n\tnexthop via 10.0.1.1 dev eth0 weight 1 \n\tnexthop via 10.0.2.1 dev eth1 weight 2 \n');
  });

  it('with every nexthop dead the route is gone (fib_sync_down_dev): Network is unreachable', () => {
    const r = run(twoUplinks([MP, 'ip link set eth1 down', 'ip link set eth0 down']), 'h', 'ip route get 10.9.0.5');
    expect(r.stderr).toBe('RTNETLINK answers: Network is unreachable\n');
  });

  it("h's own packets leave by the live nexthop only", () => {
    const r = run(twoUplinks([MP, 'ip link set eth0 down']), 'h', 'ping -c 1 -W 1 10.9.0.7');
    expect(tcpdumpIp(r, 'h:eth1')[0]).toBe('ARP, Request who-has 10.0.2.1 tell 10.0.2.2, length 28');
    expect(tcpdumpIp(r, 'h:eth0')).toEqual([]);
  });

  it('fib_multipath_use_neigh: a nexthop whose neighbour is not valid (ARP for r2 failed) is passed over; without it the hash still picks it', () => {
    const gets = Array.from({ length: 30 }, (_, i) => `ip route get 10.9.0.${i + 1}`).join('; ');
    // r2 does not answer ARP (no address), so after mcast_solicit probes 10.0.2.1 is FAILED.
    const failR2 = `ping -c 1 -W 5 10.0.2.1 >/dev/null; ip neigh show 10.0.2.1; ${gets}`;
    const avoided = run(twoUplinks([MP, 'sysctl -w net.ipv4.fib_multipath_use_neigh=1'], [], ['ip addr flush dev eth0']), 'h', failR2).stdout;
    expect(avoided.split('\n')[0]).toBe('10.0.2.1 dev eth1 FAILED ');
    expect(avoided.match(/via 10\.0\.2\.1 dev eth1/g)).toBeNull();
    expect(avoided.match(/via 10\.0\.1\.1 dev eth0/g)).toHaveLength(30);
    expect(run(twoUplinks([MP], [], ['ip addr flush dev eth0']), 'h', failR2).stdout).toMatch(/via 10\.0\.2\.1 dev eth1/);
  });

  it('the multipath sysctls take only their ranges: hash_policy 0-3, use_neigh 0-1', () => {
    const issues = (line: string) => runCommand(twoUplinks([line]), 'h', 'true').configIssues.map((i) => i.message);
    expect(issues('sysctl -w net.ipv4.fib_multipath_hash_policy=4')).toEqual(['sysctl: setting key "net.ipv4.fib_multipath_hash_policy": Invalid argument']);
    expect(issues('sysctl -w net.ipv4.fib_multipath_use_neigh=2')).toEqual(['sysctl: setting key "net.ipv4.fib_multipath_use_neigh": Invalid argument']);
    expect(issues('sysctl -w net.ipv4.fib_multipath_hash_policy=1')).toEqual([]);
  });

  it('fib_multipath_hash_policy 1 hashes the ports too: one destination spreads over both nexthops by port; policy 0 keeps it on one', () => {
    const gets = Array.from({ length: 40 }, (_, i) => `ip route get 10.9.0.1 ipproto udp dport ${1000 + i}`).join('; ');
    const devsOf = (out: string) => new Set(out.match(/dev eth\d/g));
    expect(devsOf(run(twoUplinks([MP]), 'h', gets).stdout).size).toBe(1);
    expect(devsOf(run(twoUplinks([MP, 'sysctl -w net.ipv4.fib_multipath_hash_policy=1']), 'h', gets).stdout)).toEqual(new Set(['dev eth0', 'dev eth1']));
  });

  it('ip route show dev / flush dev leave multipath routes alone: they have no RTA_OIF of their own (Linux 6.18)', () => {
    const r = run(twoUplinks([MP]), 'h', 'ip route show dev eth1; ip route flush dev eth1; ip route');
    expect(r.stdout).toBe(
      [
        '10.0.2.0/24 proto kernel scope link src 10.0.2.2 ',
        '10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2 ',
        '10.9.0.0/24 ',
        '\tnexthop via 10.0.1.1 dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 2 ',
        '',
      ].join('\n'),
    );
  });

  it('the trace shows the multipath route as ip route add writes it, and the nexthop taken as the port', () => {
    const r = run(twoUplinks([MP, 'ip addr del 10.0.2.2/24 dev eth1']), 'h', 'ping -c 1 -W 1 10.9.0.7');
    const route = r.events.find((e) => e.device === 'h' && e.kind === 'route');
    expect(route?.facts?.route).toBe('10.9.0.0/24 nexthop via 10.0.1.1 dev eth0 weight 1 nexthop via 10.0.2.1 dev eth1 weight 2');
    expect(route?.port).toBe('eth0');
  });

  it('ip -d route adds the type, proto and scope to every route, the multipath one too', () => {
    const r = run(twoUplinks([MP, 'ip route add blackhole 10.66.0.0/16']), 'h', 'ip -d route');
    expect(r.stdout).toBe(
      [
        'unicast 10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2 ',
        'unicast 10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.2 ',
        'unicast 10.9.0.0/24 proto boot scope global ',
        '\tnexthop via 10.0.1.1 dev eth0 weight 1 ',
        '\tnexthop via 10.0.2.1 dev eth1 weight 2 ',
        'blackhole 10.66.0.0/16 proto boot scope global ',
        '',
      ].join('\n'),
    );
  });
});
