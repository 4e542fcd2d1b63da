import { describe, expect, it } from 'vitest';
import { UTS_RELEASE } from '../kernel/module';
import { runCommand } from '../sim/run';
import { scenarioOf } from '../sim/testing';

/*
 * kmod's modprobe and br_netfilter's sysctl table: /proc/sys/net/bridge exists only while the
 * module is loaded, in every namespace of the machine (those made before and after), each
 * starting with bridge-nf-call-iptables/ip6tables/arptables = 1 (brnf_init_net). Messages as
 * kmod 30 and procps-ng 4.0.2 print them.
 */

const box = (config: string[]) => scenarioOf({ box: { ports: ['eth0'], config } }, []);
const SYSCTLS = [
  'net.bridge.bridge-nf-call-arptables = 1',
  'net.bridge.bridge-nf-call-ip6tables = 1',
  'net.bridge.bridge-nf-call-iptables = 1',
  'net.bridge.bridge-nf-filter-pppoe-tagged = 0',
  'net.bridge.bridge-nf-filter-vlan-tagged = 0',
  'net.bridge.bridge-nf-pass-vlan-input-dev = 0',
];
const READ_ALL = `sysctl ${SYSCTLS.map((l) => l.split(' ')[0]).join(' ')}`;

describe('modprobe br_netfilter and net.bridge.*', () => {
  it('before the module is loaded net.bridge.* does not exist', () => {
    const r = runCommand(box([]), 'box', 'sysctl net.bridge.bridge-nf-call-iptables');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n');
    const w = runCommand(box(['sysctl -w net.bridge.bridge-nf-call-iptables=1']), 'box', 'true');
    expect(w.configIssues[0]?.message).toBe('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory');
  });

  it('after it, every namespace has the six files with their defaults, made before or after the load', () => {
    const r = runCommand(box(['ip netns add before', 'modprobe br_netfilter', 'ip netns add after']), 'box', `${READ_ALL}; ip netns exec before ${READ_ALL}; ip netns exec after ${READ_ALL}`);
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe(`${[...SYSCTLS, ...SYSCTLS, ...SYSCTLS].join('\n')}\n`);
  });

  it('each namespace has its own values; any value but 0 reads back as 1 (brnf_sysctl_call_tables)', () => {
    const r = runCommand(box(['modprobe br_netfilter', 'ip netns add ns1', 'ip netns exec ns1 sysctl -w net.bridge.bridge-nf-call-iptables=0', 'sysctl -w net.bridge.bridge-nf-filter-vlan-tagged=7']), 'box', 'sysctl -n net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-filter-vlan-tagged; ip netns exec ns1 sysctl -n net.bridge.bridge-nf-call-iptables');
    expect(r.stdout).toBe('1\n1\n0\n');
    const bad = runCommand(box(['modprobe br_netfilter', 'sysctl -w net.bridge.bridge-nf-call-iptables=abc']), 'box', 'true');
    expect(bad.configIssues[0]?.message).toBe('sysctl: setting key "net.bridge.bridge-nf-call-iptables": Invalid argument');
  });

  it('an unknown module is fatal as kmod words it; -q keeps quiet but still fails; -r removes the files again', () => {
    const r = runCommand(box([]), 'box', 'modprobe nosuchmod');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe(`modprobe: FATAL: Module nosuchmod not found in directory /lib/modules/${UTS_RELEASE}\n`);
    const q = runCommand(box([]), 'box', 'modprobe -q nosuchmod');
    expect([q.exit, q.stderr]).toEqual([1, '']);
    const removed = runCommand(box(['modprobe br-netfilter', 'modprobe -r br_netfilter']), 'box', 'sysctl net.bridge.bridge-nf-call-iptables');
    expect(removed.exit).toBe(1);
    const notIn = runCommand(box([]), 'box', 'modprobe -r br_netfilter');
    expect([notIn.exit, notIn.stderr]).toEqual([1, 'modprobe: FATAL: Module br_netfilter is not in kernel.\n']);
    expect(runCommand(box(['modprobe overlay', 'modprobe -a veth vxlan']), 'box', 'true').configIssues).toEqual([]);
  });

  it('is one machine: a module loaded in a namespace is loaded for the whole box', () => {
    const r = runCommand(box(['ip netns add ns1', 'ip netns exec ns1 modprobe br_netfilter']), 'box', 'sysctl -n net.bridge.bridge-nf-call-iptables');
    expect([r.exit, r.stdout]).toEqual([0, '1\n']);
  });
});
