import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { run, scenarioOf } from '../sim/testing';

describe('sysctl (net/ipv4/devinet.c)', () => {
  const box = (config: string[]) => scenarioOf({ r: { kind: 'router', ports: ['eth0'], config } }, []);
  const show = 'sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.accept_redirects net.ipv4.conf.eth0.forwarding';

  it('inet_forward_change: turning ip_forward on turns conf/all/accept_redirects off, and back (as a 6.x kernel did)', () => {
    expect(run(box(['sysctl -w net.ipv4.ip_forward=1']), 'r', show).stdout).toBe(
      'net.ipv4.conf.all.accept_redirects = 0\nnet.ipv4.conf.default.accept_redirects = 1\nnet.ipv4.conf.eth0.forwarding = 1\n',
    );
    expect(run(box(['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=0']), 'r', show).stdout).toBe(
      'net.ipv4.conf.all.accept_redirects = 1\nnet.ipv4.conf.default.accept_redirects = 1\nnet.ipv4.conf.eth0.forwarding = 0\n',
    );
  });

  it('conf/all/forwarding does the same; a device\'s own forwarding does not', () => {
    expect(run(box(['sysctl -w net.ipv4.conf.all.forwarding=1']), 'r', 'sysctl net.ipv4.conf.all.accept_redirects').stdout).toBe('net.ipv4.conf.all.accept_redirects = 0\n');
    expect(run(box(['sysctl -w net.ipv4.conf.eth0.forwarding=1']), 'r', 'sysctl net.ipv4.conf.all.accept_redirects').stdout).toBe('net.ipv4.conf.all.accept_redirects = 1\n');
  });

  it('inetdev_init: an interface copies conf/default as it is when the interface is made; a later write to default, or to another interface or namespace, leaves it', () => {
    const two = scenarioOf(
      {
        r: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.conf.default.rp_filter=2', 'ip link add v0 type veth peer name v1', 'sysctl -w net.ipv4.conf.default.rp_filter=1', 'sysctl -w net.ipv4.conf.v1.rp_filter=0'] },
        s: { kind: 'router', ports: ['eth0'], config: [] },
      },
      [],
    );
    const keys = 'sysctl -n net.ipv4.conf.eth0.rp_filter net.ipv4.conf.v0.rp_filter net.ipv4.conf.v1.rp_filter net.ipv4.conf.default.rp_filter net.ipv4.conf.lo.rp_filter';
    // As this machine's kernel (6.18) printed it for the same commands in a namespace.
    expect(run(two, 'r', keys).stdout).toBe('0\n2\n0\n1\n0\n');
    // The other namespace's tables were never written: its defaults are the kernel's.
    expect(run(two, 's', 'sysctl -n net.ipv4.conf.eth0.rp_filter net.ipv4.conf.default.rp_filter').stdout).toBe('0\n0\n');
  });

  it('net.ipv4.neigh.<dev>.* reads the same in a config line as in a flow command (one read path)', () => {
    const r = run(box(['sysctl net.ipv4.ip_forward=1 net.ipv4.neigh.eth0.retrans_time_ms']), 'r', 'sysctl net.ipv4.neigh.eth0.retrans_time_ms');
    expect(r.stdout).toBe('net.ipv4.neigh.eth0.retrans_time_ms = 1000\n');
  });

  it('settings Linux has but the model does not act on are kept and read back, as real configs (ufw, wg-quick) write them', () => {
    const r = run(box(['sysctl -w net.ipv4.icmp_ignore_bogus_error_responses=1', 'sysctl -w net.ipv4.neigh.eth0.proxy_delay=0', 'sysctl -w net.ipv4.tcp_rmem="4096 87380"']), 'r',
      'sysctl net.ipv4.icmp_ignore_bogus_error_responses net.ipv4.neigh.eth0.proxy_delay net.ipv4.neigh.lo.proxy_delay net.ipv4.tcp_rmem net.ipv4.conf.default.promote_secondaries net.ipv6.conf.eth0.accept_ra');
    // A vector takes fewer values than it holds, the rest staying (proc_dointvec), printed with tabs.
    expect(r.stdout).toBe('net.ipv4.icmp_ignore_bogus_error_responses = 1\nnet.ipv4.neigh.eth0.proxy_delay = 0\nnet.ipv4.neigh.lo.proxy_delay = 80\nnet.ipv4.tcp_rmem = 4096\t87380\t33554432\nnet.ipv4.conf.default.promote_secondaries = 0\nnet.ipv6.conf.eth0.accept_ra = 1\n');
  });

  it('an idle numeric setting refuses text and too many values with EINVAL; a device that does not exist has no file', () => {
    const r = runCommand(box(['sysctl -w net.ipv4.icmp_ignore_bogus_error_responses=abc', 'sysctl -w net.ipv4.tcp_rmem="1 2 3 4"', 'sysctl -w net.ipv4.neigh.eth9.proxy_delay=0']), 'r', 'true');
    expect(r.configIssues.map((i) => i.message)).toEqual([
      'sysctl: setting key "net.ipv4.icmp_ignore_bogus_error_responses": Invalid argument',
      'sysctl: setting key "net.ipv4.tcp_rmem": Invalid argument',
      'sysctl: cannot stat /proc/sys/net/ipv4/neigh/eth9/proxy_delay: No such file or directory',
    ]);
  });

  it('a namespace has no neigh/default (init_net\'s): writing it is refused as sysctl refuses a missing key', () => {
    const r = runCommand(box(['sysctl -w net.ipv4.neigh.default.retrans_time_ms=500']), 'r', 'true');
    expect(r.configIssues.map((i) => i.message)).toEqual(['sysctl: cannot stat /proc/sys/net/ipv4/neigh/default/retrans_time_ms: No such file or directory']);
  });

  it('neigh_parms are per device: retrans_time_ms on eth0 spaces its ARP probes and leaves lo\'s alone', () => {
    // b answers for no one: a's ARP for 10.0.0.2 goes unanswered.
    const lone = (config: string[]) => scenarioOf({ a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', ...config] }, b: { ports: ['eth0'] } }, [['a:eth0', 'b:eth0']]);
    const probeTimes = (config: string[]) =>
      runCommand(lone(config), 'a', 'ping -c 1 -W 5 10.0.0.2')
        .events.filter((e) => e.device === 'a' && e.kind === 'frame-sent' && e.frame?.payload.kind === 'arp')
        .map((e) => e.t);
    const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]!);
    // Three broadcast probes (mcast_solicit), retrans_time apart, each rounded up to its timer-wheel bucket
    // (8 jiffies, 32 ms, for both: 250 ms is 63 jiffies, past level 0).
    const within = (g: number[], retrans: number) => g.length === 2 && g.every((x) => x > retrans && x <= retrans + 36e6);
    expect(within(gaps(probeTimes([])), 1e9)).toBe(true);
    expect(within(gaps(probeTimes(['sysctl -w net.ipv4.neigh.eth0.retrans_time_ms=250'])), 2.5e8)).toBe(true);
    expect(run(lone(['sysctl -w net.ipv4.neigh.eth0.retrans_time_ms=250']), 'a', 'sysctl -n net.ipv4.neigh.eth0.retrans_time_ms net.ipv4.neigh.lo.retrans_time_ms').stdout).toBe('250\n1000\n');
  });

  /*
   * Recorded: `sysctl -a | grep '^net\.'` in a fresh namespace holding lo and one veth eth0 (IPv6
   * off in all, default, lo and eth0, as labs set it; net.bridge.* left out: it is there only
   * while br_netfilter is loaded, which the host had).
   */
  const realAll = readFileSync(join(__dirname, 'fixtures', 'sysctl-a.netns.txt'), 'utf8');
  const host = (config: string[] = []) => scenarioOf({ h: { kind: 'host', ports: ['eth0'], config } }, []);

  it('sysctl -a lists every net.* file of the namespace as the kernel does: each name, its value, in /proc/sys order', () => {
    expect(run(host(), 'h', 'sysctl -a').stdout).toBe(realAll);
  });

  it('-N names only, -n values only, -r keeps the names a regular expression finds; a directory lists what is under it', () => {
    expect(run(host(), 'h', 'sysctl -a -N').stdout).toBe(realAll.replace(/ = .*$/gm, ''));
    expect(run(host(), 'h', "sysctl -a -r '\\.rp_filter'").stdout).toBe('net.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.default.rp_filter = 0\nnet.ipv4.conf.eth0.rp_filter = 0\nnet.ipv4.conf.lo.rp_filter = 0\n');
    expect(run(host(['sysctl -w net.ipv4.conf.eth0.rp_filter=2']), 'h', "sysctl -n --pattern 'eth0\.rp_' -a").stdout).toBe('2\n');
    expect(run(host(), 'h', 'sysctl net.ipv4.neigh.lo').stdout).toBe(realAll.split('\n').filter((l) => l.startsWith('net.ipv4.neigh.lo.')).join('\n') + '\n');
  });

  it('what procps-ng 4.0.2 does with odd -r (tried): a pattern that does not compile selects nothing; -r alone is no variable; a missing argument prints the usage, exit 0', () => {
    const broken = run(host(), 'h', "sysctl -a -r 'rp_filt('");
    expect([broken.stdout, broken.exit]).toEqual(['', 0]);
    const alone = run(host(), 'h', 'sysctl -r rp_filter');
    expect([alone.stderr, alone.exit]).toEqual(["sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1]);
    const missing = run(host(), 'h', 'sysctl -r');
    expect([missing.stderr, missing.exit]).toEqual(["sysctl: option requires an argument -- 'r'\n", 0]);
    expect(missing.stdout).toMatch(/^\nUsage:\n sysctl \[options\] \[variable\[=value\] \.\.\.\]\n/);
  });

  it('net.bridge.* joins the listing once br_netfilter is loaded', () => {
    expect(run(host(['modprobe br_netfilter']), 'h', 'sysctl -a -N -r ^net.bridge').stdout).toBe('net.bridge.bridge-nf-call-arptables\nnet.bridge.bridge-nf-call-ip6tables\nnet.bridge.bridge-nf-call-iptables\nnet.bridge.bridge-nf-filter-pppoe-tagged\nnet.bridge.bridge-nf-filter-vlan-tagged\nnet.bridge.bridge-nf-pass-vlan-input-dev\n');
  });
});
