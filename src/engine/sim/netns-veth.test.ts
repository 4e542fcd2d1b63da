import { describe, expect, it } from 'vitest';
import { run, tcpdump, twoHosts } from './testing';
import { runCommand } from './run';

/*
 * A veth pair across a device's namespaces: `ip link add NAME type veth peer name P netns NS`
 * and `ip link add NAME netns NS type …` (iplink_parse's `netns`, veth_newlink's peer net), and
 * tcpdump on the ends inside a namespace (captured as `device/ns:ifname`). Messages as
 * iproute2 6.1 prints them on Linux 6.18.
 */

const NS = ['ip netns add ns1'];
const brief = (s: string) => s.replace(/ +\S+:\S+:\S+:\S+:\S+:\S+ +/g, ' MAC ').replace(/ +$/gm, '');

describe('ip link add … netns NS', () => {
  it('peer name P netns NS: the peer is made in NS, the device where ip runs', () => {
    const s = twoHosts([...NS, 'ip link add v0 type veth peer name v1 netns ns1'], []);
    expect(run(s, 'a', 'ip -br link show v1').stderr).toBe('Device "v1" does not exist.\n');
    expect(run(s, 'a', 'ip -n ns1 -br link show v1').stdout).toMatch(/^v1@/);
    expect(run(s, 'a', 'ip -br link show v0').stdout).toMatch(/^v0@/);
  });

  it('NAME netns NS type veth: the device is made in NS and its peer stays with the requester (rtnl_link_get_net of the source namespace)', () => {
    const s = twoHosts([...NS, 'ip link add v3 netns ns1 type veth peer name v4'], []);
    expect(run(s, 'a', 'ip -n ns1 -br link show v3').stdout).toMatch(/^v3@/);
    expect(run(s, 'a', 'ip -br link show v4').stdout).toMatch(/^v4@/);
    // The same name may be taken on both sides: they are in different namespaces.
    const same = twoHosts([...NS, 'ip link add v10 netns ns1 type veth peer name v10'], []);
    expect(brief(run(same, 'a', 'ip -br link show v10; ip -n ns1 -br link show v10').stdout)).toMatch(/^v10@\S+ +DOWN MAC <[^\n]*\nv10@\S+ +DOWN MAC </);
    expect(run(twoHosts([...NS, 'ip link add br1 netns ns1 type bridge'], []), 'a', 'ip -n ns1 -br link show br1').stdout).toMatch(/^br1 /);
  });

  it('ip link names a peer in another namespace by its ifindex (NAME@ifN, no M-DOWN) and that namespace: link-netns NAME, or link-netnsid N for the unnamed one', () => {
    const s = twoHosts([...NS, 'ip netns add ns2', 'ip link add veth2 type veth peer name eth0 netns ns2', 'ip link add veth1 type veth peer name eth0 netns ns1', 'ip link set veth1 up'], []);
    const mac = (t: string) => t.replace(/link\/ether \S+/g, 'link/ether MAC');
    expect(mac(run(s, 'a', 'ip link show veth1; ip link show veth2').stdout)).toBe(
      '4: veth1@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns ns1\n' +
        '3: veth2@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns ns2\n',
    );
    // Inside ns1 the box's own namespace has no name: its id there, the first ns1 gave.
    expect(mac(run(s, 'a', 'ip -n ns1 link show eth0').stdout)).toBe(
      '2: eth0@if4: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0\n',
    );
    expect(run(s, 'a', 'ip -n ns2 -br link show eth0').stdout).toMatch(/^eth0@if3 +DOWN /);
  });

  it('a pair goes whole: deleting one end or the namespace of one end deletes the other end (veth_dellink)', () => {
    const pair = [...NS, 'ip netns add ns2', 'ip link add v1 type veth peer name e1 netns ns1', 'ip link add v2 type veth peer name e2 netns ns2'];
    const del = twoHosts([...pair, 'ip netns del ns1', 'ip link del v2'], []);
    expect(run(del, 'a', 'ip -br link').stdout).not.toMatch(/^v[12]/m);
    expect(run(del, 'a', 'ip -n ns2 -br link').stdout).toBe('lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n');
  });

  it('the errors: an unknown namespace (before anything is sent), a pid no process has, a name taken in the peer namespace', () => {
    const issue = (line: string) => {
      const i = runCommand(twoHosts([...NS, 'ip -n ns1 link add v2 type veth peer name v9', line], []), 'a', 'true').configIssues[0];
      return i?.message;
    };
    expect(issue('ip link add v1 type veth peer name v2 netns nonex')).toBe('Error: argument "nonex" is wrong: Invalid "netns" value');
    expect(issue('ip link add v1 netns nonex type veth peer name v2')).toBe('Error: argument "nonex" is wrong: Invalid "netns" value');
    expect(issue('ip link add v12 netns 999999 type bridge')).toBe('RTNETLINK answers: No such process');
    expect(issue('ip link add v5 type veth peer name v2 netns ns1')).toBe('RTNETLINK answers: File exists');
  });

  it('frames cross the pair between namespaces, and tcpdump on the end inside ns1 sees both directions', () => {
    const s = twoHosts(
      [...NS, 'ip link add v0 type veth peer name v1 netns ns1', 'ip addr add 10.9.0.1/24 dev v0', 'ip link set v0 up', 'ip -n ns1 addr add 10.9.0.2/24 dev v1', 'ip -n ns1 link set v1 up'],
      [],
    );
    const r = runCommand(s, 'a', 'ip netns exec ns1 ping -c 1 10.9.0.1');
    expect(r.exit).toBe(0);
    const lines = tcpdump(r, 'a/ns1:v1').map((l) => l.replace(/^\S+ > \S+,/, 'MACS,').replace(/ id \d+,/, ''));
    expect(lines).toEqual([
      'MACS, ethertype ARP (0x0806), length 42: Request who-has 10.9.0.1 tell 10.9.0.2, length 28',
      'MACS, ethertype ARP (0x0806), length 42: Reply 10.9.0.1 is-at ' + lines[1]!.split('is-at ')[1],
      'MACS, ethertype IPv4 (0x0800), length 98: 10.9.0.2 > 10.9.0.1: ICMP echo request, seq 1, length 64',
      'MACS, ethertype IPv4 (0x0800), length 98: 10.9.0.1 > 10.9.0.2: ICMP echo reply, seq 1, length 64',
    ]);
    // The end in the box's own namespace is not a topology port: no capture of its own.
    expect(r.captures.has('a:v0')).toBe(false);
  });
});
