import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { run, scenarioOf, tcpdumpIp } from '../sim/testing';

/*
 * Point-to-point addresses (`ip addr add A peer P/N`, net/ipv4/devinet.c: ifa_address is the
 * peer; __inet_insert_ifa, inet_rtm_deladdr, fib_add_ifaddr). Expected text from iproute2 6.1
 * on Linux 6.18, in a namespace with a veth.
 */

/** h's eth0 has a link partner, so its routes have carrier (no `linkdown`). */
const box = (config: string[]) => scenarioOf({ h: { ports: ['eth0'], config }, p: { ports: ['eth0'] } }, [['h:eth0', 'p:eth0']]);
const show = (config: string[], cmd: string) => run(box(config), 'h', cmd).stdout;

describe('ip addr add A peer P/N', () => {
  const config = ['ip addr add 10.0.0.1 peer 10.0.0.2/32 dev eth0', 'ip addr add 192.168.5.1 peer 192.168.6.0/24 dev eth0', 'ip addr add 172.17.0.1/24 peer 172.17.5.5 dev eth0', 'ip addr add 10.0.0.1 peer 10.0.0.3/32 dev eth0'];

  it('ip addr prints "inet A peer P/N scope global D"; -br prints "A peer P/N"', () => {
    const out = show(config, 'ip addr show dev eth0');
    expect(out).toContain('    inet 10.0.0.1 peer 10.0.0.2/32 scope global eth0\n');
    expect(out).toContain('    inet 192.168.5.1 peer 192.168.6.0/24 scope global eth0\n');
    expect(out).toContain('    inet 172.17.0.1 peer 172.17.5.5/32 scope global eth0\n');
    expect(out).toContain('    inet 10.0.0.1 peer 10.0.0.3/32 scope global eth0\n');
    expect(show(config, 'ip -br addr show dev eth0')).toContain('10.0.0.1 peer 10.0.0.2/32 192.168.5.1 peer 192.168.6.0/24 172.17.0.1 peer 172.17.5.5/32 10.0.0.1 peer 10.0.0.3/32 \n');
  });

  it("the prefix route is the peer's, proto kernel scope link, with the local address as src; the broadcast is the peer subnet's", () => {
    expect(show(config, 'ip route')).toBe(
      [
        '10.0.0.2 dev eth0 proto kernel scope link src 10.0.0.1 ',
        '10.0.0.3 dev eth0 proto kernel scope link src 10.0.0.1 ',
        '172.17.5.5 dev eth0 proto kernel scope link src 172.17.0.1 ',
        '192.168.6.0/24 dev eth0 proto kernel scope link src 192.168.5.1 ',
        '',
      ].join('\n'),
    );
    const local = show(config, 'ip route show table local');
    expect(local).toContain('local 10.0.0.1 dev eth0 proto kernel scope host src 10.0.0.1 \n');
    expect(local).toContain('broadcast 192.168.6.255 dev eth0 proto kernel scope link src 192.168.5.1 \n');
    expect(show(config, 'ip route get 192.168.6.7')).toBe('192.168.6.7 dev eth0 src 192.168.5.1 uid 0 \n    cache \n');
  });

  it('the same local address with the same peer is a duplicate; with another peer it is not', () => {
    const r = runCommand(box([...config, 'ip addr add 10.0.0.1 peer 10.0.0.2/32 dev eth0']), 'h', 'true');
    expect(r.configIssues).toEqual([{ device: 'h', line: 5, column: 1, message: 'Error: ipv4: Address already assigned.', kind: 'refused' }]);
  });

  it('del with the peer removes that address; del A/32 does not match a peer address (inet_ifa_match on ifa_address)', () => {
    const r = runCommand(box([...config, 'ip addr del 10.0.0.1/32 dev eth0', 'ip addr del 10.0.0.1 peer 10.0.0.3 dev eth0']), 'h', 'ip -br addr show dev eth0');
    expect(r.configIssues).toEqual([{ device: 'h', line: 5, column: 1, message: 'Error: ipv4: Address not found.', kind: 'refused' }]);
    expect(r.stdout).toContain('10.0.0.1 peer 10.0.0.2/32 192.168.5.1 peer 192.168.6.0/24 172.17.0.1 peer 172.17.5.5/32 \n');
  });

  it('on Ethernet the peer is resolved by ARP from the local address, and answered by a box whose own peer is us', () => {
    const s = scenarioOf(
      {
        vm: { ports: ['eth0'], config: ['ip addr add 203.0.113.10 peer 203.0.113.1/32 dev eth0', 'ip route add default via 203.0.113.1'] },
        gw: { kind: 'router', ports: ['eth0'], config: ['ip addr add 203.0.113.1 peer 203.0.113.10/32 dev eth0'] },
      },
      [['vm:eth0', 'gw:eth0']],
    );
    const r = run(s, 'vm', 'ping -c 1 -W 1 198.51.100.7');
    const lines = tcpdumpIp(r, 'vm:eth0');
    expect(lines.slice(0, 2)).toEqual(['ARP, Request who-has 203.0.113.1 tell 203.0.113.10, length 28', 'ARP, Reply 203.0.113.1 is-at 02:00:00:00:02:01, length 28']);
    expect(lines[2]).toMatch(/^IP 203\.0\.113\.10 > 198\.51\.100\.7: ICMP echo request/);
  });
});

describe('ip addr flush with point-to-point addresses', () => {
  it('deletes each address by its own peer: two with one local address both go', () => {
    const r = run(box(['ip addr add 10.0.0.1 peer 10.0.0.2/32 dev eth0', 'ip addr add 10.0.0.1 peer 10.0.0.3/32 dev eth0']), 'h', 'ip addr flush dev eth0 scope global; ip -br addr show dev eth0; ip route');
    expect([r.stdout, r.stderr, r.exit]).toEqual(['eth0             UP             \n', '', 0]);
  });
});

describe('ip addr add … noprefixroute (IFA_F_NOPREFIXROUTE)', () => {
  // Recorded on Linux 6.18, iproute2 6.1: `ip addr add 10.1.1.1/24 dev d0 noprefixroute`, then 10.1.1.2/24.
  const config = ['ip addr add 10.1.1.1/24 dev eth0 noprefixroute', 'ip addr add 10.1.1.2/24 dev eth0'];

  it('ip addr shows the flag after the scope; the second address of the subnet is a secondary', () => {
    const out = show(config, 'ip addr show dev eth0');
    expect(out).toContain('    inet 10.1.1.1/24 scope global noprefixroute eth0\n');
    expect(out).toContain('    inet 10.1.1.2/24 scope global secondary eth0\n');
  });

  it('fib_add_ifaddr adds the local and broadcast routes but no route to the subnet', () => {
    expect(show(config, 'ip route')).toBe('');
    expect(show(config, 'ip route show table local dev eth0')).toBe(
      ['local 10.1.1.1 proto kernel scope host src 10.1.1.1 ', 'local 10.1.1.2 proto kernel scope host src 10.1.1.1 ', 'broadcast 10.1.1.255 proto kernel scope link src 10.1.1.1 ', ''].join('\n'),
    );
  });
});
