import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { tcpdump, twoHosts } from '../sim/testing';

/*
 * macvlan (drivers/net/macvlan.c) in one box, as iproute2 6.1 and this kernel print and do it
 * (observed in namespaces; the traffic is recorded in fixtures/scenarios/kernel-macvlan.json, and with
 * children in namespaces in kernel-macvlan-netns.json and the lesson macvlan-containers).
 */

const BOX = ['ip addr add 10.0.0.1/24 dev eth0', 'ip link add mv0 link eth0 type macvlan mode bridge', 'ip link set mv0 address 02:00:00:00:0a:00', 'ip link set mv0 up', 'ip addr add 10.0.0.5/24 dev mv0'];
const HOST = ['ip addr add 10.0.0.2/24 dev eth0'];
const run = (a: string[], command: string, on = 'a', b = HOST) => runCommand(twoHosts(a, b), on, command);
const issues = (config: string[]) => run(config, 'true').configIssues.map((i) => i.message);
const noMacs = (s: string) => s.replace(/link\/ether \S+/g, 'link/ether MAC');

describe('ip link add … type macvlan (iplink_macvlan.c, macvlan_common_newlink)', () => {
  it('NAME@LOWER, down with qdisc noop; both spellings of the command; macvlan%d unnamed', () => {
    const r = run(['ip link add mv0 link eth0 type macvlan mode bridge', 'ip link add link eth0 name mv1 type macvlan'], 'ip link show type macvlan');
    expect(noMacs(r.stdout)).toBe(
      '3: mv0@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n' +
        '4: mv1@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether MAC brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(run(['ip link add link eth0 type macvlan'], 'ip -br link show type macvlan').stdout).toMatch(/^macvlan0@eth0 +DOWN/);
  });

  it("the real tool's and the kernel's refusals", () => {
    expect(issues(['ip link add mv0 link nope type macvlan'])).toEqual(['Cannot find device "nope"']);
    expect(issues(['ip link add mv0 type macvlan'])).toEqual(['RTNETLINK answers: Invalid argument']);
    expect(issues(['ip link add mv0 link lo type macvlan'])).toEqual(['RTNETLINK answers: Invalid argument']);
    expect(issues(['ip link add mv0 link eth0 type macvlan mode foo'])).toEqual(['Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "foo"']);
    expect(issues(['ip link add mv0 link eth0 type macvlan foo'])[0]).toMatch(/^macvlan: unknown option "foo"\?\nUsage: \.\.\. macvlan mode MODE/);
    // passthru must be the lower's only child, and nothing joins it afterwards.
    expect(issues(['ip link add mv0 link eth0 type macvlan', 'ip link add mv1 link eth0 type macvlan mode passthru'])).toEqual(['RTNETLINK answers: Invalid argument']);
    expect(issues(['ip link add mv0 link eth0 type macvlan mode passthru', 'ip link add mv1 link eth0 type macvlan'])).toEqual(['RTNETLINK answers: Invalid argument']);
    // The lower's rx_handler is the macvlan port's: it cannot be a bridge port (netdev_rx_handler_register).
    expect(issues(['ip link add mv0 link eth0 type macvlan', 'ip link add br0 type bridge', 'ip link set eth0 master br0'])).toEqual(['RTNETLINK answers: Device or resource busy']);
  });

  it("MTU: no larger than the lower's (EINVAL); a lower that shrinks takes its children down with it, one that grows does not", () => {
    expect(issues(['ip link add mv0 link eth0 type macvlan', 'ip link set mv0 mtu 9000'])).toEqual(['RTNETLINK answers: Invalid argument']);
    expect(run(['ip link add mv0 link eth0 type macvlan', 'ip link set mv0 mtu 1400', 'ip link set eth0 mtu 1300', 'ip link set eth0 mtu 1600'], 'ip link show mv0').stdout).toMatch(/^3: mv0@eth0: <BROADCAST,MULTICAST> mtu 1300 /);
  });

  it('a macvlan on a macvlan sits on its lower; passthru takes the lower address', () => {
    expect(run(['ip link add mv0 link eth0 type macvlan', 'ip link add mv5 link mv0 type macvlan'], 'ip -br link show mv5').stdout).toMatch(/^mv5@eth0 /);
    expect(run(['ip link add mv0 link eth0 type macvlan mode passthru'], 'ip -br link show mv0').stdout).toMatch(/^mv0@eth0 +DOWN +02:00:00:00:01:01 /);
  });

  it('carrier follows the lower (netif_stacked_transfer_operstate): M-DOWN and no carrier while it is down', () => {
    const r = run(['ip link add mv0 link eth0 type macvlan', 'ip link set mv0 up', 'ip link set eth0 down'], 'ip link show mv0');
    expect(r.stdout).toMatch(/^3: mv0@eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN /);
    const back = run(['ip link add mv0 link eth0 type macvlan', 'ip link set mv0 up', 'ip link set eth0 down', 'ip link set eth0 up'], 'ip link show mv0');
    expect(back.stdout).toMatch(/^3: mv0@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP /);
  });

  it('deleting the last child frees the lower (it can be a bridge port again); deleting a lower deletes its children', () => {
    expect(issues(['ip link add mv0 link eth0 type macvlan', 'ip link del mv0', 'ip link add br0 type bridge', 'ip link set eth0 master br0'])).toEqual([]);
    expect(run(['ip link add v0 type veth peer name v1', 'ip link add mv0 link v0 type macvlan', 'ip link del v1'], 'ip -br link').stdout).not.toContain('mv0');
    // Deleting the namespace a child moved to deletes it (default_device_exit_batch → macvlan_dellink).
    expect(issues(['ip netns add ns1', 'ip link add mv0 link eth0 type macvlan', 'ip link set mv0 netns ns1', 'ip netns del ns1', 'ip link add br0 type bridge', 'ip link set eth0 master br0'])).toEqual([]);
  });
});

describe('macvlan traffic (macvlan_handle_frame, macvlan_queue_xmit)', () => {
  it('a host on the wire reaches the macvlan address: the lower answers its ARP at once (arp_ignore 0), the child from the broadcast work queue later', () => {
    const r = run(BOX, 'ping -c 1 -W 1 10.0.0.5', 'b');
    expect(r.exit).toBe(0);
    const arp = tcpdump(r, 'a:eth0').filter((l) => l.includes('Reply 10.0.0.5'));
    expect(arp).toEqual([
      '02:00:00:00:01:01 > 02:00:00:00:02:01, ethertype ARP (0x0806), length 42: Reply 10.0.0.5 is-at 02:00:00:00:01:01, length 28',
      '02:00:00:00:0a:00 > 02:00:00:00:02:01, ethertype ARP (0x0806), length 42: Reply 10.0.0.5 is-at 02:00:00:00:0a:00, length 28',
    ]);
    // With arp_ignore 1 only mv0 answers for its address, and the echo goes to the macvlan MAC.
    const own = run([...BOX, 'sysctl -w net.ipv4.conf.all.arp_ignore=1'], 'ping -c 1 -W 1 10.0.0.5', 'b');
    expect(own.exit).toBe(0);
    expect(tcpdump(own, 'a:eth0').some((l) => l.startsWith('02:00:00:00:02:01 > 02:00:00:00:0a:00') && l.includes('ICMP echo request'))).toBe(true);
  });

  it('the box cannot reach its own macvlan through the lower, nor the lower through it: what either sends goes to the wire', () => {
    const r = run(BOX, 'arping -c 1 -w 1 -I eth0 10.0.0.5');
    expect(r.exit).toBe(1);
    expect(r.captures.get('b:eth0')!.map((f) => f.frame.src)).toEqual(['02:00:00:00:01:01']);
    expect(run(BOX, 'arping -c 1 -w 1 -I mv0 10.0.0.1').exit).toBe(1);
  });

  it('the fix, a macvlan for the box: a bridge-mode sibling reaches mv0 through the lower’s receive path, seen on the lower but not on its wire', () => {
    const cfg = [...BOX, 'ip link add mv1 link eth0 type macvlan mode bridge', 'ip link set mv1 address 02:00:00:00:0a:01', 'ip link set mv1 up', 'ip addr add 10.0.0.6/24 dev mv1'];
    const r = run(cfg, 'arping -D -c 1 -w 1 -I mv1 10.0.0.5');
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('Unicast reply from 10.0.0.5 [02:00:00:00:0A:00]');
    expect(tcpdump(r, 'a:eth0')).toContain('02:00:00:00:0a:00 > 02:00:00:00:0a:01, ethertype ARP (0x0806), length 42: Reply 10.0.0.5 is-at 02:00:00:00:0a:00, length 28');
    expect(tcpdump(r, 'b:eth0').some((l) => l.includes('Reply'))).toBe(false);
    // vepa siblings send out to the wire, where nothing brings the frame back: no duplicate found.
    const vepa = cfg.map((l) => l.replace('mode bridge', 'mode vepa'));
    expect(run(vepa, 'arping -D -c 1 -w 1 -I mv1 10.0.0.5').exit).toBe(0);
  });

  it('a unicast frame for a child that is down is dropped by the lower, which does not take it either', () => {
    const r = run([...BOX, 'ip link set mv0 down'], 'ping -c 1 -W 1 10.0.0.5', 'b', ['ip addr add 10.0.0.2/24 dev eth0', 'ip neigh add 10.0.0.5 lladdr 02:00:00:00:0a:00 dev eth0 nud permanent']);
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.reason.code === 'upper_down' && e.reason.dev === 'mv0')).toBe(true);
  });

  it('passthru: the child has the lower address and every unicast frame (observed with real namespaces)', () => {
    const cfg = ['ip link add mv0 link eth0 type macvlan mode passthru', 'ip link set mv0 up', 'ip addr add 10.0.0.5/24 dev mv0'];
    expect(run(cfg, 'ping -c 1 -W 1 10.0.0.5', 'b').exit).toBe(0);
    expect(run([...cfg, 'ip addr add 10.0.0.1/24 dev eth0'], 'ping -c 1 -W 1 10.0.0.1', 'b').exit).toBe(0);
  });

  it('private children do not hear each other even through a broadcast', () => {
    const cfg = ['ip link add mv0 link eth0 type macvlan mode private', 'ip link set mv0 up', 'ip addr add 10.0.0.5/24 dev mv0', 'ip link add mv1 link eth0 type macvlan mode private', 'ip link set mv1 up', 'ip addr add 10.0.0.6/24 dev mv1'];
    expect(run(cfg, 'arping -D -c 1 -w 1 -I mv1 10.0.0.5').exit).toBe(0);
  });

  it('a macvlan moved into a namespace keeps its lower: a ping from the namespace reaches the host', () => {
    const cfg = ['ip netns add ns1', 'ip link add mv0 link eth0 type macvlan mode bridge', 'ip link set mv0 netns ns1', 'ip -n ns1 link set mv0 up', 'ip -n ns1 addr add 10.0.0.7/24 dev mv0'];
    const r = run(cfg, 'ip netns exec ns1 ping -c 1 -W 1 10.0.0.2');
    expect(r.exit).toBe(0);
    // The lower is not looked up in another namespace: no M-DOWN while it is down, only no carrier.
    expect(run([...cfg, 'ip link set eth0 down'], 'ip -n ns1 link show mv0').stdout).toMatch(/^3: mv0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> /);
    expect(run(cfg, 'ip -n ns1 link show mv0').stdout).toMatch(/^3: mv0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 0\n$/);
  });

  // Recorded on the kernel as the lesson src/scenarios/macvlan-containers.json.
  it('containers on macvlans (namespaces): the LAN reaches them, the box on the lower does not, the box on its own macvlan does, and two containers reach each other', () => {
    const ns = (n: number) => [`ip netns add c${n}`, `ip link add mv${n} link eth0 type macvlan mode bridge`, `ip link set mv${n} netns c${n}`, `ip -n c${n} link set mv${n} up`, `ip -n c${n} addr add 10.0.0.${10 + n}/24 dev mv${n}`];
    const cfg = ['ip addr add 10.0.0.1/24 dev eth0', ...ns(1), ...ns(2)];
    expect(run(cfg, 'ping -c 1 -W 1 10.0.0.11', 'b').exit).toBe(0);
    expect(run(cfg, 'ping -c 1 -W 1 10.0.0.11').exit).toBe(1);
    expect(run(cfg, 'ip netns exec c1 ping -c 1 -W 1 10.0.0.12').exit).toBe(0);
    // The usual fix: the box's address on a macvlan of its own, routed to the containers.
    const fixed = [...cfg, 'ip link add mvhost link eth0 type macvlan mode bridge', 'ip link set mvhost up', 'ip addr add 10.0.0.3/32 dev mvhost', 'ip route add 10.0.0.11/32 dev mvhost'];
    expect(run(fixed, 'ping -c 1 -W 1 10.0.0.11').exit).toBe(0);
  });

  it('the trace says where the lower sends each frame: a unicast by its destination MAC to one child, a broadcast to every child, a bridge-mode sibling’s frame through the lower', () => {
    const ns = (n: number) => [`ip netns add c${n}`, `ip link add mv${n} link eth0 type macvlan mode bridge`, `ip link set mv${n} address 02:00:00:00:0a:0${n}`, `ip link set mv${n} netns c${n}`, `ip -n c${n} link set mv${n} up`, `ip -n c${n} addr add 10.0.0.${10 + n}/24 dev mv${n}`];
    const cfg = ['ip addr add 10.0.0.1/24 dev eth0', ...ns(1), ...ns(2)];
    const codes = (r: ReturnType<typeof run>) => r.events.filter((e) => e.reason.code.startsWith('macvlan_')).map((e) => `${e.device}:${e.port} ${e.reason.code}`);
    // From the wire: the ARP broadcast to both children (macvlan_broadcast_enqueue), the echo
    // request by its destination MAC to mv1 only (macvlan_hash_lookup).
    expect(codes(run(cfg, 'ping -c 1 -W 1 10.0.0.11', 'b'))).toEqual(['a/c2:mv2 macvlan_broadcast', 'a/c1:mv1 macvlan_broadcast', 'a/c1:mv1 macvlan_rx']);
    // Between siblings in bridge mode: the broadcast straight to the sibling, each unicast into
    // the lower's receive path (macvlan_queue_xmit's dev_forward_skb) and on to its owner.
    const sibling = run(cfg, 'ip netns exec c1 ping -c 1 -W 1 10.0.0.12');
    expect(codes(sibling)).toEqual([
      'a/c2:mv2 macvlan_broadcast',
      'a/c2:mv2 macvlan_bridge', 'a/c1:mv1 macvlan_rx',
      'a/c1:mv1 macvlan_bridge', 'a/c2:mv2 macvlan_rx',
      'a/c2:mv2 macvlan_bridge', 'a/c1:mv1 macvlan_rx',
    ]);
    expect(sibling.events.find((e) => e.reason.code === 'macvlan_broadcast')!.reason).toMatchObject({ from: 'mv1' });
    // What the lower itself sends never meets its rx_handler: no child hears the box's ARP request.
    expect(codes(run(cfg, 'ping -c 1 -W 1 10.0.0.11'))).toEqual([]);
  });

  it('tcpdump on a macvlan in a namespace sees what it sends and what its lower hands it, never what the lower itself sends (recorded: macvlan-containers)', () => {
    const ns = (n: number) => [`ip netns add c${n}`, `ip link add mv${n} link eth0 type macvlan mode bridge`, `ip link set mv${n} address 02:00:00:00:0a:0${n}`, `ip link set mv${n} netns c${n}`, `ip -n c${n} link set mv${n} up`, `ip -n c${n} addr add 10.0.0.${10 + n}/24 dev mv${n}`];
    const cfg = ['ip addr add 10.0.0.1/24 dev eth0', ...ns(1), ...ns(2)];
    const fromLan = run(cfg, 'ping -c 1 -W 1 10.0.0.11', 'b');
    expect(tcpdump(fromLan, 'a/c1:mv1').map((l) => l.slice(0, l.indexOf(',')))).toEqual([
      '02:00:00:00:02:01 > ff:ff:ff:ff:ff:ff',
      '02:00:00:00:0a:01 > 02:00:00:00:02:01',
      '02:00:00:00:02:01 > 02:00:00:00:0a:01',
      '02:00:00:00:0a:01 > 02:00:00:00:02:01',
    ]);
    // The broadcast reaches every child; the unicast frames only their owner.
    expect(tcpdump(fromLan, 'a/c2:mv2')).toHaveLength(1);
    // The box's own request leaves eth0 for the wire: both children's captures stay empty.
    const fromBox = run(cfg, 'ping -c 1 -W 1 10.0.0.11');
    expect(fromBox.captures.get('a/c1:mv1')).toEqual([]);
    expect(fromBox.captures.get('a/c2:mv2')).toEqual([]);
  });
});
