import { describe, expect, it } from 'vitest';
import { completeConfig } from './completion';

const ctx = { devices: ['router', 'pc1', 'internet'], ports: ['eth0', 'eth1'] };
function labels(line: string, pos = line.length): string[] {
  return completeConfig(line, pos, ctx)?.options.map((o) => o.label) ?? [];
}

describe('completeConfig', () => {
  it('offers command words at the start of a line and after an operator', () => {
    expect(labels('')).toEqual(expect.arrayContaining(['ip', 'iptables', 'sysctl', 'echo', 'nc', 'dnsmasq']));
    expect(labels('ipt')).toContain('iptables');
    expect(completeConfig('ipt', 3, ctx)?.from).toBe(0);
    expect(labels('sysctl -w net.ipv4.ip_forward=1 && ')).toContain('ip');
  });

  it("offers ip's objects, then the object's verbs, then its keywords", () => {
    expect(labels('ip ')).toEqual(['addr', 'route', 'rule', 'neigh', 'link']);
    expect(labels('ip route ')).toContain('replace');
    expect(labels('ip r a')).toEqual(expect.arrayContaining(['add']));
    expect(labels('ip route add default ')).toEqual(expect.arrayContaining(['via', 'dev', 'table', 'metric']));
    expect(labels('ip rule add fwmark 1 ')).toEqual(expect.arrayContaining(['lookup', 'priority']));
    expect(labels('ip route add 10.0.0.0/8 table ')).toEqual(['main', 'local', 'default']);
  });

  it("offers this device's ports and lo after dev, -i, -o and ip link set", () => {
    expect(labels('ip addr add 10.0.0.1/24 dev ')).toEqual(['eth0', 'eth1', 'lo']);
    expect(labels('ip addr add 10.0.0.1/24 dev et')).toEqual(['eth0', 'eth1', 'lo']);
    expect(completeConfig('ip addr add 10.0.0.1/24 dev et', 30, ctx)?.from).toBe(28);
    expect(labels('iptables -A FORWARD -i ')).toEqual(['eth0', 'eth1', 'lo']);
    expect(labels('iptables -t nat -A POSTROUTING -o ')).toEqual(['eth0', 'eth1', 'lo']);
    expect(labels('ip link set ')).toEqual(['eth0', 'eth1', 'lo']);
  });

  it('offers ip6tables and what ip6tables loads: icmp6 and its REJECT types, not icmp', () => {
    expect(labels('ip6')).toEqual(expect.arrayContaining(['ip6tables', 'ip6tables-save', 'ip6tables-restore']));
    expect(labels('ip6tables -A INPUT -p ')).toEqual(['tcp', 'udp', 'ipv6-icmp', 'all']);
    expect(labels('ip6tables -A INPUT -m ')).toEqual(expect.arrayContaining(['icmp6', 'conntrack', 'hl', 'rt']));
    expect(labels('ip6tables -A INPUT -m ')).not.toContain('icmp');
    expect(labels('iptables -A INPUT -m ')).not.toContain('icmp6');
    expect(labels('ip6tables -A INPUT -p ipv6-icmp --icmpv6-type ')).toContain('echo-request');
    expect(labels('ip6tables -A INPUT -j REJECT --reject-with ')).toEqual(expect.arrayContaining(['icmp6-adm-prohibited', 'tcp-reset']));
    expect(labels('ip6tables -A INPUT -j REJECT --reject-with ')).not.toContain('icmp-port-unreachable');
    expect(labels('ip6tables-save -t ')).toEqual(['filter', 'nat', 'mangle', 'raw']);
  });

  it('offers iptables options and the values that follow them', () => {
    expect(labels('iptables -')).toEqual(expect.arrayContaining(['-t', '-A', '--dport', '-j', '--to-destination']));
    expect(labels('iptables -t ')).toEqual(['filter', 'nat', 'mangle', 'raw']);
    expect(labels('iptables -t nat -A ')).toContain('POSTROUTING');
    expect(labels('iptables -t nat -A POSTROUTING -o eth0 -j ')).toContain('MASQUERADE');
    expect(labels('iptables -A INPUT -p ')).toEqual(['tcp', 'udp', 'icmp', 'all']);
    expect(labels('iptables -A INPUT -m conntrack --ctstate ')).toContain('ESTABLISHED,RELATED');
    expect(labels('iptables -P FORWARD ')).toEqual(['ACCEPT', 'DROP']);
  });

  it('offers device names as arguments, sysctl keys and files after >', () => {
    expect(labels('ip route add 10.0.0.0/8 via ')).toEqual(expect.arrayContaining(['router', 'pc1', 'internet']));
    expect(labels('sysctl -w ')).toContain('net.ipv4.ip_forward=1');
    expect(labels("echo 'nameserver 10.0.0.1' > ")).toContain('/etc/resolv.conf');
    expect(labels('nc -')).toEqual(['-l', '-k', '-u']);
  });

  it('offers nothing inside a comment', () => {
    expect(completeConfig('# ip ', 5, ctx)).toBeUndefined();
  });

  it("offers iptables-save's own options (not iptables' rule options), and the tables after -t", () => {
    expect(labels('iptables-s')).toContain('iptables-save');
    expect(labels('iptables-save -')).toEqual(['-c', '-t']);
    expect(labels('iptables-save ')).toEqual(['-c', '-t']);
    expect(labels('iptables-save -c -t ')).toEqual(['filter', 'nat', 'mangle', 'raw']);
  });
});
