import { describe, expect, it } from 'vitest';
import { run, scenarioOf, tcpdumpIp } from '../../sim/testing';

/** Two clients on a LAN behind a masquerading router, a server outside. */
function lan() {
  return scenarioOf(
    {
      c1: { ports: ['eth0'], config: ['ip addr add 192.168.0.2/24 dev eth0', 'ip route add default via 192.168.0.1'] },
      c2: { ports: ['eth0'], config: ['ip addr add 192.168.0.3/24 dev eth0', 'ip route add default via 192.168.0.1'] },
      sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      gw: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'ip addr add 203.0.113.1/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'] },
      srv: { ports: ['eth0'], config: ['ip addr add 203.0.113.9/24 dev eth0', 'nc -lk 80 &'] },
    },
    [
      ['c1:eth0', 'sw:p1'],
      ['c2:eth0', 'sw:p2'],
      ['gw:eth0', 'sw:p3'],
      ['gw:eth1', 'srv:eth0'],
    ],
  );
}

describe('NAT bindings (nf_nat_core.c)', () => {
  it('MASQUERADE keeps the source port when it is free', () => {
    const r = run(lan(), 'c1', 'nc -z -w 2 -p 40000 203.0.113.9 80');
    expect(tcpdumpIp(r, 'srv:eth0').find((l) => l.includes('[S]'))).toMatch(/^IP 203\.0\.113\.1\.40000 > 203\.0\.113\.9\.80:/);
  });

  it('a second connection that would clash on (address, port) gets another source port', () => {
    // One host with two addresses connects twice from the same source port, one after the other.
    const both = run(
      scenarioOf(
        {
          c1: { ports: ['eth0'], config: ['ip addr add 192.168.0.2/24 dev eth0', 'ip addr add 192.168.0.3/24 dev eth0', 'ip route add default via 192.168.0.1'] },
          gw: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'ip addr add 203.0.113.1/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'] },
          srv: { ports: ['eth0'], config: ['ip addr add 203.0.113.9/24 dev eth0', 'nc -lk 80 &'] },
        },
        [
          ['c1:eth0', 'gw:eth0'],
          ['gw:eth1', 'srv:eth0'],
        ],
      ),
      'c1',
      'nc -z -w 2 -s 192.168.0.2 -p 40000 203.0.113.9 80 && nc -z -w 2 -s 192.168.0.3 -p 40000 203.0.113.9 80',
    );
    const syns = tcpdumpIp(both, 'srv:eth0').filter((l) => l.includes('[S]'));
    expect(syns).toHaveLength(2);
    expect(syns[0]).toContain('203.0.113.1.40000 >');
    // The first connection is in TIME_WAIT in the router's conntrack: the tuple is taken.
    expect(syns[1]).not.toContain('203.0.113.1.40000 >');
    expect(both.exit).toBe(0);
  });

  it('an ICMP error about the first packet of a DNATed connection is un-NATed: icmp_send attaches the connection (nf_ct_attach), confirmed or not', () => {
    // The router's DNAT sends 192.168.0.1:8080 to an address it has no route to: ip_error's net unreachable.
    const s = scenarioOf(
      {
        c1: { ports: ['eth0'], config: ['ip addr add 192.168.0.2/24 dev eth0'] },
        gw: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'iptables -t nat -A PREROUTING -d 192.168.0.1 -p tcp --dport 8080 -j DNAT --to-destination 198.51.100.7:80'] },
      },
      [['c1:eth0', 'gw:eth0']],
    );
    const r = run(s, 'c1', 'nc -vz -w 1 192.168.0.1 8080');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('nc: connect to 192.168.0.1 port 8080 (tcp) failed: Network is unreachable\n');
    expect(tcpdumpIp(r, 'gw:eth0').find((l) => l.includes('ICMP'))).toBe('IP 192.168.0.1 > 192.168.0.2: ICMP net 192.168.0.1 unreachable, length 68');
  });
});
