import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/types';
import { run, scenarioOf } from './testing';
import type { FlowResult } from './run';

/*
 * Ivan Velichko's "Container Networking Is Simple" (iximiuz.com), run verbatim as it prints its
 * commands, `sudo` included: each config line below is a line of the tutorial, in its order, and
 * each check runs a command it runs, on a box built from every line before it. The expected
 * output is what the same lines printed in network namespaces on Linux 6.18 (iproute2 6.1,
 * iputils 20221126, curl 7.88.1), built by `hairpin lab` and, for the `ip link` forms inside a
 * container, in an unnamed namespace as the tutorial's root namespace is (`link-netnsid 0`).
 *
 * Where a tutorial line cannot be a config line, the command form stands in, said so where it is:
 * - `sudo nsenter --net=/var/run/netns/netns0` with no command opens a shell, whose lines follow
 *   interactively (and `exit` leaves it): here each of those lines is `nsenter … CMD`;
 * - `./inspect-net-stack.sh` is its three commands (ip link, ip route, iptables --list-rules);
 * - `python3 -m http.server --bind 172.18.0.10 5000` runs in the foreground of that shell: here
 *   in the background (`&`), as a config runs a service;
 * - `ping 8.8.8.8` without -c never ends where it hangs: here `ping -c 2`.
 * The tutorial's box is a VM with eth0 10.0.2.15/24 and its gateway 10.0.2.2; here the gateway
 * is a machine on eth0 that also holds 8.8.8.8. Hairpin boxes have IPv6 off: no inet6 lines.
 */

const ENTER0 = 'sudo nsenter --net=/var/run/netns/netns0';
const ENTER1 = 'sudo nsenter --net=/var/run/netns/netns1';

/** A line of the tutorial's box, or a command it runs there (or, with `on`, on the outside machine). */
type Step = string | { run: string; on?: 'host' | 'outside'; check: (r: FlowResult) => void };

const exits = (status: number) => (r: FlowResult) => expect(r.exit, r.stdout + r.stderr).toBe(status);
const mac = (text: string) => text.replace(/link\/ether \S+/g, 'link/ether MAC');
const UNREACHABLE = (r: FlowResult) => {
  expect(r.exit).toBe(2);
  expect(r.stderr).toBe('ping: connect: Network is unreachable\n');
};

const TUTORIAL: Step[] = [
  // Isolating containers with network namespaces
  'sudo iptables -N ROOT_NS',
  'sudo ip netns add netns0',
  { run: 'ip netns', check: (r) => expect(r.stdout).toBe('netns0\n') },
  // `sudo nsenter --net=/var/run/netns/netns0 bash`, then `sudo ./inspect-net-stack.sh`:
  { run: `${ENTER0} ip link`, check: (r) => expect(r.stdout).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n') },
  { run: `${ENTER0} ip route`, check: (r) => expect([r.exit, r.stdout]).toEqual([0, '']) },
  { run: `${ENTER0} iptables --list-rules`, check: (r) => expect(r.stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n') },
  { run: 'iptables --list-rules', check: (r) => expect(r.stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N ROOT_NS\n') },

  // Connecting containers to host using virtual Ethernet devices (veth)
  'sudo ip link add veth0 type veth peer name ceth0',
  // Both ends in the root namespace: each names its peer (veth_newlink registers the peer first).
  { run: 'ip link', check: (r) => expect(mac(r.stdout)).toContain(
    '3: ceth0@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n' +
      '4: veth0@ceth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n') },
  'sudo ip link set ceth0 netns netns0',
  // ceth0 has left the root stack; veth0 names it by ifindex and its namespace.
  { run: 'ip link', check: (r) => {
    expect(r.stdout).not.toContain('ceth0');
    expect(mac(r.stdout)).toContain('4: veth0@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns netns0\n');
  } },
  'sudo ip link set veth0 up',
  'sudo ip addr add 172.18.0.11/16 dev veth0',
  // `sudo nsenter --net=/var/run/netns/netns0`, then:
  `${ENTER0} ip link set lo up`,
  `${ENTER0} ip link set ceth0 up`,
  `${ENTER0} ip addr add 172.18.0.10/16 dev ceth0`,
  // Inside netns0 the root namespace has no name: its id there, 0.
  { run: `${ENTER0} ip link`, check: (r) => expect(mac(r.stdout)).toBe(
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
      '3: ceth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0\n') },
  { run: `${ENTER0} ip addr`, check: (r) => expect(mac(r.stdout)).toBe(
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
      '3: ceth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 172.18.0.10/16 scope global ceth0\n       valid_lft forever preferred_lft forever\n') },
  { run: `${ENTER0} ping -c 2 172.18.0.11`, check: exits(0) },
  { run: 'ping -c 2 172.18.0.10', check: exits(0) },
  // netns0 has a route to its own /16 only.
  { run: `${ENTER0} ping 10.0.2.15`, check: UNREACHABLE },
  { run: `${ENTER0} ping 8.8.8.8`, check: UNREACHABLE },
  { run: `${ENTER0} ip route`, check: (r) => expect(r.stdout).toBe('172.18.0.0/16 dev ceth0 proto kernel scope link src 172.18.0.10 \n') },
  { run: 'ip route', check: (r) => expect(r.stdout).toContain('172.18.0.0/16 dev veth0 proto kernel scope link src 172.18.0.11 \n') },

  // A second container the same way: two routes to 172.18.0.0/16 in the root namespace, and the first wins.
  'sudo ip netns add netns1',
  'sudo ip link add veth1 type veth peer name ceth1',
  'sudo ip link set ceth1 netns netns1',
  'sudo ip link set veth1 up',
  'sudo ip addr add 172.18.0.21/16 dev veth1',
  `${ENTER1} ip link set lo up`,
  `${ENTER1} ip link set ceth1 up`,
  `${ENTER1} ip addr add 172.18.0.20/16 dev ceth1`,
  // veth1 answers netns1's ARP, but the echo reply is routed out of veth0, where nobody has 172.18.0.20.
  { run: `${ENTER1} ping -c 2 172.18.0.21`, check: (r) => {
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('\n2 packets transmitted, 0 received, 100% packet loss, time ');
  } },
  { run: `${ENTER1} ip route`, check: (r) => expect(r.stdout).toBe('172.18.0.0/16 dev ceth1 proto kernel scope link src 172.18.0.20 \n') },
  // The root namespace ARPs for netns1 out of veth0: 3 probes, then both echoes come back as errors.
  { run: 'ping -c 2 172.18.0.20', check: (r) => {
    expect(r.exit).toBe(1);
    expect(r.stdout).toMatch(/^PING 172\.18\.0\.20 \(172\.18\.0\.20\) 56\(84\) bytes of data\.\nFrom 172\.18\.0\.11 icmp_seq=1 Destination Host Unreachable\nFrom 172\.18\.0\.11 icmp_seq=2 Destination Host Unreachable\n\n--- 172\.18\.0\.20 ping statistics ---\n2 packets transmitted, 0 received, \+2 errors, 100% packet loss, time \d+ms\npipe 2\n$/);
  } },
  { run: `${ENTER0} ping -c 2 172.18.0.21`, check: exits(0) },
  { run: `${ENTER0} ping -c 2 172.18.0.20`, check: (r) => {
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('From 172.18.0.10 icmp_seq=1 Destination Host Unreachable\n');
  } },
  { run: 'ip route', check: (r) => expect(r.stdout).toContain('172.18.0.0/16 dev veth0 proto kernel scope link src 172.18.0.11 \n172.18.0.0/16 dev veth1 proto kernel scope link src 172.18.0.21 \n') },

  // Interconnecting containers with a virtual network switch (bridge): start again.
  'sudo ip netns delete netns0',
  'sudo ip netns delete netns1',
  // "sudo ip link delete veth0 … ceth1": the namespaces took their pairs with them.
  { run: 'sudo ip link delete veth0', check: (r) => expect([r.exit, r.stderr]).toEqual([1, 'Cannot find device "veth0"\n']) },
  { run: 'sudo ip link delete ceth0', check: (r) => expect([r.exit, r.stderr]).toEqual([1, 'Cannot find device "ceth0"\n']) },
  { run: 'ip netns', check: (r) => expect(r.stdout).toBe('') },
  'sudo ip netns add netns0',
  'sudo ip link add veth0 type veth peer name ceth0',
  'sudo ip link set veth0 up',
  'sudo ip link set ceth0 netns netns0',
  `${ENTER0} ip link set lo up`,
  `${ENTER0} ip link set ceth0 up`,
  `${ENTER0} ip addr add 172.18.0.10/16 dev ceth0`,
  'sudo ip netns add netns1',
  'sudo ip link add veth1 type veth peer name ceth1',
  'sudo ip link set veth1 up',
  'sudo ip link set ceth1 netns netns1',
  `${ENTER1} ip link set lo up`,
  `${ENTER1} ip link set ceth1 up`,
  `${ENTER1} ip addr add 172.18.0.20/16 dev ceth1`,
  // No address on veth0 or veth1: no new route on the host.
  { run: 'ip route', check: (r) => expect(r.stdout).toBe('default via 10.0.2.2 dev eth0 \n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 \n') },
  'sudo ip link add br0 type bridge',
  'sudo ip link set br0 up',
  'sudo ip link set veth0 master br0',
  'sudo ip link set veth1 master br0',
  { run: `${ENTER0} ping -c 2 172.18.0.20`, check: exits(0) },
  { run: `${ENTER1} ping -c 2 172.18.0.10`, check: exits(0) },

  // Reaching out to the outside world (IP routing and masquerading)
  { run: `${ENTER0} ping 10.0.2.15`, check: UNREACHABLE },
  // The root namespace has no route to 172.18.0.0/16 but its default: the gateway does not forward.
  { run: 'ping -c 2 172.18.0.10', check: exits(1) },
  'sudo ip addr add 172.18.0.1/16 dev br0',
  { run: 'ip route', check: (r) => expect(r.stdout).toContain('172.18.0.0/16 dev br0 proto kernel scope link src 172.18.0.1 \n') },
  { run: 'ping -c 2 172.18.0.10', check: exits(0) },
  { run: 'ping -c 2 172.18.0.20', check: exits(0) },
  `${ENTER0} ip route add default via 172.18.0.1`,
  { run: `${ENTER0} ping -c 2 10.0.2.15`, check: exits(0) },
  // "Do the same for netns1."
  `${ENTER1} ip route add default via 172.18.0.1`,
  { run: `${ENTER1} ping -c 2 10.0.2.15`, check: exits(0) },
  "sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'",
  { run: 'sysctl net.ipv4.ip_forward', check: (r) => expect(r.stdout).toBe('net.ipv4.ip_forward = 1\n') },
  // "ping 8.8.8.8 # hangs…": forwarded out of eth0 from 172.18.0.10, which nobody outside routes back.
  { run: `${ENTER0} ping -c 2 8.8.8.8`, check: exits(1) },
  'sudo iptables -t nat -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE',
  { run: `${ENTER0} ping -c 2 8.8.8.8`, check: exits(0) },
  { run: 'sudo iptables -S', check: (r) => expect(r.stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N ROOT_NS\n') },
  { run: 'iptables -t nat -S', check: (r) => expect(r.stdout).toBe('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE\n') },

  // Letting the outside world reach containers (port publishing)
  `${ENTER0} python3 -m http.server --bind 172.18.0.10 5000 &`,
  { run: 'curl 172.18.0.10:5000', check: (r) => {
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE HTML>\n/);
  } },
  { run: 'curl 10.0.2.15:5000', check: (r) => {
    expect(r.exit).toBe(7);
    expect(r.stderr).toMatch(/^curl: \(7\) Failed to connect to 10\.0\.2\.15 port 5000 after \d+ ms: Couldn't connect to server\n$/);
  } },
  // External traffic
  'sudo iptables -t nat -A PREROUTING -d 10.0.2.15 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000',
  // Local traffic (since it doesn't pass the PREROUTING chain)
  'sudo iptables -t nat -A OUTPUT -d 10.0.2.15 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000',
  'sudo modprobe br_netfilter',
  { run: 'curl 10.0.2.15:5000', check: (r) => {
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE HTML>\n/);
  } },
  { run: 'curl 10.0.2.15:5000', on: 'outside', check: exits(0) },
];

/** The tutorial's box after `lines`, and its gateway on eth0. */
function boxWith(lines: string[]): Scenario {
  return scenarioOf(
    {
      host: { ports: ['eth0'], config: ['ip addr add 10.0.2.15/24 dev eth0', 'ip route add default via 10.0.2.2', ...lines] },
      outside: { ports: ['eth0'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip addr add 8.8.8.8/32 dev lo'] },
    },
    [['host:eth0', 'outside:eth0']],
  );
}

describe('"Container Networking Is Simple", verbatim', () => {
  const lines: string[] = [];
  // One box per point of the tutorial, shared by the checks made there.
  const boxes = new Map<number, Scenario>();
  for (const step of TUTORIAL) {
    if (typeof step === 'string') {
      lines.push(step);
      continue;
    }
    const upTo = lines.slice();
    it(`${step.on ?? 'host'}$ ${step.run}  (after: ${upTo.at(-1) ?? 'nothing'})`, () => {
      if (!boxes.has(upTo.length)) boxes.set(upTo.length, boxWith(upTo));
      // `run` throws if the config raised anything: every tutorial line applies cleanly.
      step.check(run(boxes.get(upTo.length)!, step.on ?? 'host', step.run));
    });
  }
});
