import { describe, expect, it } from 'vitest';
import { parseConfigLine, parseFlowLine } from './parse';
import { roleOf, TOOLS, toolNamed } from './registry';
import type { Command } from './types';

/* The command registry: one entry per tool, and every command kind belongs to one. */

/** Every kind a line can parse to (tsc fails here when a kind is added and not listed). */
// A group ({ …; }, ( … )) is the shell's, and also what bash -c / sh -c parse to.
const ALL_KINDS: Record<Exclude<Command['kind'], 'substituted'>, true> = {
  group: true,
  nft: true,
  timeout: true,
  'ip-addr': true, 'ip-addr-flush': true, 'ip-addr-show': true, 'ip-link-set': true, 'ip-link-show': true, 'ip-route': true,
  'ip-route-flush': true, 'ip-route-show': true, 'ip-route-get': true, 'ip-rule': true, 'ip-rule-show': true, 'ip-neigh': true,
  'ip-neigh-flush': true, 'ip-neigh-show': true, iptables: true, 'iptables-restore': true, 'iptables-save': true, sysctl: true, 'file-write': true, 'text-file': true, set: true,
  echo: true, printf: true, grep: true, cat: true, 'nc-connect': true, 'nc-listen': true, dnsmasq: true, conntrack: true,
  'http-server': true, ping: true, curl: true, dig: true, host: true, traceroute: true, arping: true, sleep: true, true: true, wait: true,
  false: true, 'bridge-fdb-show': true, 'bridge-fdb': true, dmesg: true,
  ipset: true,
  nfacct: true,
  ipvsadm: true,
  'ip-netns': true, 'netns-exec': true, 'ip-link-netns': true,
  'ip-link-add': true,
  'ip-link-del': true,
  brctl: true,
  modprobe: true, 'bridge-link-show': true, 'bridge-link-set': true,
};

describe('command registry', () => {
  it('has a tool for every command kind, and each name names one tool', () => {
    expect(new Set(TOOLS.flatMap((t) => t.kinds))).toEqual(new Set(Object.keys(ALL_KINDS)));
    const names = TOOLS.flatMap((t) => t.names);
    expect(new Set(names).size).toBe(names.length);
  });

  it("parses each tool's words into one of the kinds its entry lists", () => {
    const flows = ['ip route get 10.0.0.1', 'iptables -S', 'sysctl net.ipv4.ip_forward', 'echo hi', 'printf x', 'grep -c x /etc/hosts', 'cat /etc/hosts',
      'nc -z 10.0.0.1 80', 'conntrack -L', 'ping -c 1 10.0.0.1', 'curl http://10.0.0.1/', 'dig web', 'host web', 'traceroute 10.0.0.1', 'arping -c 1 10.0.0.1',
      'sleep 1', 'true', ':', 'false', 'bridge fdb show', 'brctl show', 'bridge -d link show', 'modprobe br_netfilter', 'iptables-save -c', 'nc -l 80 &', 'python3 -m http.server 80 &', 'dmesg -c'];
    const configs = ['ip addr add 10.0.0.1/24 dev eth0', "echo '10.0.0.2 web' >> /etc/hosts", 'dnsmasq', 'iptables -A INPUT -j DROP', 'bridge link set dev eth0 hairpin on', 'echo 1 > /sys/class/net/eth0/brport/hairpin_mode'];
    for (const [line, parsed] of [...flows.map((l) => [l, parseFlowLine(l)] as const), ...configs.map((l) => [l, parseConfigLine(l, 1)] as const)]) {
      if (!parsed.ok) throw new Error(`${line}: ${parsed.error.message}`);
      const command = parsed.list[0]!.first.command;
      expect(toolNamed(line.split(' ')[0]!)!.kinds, line).toContain(command.kind);
      expect(roleOf(command), line).toBeDefined();
    }
  });

  it('says what each command is for: flows may not change the box, configs may not send traffic', () => {
    const role = (line: string, config = false) => {
      const p = config ? parseConfigLine(line, 1) : parseFlowLine(line);
      if (!p.ok) throw new Error(p.error.message);
      return roleOf(p.list[0]!.first.command);
    };
    expect(role('ip route add default via 10.0.0.1', true)).toBe('config');
    expect(role('ip route flush table main')).toBe('reset');
    expect(role('ip route show')).toBe('read');
    expect(role('ping -c 1 10.0.0.1')).toBe('traffic');
    expect(role('grep x /etc/hosts')).toBe('output');
    expect(role('nc -lk 80 &')).toBe('service');
    expect(role('echo 1 > /proc/sys/net/ipv4/ip_forward', true)).toBe('config');
    expect(role('dmesg')).toBe('read');
    expect(role('dmesg -c')).toBe('reset');
    // A rule inserted between packets of a running ping (kernel-nft-nat flow 6).
    expect(role('nft insert rule ip nat postrouting oifname eth1 snat to 10.0.2.99')).toBe('reset');
    expect(role('nft list ruleset')).toBe('read');
    // As nft's: a rule iptables adds in a flow, then listed (kernel-nft-iptables flow 1).
    expect(role('iptables -A INPUT -p tcp --dport 443 -j ACCEPT')).toBe('reset');
    expect(role('iptables -S INPUT')).toBe('read');
    expect(role('nft -f /etc/nftables.conf', true)).toBe('config');
  });
});
