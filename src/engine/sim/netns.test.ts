import { describe, expect, it } from 'vitest';
import { runCommand } from './run';
import { run, scenarioOf, twoHosts } from './testing';

/*
 * A device's network namespaces (net_namespace.c, ip netns): each one a whole stack of its
 * own, made and removed at run time, entered with ip netns exec, ip -n and nsenter. Outputs
 * are what iproute2 6.1 prints on Linux 6.18.
 */

const A = ['ip addr add 10.0.0.1/24 dev eth0'];
const B = ['ip addr add 10.0.0.2/24 dev eth0'];

describe('network namespaces inside a device', () => {
  it('ip netns lists the names; a new namespace has only lo, down and without an address', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip netns add ns2'], B);
    expect(run(s, 'a', 'ip netns list').stdout).toBe('ns2\nns1\n');
    expect(run(s, 'a', 'ip netns').stdout).toBe('ns2\nns1\n');
    expect(run(s, 'a', 'ip netns exec ns1 ip addr').stdout).toBe(
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n',
    );
    // The init namespace keeps its own port and address.
    expect(run(s, 'a', 'ip -br addr show dev eth0').stdout).toContain('10.0.0.1/24');
  });

  it("a new namespace starts from the kernel's defaults, not the init namespace's settings", () => {
    const s = twoHosts([...A, 'sysctl -w net.ipv4.ip_forward=1', 'iptables -A INPUT -j DROP', 'ip netns add ns1'], B);
    expect(run(s, 'a', 'ip netns exec ns1 sysctl net.ipv4.ip_forward net.ipv4.conf.all.rp_filter').stdout).toBe('net.ipv4.ip_forward = 0\nnet.ipv4.conf.all.rp_filter = 0\n');
    expect(run(s, 'a', 'ip netns exec ns1 iptables -S').stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
  });

  it('lo comes up with 127.0.0.1/8 (inetdev_event NETDEV_UP) and answers ping inside the namespace', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip -n ns1 link set lo up'], B);
    expect(run(s, 'a', 'ip -n ns1 route show table local').stdout).toBe(
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \nlocal 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \nbroadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n',
    );
    const ping = run(s, 'a', 'ip netns exec ns1 ping -c1 127.0.0.1');
    expect(ping.exit).toBe(0);
    expect(ping.stdout).toContain('1 packets transmitted, 1 received');
  });

  it('the errors ip and nsenter print for a name that is not there, or taken', () => {
    const s = twoHosts([...A, 'ip netns add ns1'], B);
    const exec = run(s, 'a', 'ip netns exec nope ip addr');
    expect([exec.exit, exec.stderr]).toEqual([255, 'Cannot open network namespace "nope": No such file or directory\n']);
    const dashN = run(s, 'a', 'ip -n nope addr');
    expect([dashN.exit, dashN.stderr]).toEqual([255, 'Cannot open network namespace "nope": No such file or directory\n']);
    const enter = run(s, 'a', 'nsenter --net=/var/run/netns/nope ip addr');
    expect([enter.exit, enter.stderr]).toEqual([1, 'nsenter: cannot open /var/run/netns/nope: No such file or directory\n']);
    const add = run(s, 'a', 'ip netns add ns1');
    expect([add.exit, add.stderr]).toEqual([1, 'Cannot create namespace file "/run/netns/ns1": File exists\n']);
    const del = run(s, 'a', 'ip netns del nope');
    expect([del.exit, del.stderr]).toEqual([1, 'Cannot remove namespace file "/run/netns/nope": No such file or directory\n']);
    const cfg = runCommand(twoHosts([...A, 'ip netns exec'], B), 'a', 'true');
    expect(cfg.configIssues.map((i) => i.message)).toEqual(['No netns name specified']);
  });

  it('the usage errors of ip netns and nsenter, with their exit statuses', () => {
    const issues = (line: string) => runCommand(twoHosts([line], B), 'a', 'true').configIssues.map((i) => i.message);
    expect(issues('ip netns exec ns1')).toEqual(['No command specified']);
    expect(issues('ip netns add')).toEqual(['No netns name specified']);
    expect(issues('ip netns add a/b')).toEqual(['Invalid netns name "a/b"']);
    expect(issues('ip netns bogus')).toEqual(['Command "bogus" is unknown, try "ip netns help".']);
    expect(issues('nsenter --net ip addr')).toEqual(['nsenter: neither filename nor target pid supplied for ns/net']);
    const short = run(twoHosts(['ip netns add ns1'], B), 'a', 'nsenter -n/var/run/netns/ns1 ip -br link');
    expect(short.stdout).toMatch(/^lo +DOWN/);
  });

  it('a service in a namespace answers on the port moved there', () => {
    const s = twoHosts(['ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 addr add 10.0.0.1/24 dev eth0', 'ip -n ns1 link set eth0 up', 'ip netns exec ns1 nc -lk 80 &'], B);
    expect(run(s, 'b', 'nc -z -w 1 10.0.0.1 80').exit).toBe(0);
  });

  it('ip netns del removes the namespace; a flow may add and enter one', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip netns del ns1'], B);
    expect(run(s, 'a', 'ip netns list').stdout).toBe('');
    const r = run(s, 'a', 'ip netns add x && nsenter --net=/run/netns/x ip link show lo');
    expect(r.stdout).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
  });

  it('ip link set eth0 netns ns1: the port leaves with its address and routes, arrives down, and its frames reach the namespace', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 addr add 10.0.0.5/24 dev eth0', 'ip -n ns1 link set eth0 up'], B);
    expect(run(s, 'a', 'ip addr show dev eth0').stderr).toBe('Device "eth0" does not exist.\n');
    expect(run(s, 'a', 'ip route').stdout).toBe('');
    const ping = run(s, 'b', 'ping -c1 10.0.0.5');
    expect(ping.stdout).toContain('1 packets transmitted, 1 received');
    const inside = run(s, 'a', 'ip netns exec ns1 ping -c1 10.0.0.2');
    expect(inside.stdout).toContain('1 packets transmitted, 1 received');
    // The trace names the namespace the frame left from.
    expect(inside.events.some((e) => e.device === 'a/ns1' && e.kind === 'frame-sent')).toBe(true);
  });

  it('a moved port comes up down and without its addresses, as dev_change_net_namespace leaves it', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip link set eth0 netns ns1'], B);
    expect(run(s, 'a', 'ip -f inet -n ns1 addr').stdout).toBe('');
    expect(run(s, 'a', 'ip -n ns1 -br addr').stdout).toMatch(/^lo +DOWN +\neth0 +DOWN +\n$/);
    const refused = runCommand(twoHosts(['ip netns add ns1', 'ip link set eth0 netns nope', 'ip link set lo netns ns1'], B), 'a', 'true');
    expect(refused.configIssues.map((i) => [i.line, i.message])).toEqual([
      [2, 'Error: argument "nope" is wrong: Invalid "netns" value'],
      [3, 'Error: The interface netns is immutable.'],
    ]);
  });

  it('deleting a namespace pushes a NIC in it back to the init namespace, down and without addresses (default_device_exit)', () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 addr add 10.0.0.5/24 dev eth0', 'ip netns del ns1'], B);
    expect(run(s, 'a', 'ip -br addr show dev eth0').stdout).toMatch(/^eth0 +DOWN +\n$/);
  });

  it("config lines in a namespace change that namespace's tables only", () => {
    const s = twoHosts([...A, 'ip netns add ns1', 'ip netns exec ns1 iptables -A INPUT -j DROP', 'ip netns exec ns1 ip link set lo up', 'ip -n ns1 route add blackhole 10.9.0.0/16'], B);
    expect(run(s, 'a', 'ip netns exec ns1 iptables -S INPUT').stdout).toBe('-P INPUT ACCEPT\n-A INPUT -j DROP\n');
    expect(run(s, 'a', 'iptables -S INPUT').stdout).toBe('-P INPUT ACCEPT\n');
    expect(run(s, 'a', 'ip -n ns1 route').stdout).toBe('blackhole 10.9.0.0/16 \n');
    expect(run(s, 'a', 'ip route').stdout).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n');
  });

  it('every namespace of a device reads the same /etc (one mount namespace)', () => {
    const s = twoHosts([...A, "echo '10.0.0.2 bee' >> /etc/hosts", 'ip netns add ns1'], B);
    expect(run(s, 'a', 'ip netns exec ns1 grep bee /etc/hosts').stdout).toBe('10.0.0.2 bee\n');
  });

  it('two devices may each have an ns1 of their own', () => {
    const s = scenarioOf({ a: { ports: ['eth0'], config: ['ip netns add ns1'] }, b: { ports: ['eth0'], config: [] } }, [['a:eth0', 'b:eth0']]);
    expect(run(s, 'b', 'ip netns').stdout).toBe('');
    expect(run(s, 'a', 'ip netns').stdout).toBe('ns1\n');
  });
});
