import { describe, expect, it } from 'vitest';
import { runCommand, runOn } from '../../sim/run';
import { scenarioOf, tcpdump } from '../../sim/testing';
import { verdict } from '../../trace/verdict';

/*
 * br_netfilter (net/bridge/br_netfilter_hooks.c): with the module loaded and
 * net.bridge.bridge-nf-call-iptables on, bridged IPv4 passes iptables PREROUTING, FORWARD and
 * POSTROUTING with in/out the bridge and -m physdev naming its ports; a DNATed destination is
 * routed, and one behind the same bridge is bridged again (br_nf_pre_routing_finish), which
 * needs hairpin mode on the port when it is the sender's own (br_forward.c should_deliver).
 * What each case shows was seen on Linux 6.x in namespaces: a box bridging two veths.
 */

const BRIDGED = [
  'ip link add br0 type bridge',
  'ip link set eth0 master br0',
  'ip link set eth1 master br0',
  'ip link set br0 up',
  'ip addr add 10.0.0.1/24 dev br0',
  'sysctl -w net.ipv4.ip_forward=1',
];

const lab = (boxConfig: string[], leftConfig: string[] = []) =>
  scenarioOf(
    {
      left: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', ...leftConfig] },
      box: { kind: 'router', ports: ['eth0', 'eth1'], config: [...BRIDGED, ...boxConfig] },
      right: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0', 'nc -lk 80 &'] },
    },
    [
      ['left:eth0', 'box:eth0'],
      ['box:eth1', 'right:eth0'],
    ],
  );

const DROP_LEFT_TO_RIGHT = 'iptables -A FORWARD -m physdev --physdev-in eth0 --physdev-out eth1 -j DROP';

describe('br_netfilter: bridged IPv4 through iptables', () => {
  it('without the module a FORWARD rule never sees bridged frames (they are not routed)', () => {
    expect(runCommand(lab([DROP_LEFT_TO_RIGHT]), 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(0);
  });

  it('with it, FORWARD sees them with in=out=br0 and -m physdev matches the ports they cross', () => {
    const r = runCommand(lab(['modprobe br_netfilter', DROP_LEFT_TO_RIGHT]), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(r.exit).toBe(1);
    expect(tcpdump(r, 'right:eth0').some((l) => l.includes('ICMP echo request'))).toBe(false);
    const drop = r.events.find((e) => e.layer === 'netfilter' && e.kind === 'drop');
    expect(drop?.reason).toMatchObject({ code: 'nf_drop', table: 'filter', hook: 'FORWARD' });
    expect(drop?.port).toBe('br0');
    expect(r.events.find((e) => e.reason.code === 'brnf_call_iptables')).toMatchObject({ layer: 'bridge', port: 'eth0', reason: { bridge: 'br0', port: 'eth0' } });
    // The other way the in port is eth1: the rule does not match.
    expect(runCommand(lab(['modprobe br_netfilter', 'iptables -A FORWARD -m physdev --physdev-in eth1 --physdev-out eth0 -j DROP']), 'right', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(0);
  });

  it('physdev_mt on bridged packets: --physdev-in in INPUT names the port a frame for the box came in by; --physdev-is-bridged only once the bridge chose an out port', () => {
    const inputFromEth0 = lab(['modprobe br_netfilter', 'iptables -A INPUT -m physdev --physdev-in eth0 -j DROP']);
    expect(runCommand(inputFromEth0, 'left', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(1);
    expect(runCommand(inputFromEth0, 'right', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(0);
    const bridged = lab(['modprobe br_netfilter', 'iptables -A FORWARD -m physdev --physdev-is-bridged -j DROP', 'iptables -A INPUT -m physdev --physdev-is-bridged -j DROP']);
    expect(runCommand(bridged, 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(1);
    expect(runCommand(bridged, 'left', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(0);
    // --physdev-out needs an out port: in INPUT it never matches, inverted or not; wildcards as -o takes them.
    expect(runCommand(lab(['modprobe br_netfilter', 'iptables -A INPUT -m physdev ! --physdev-out eth1 -j DROP']), 'left', 'ping -c 1 -W 1 10.0.0.1').exit).toBe(0);
    expect(runCommand(lab(['modprobe br_netfilter', 'iptables -A FORWARD -m physdev --physdev-out eth+ -j DROP']), 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(1);
    // The request leaves by eth1 and passes; the reply, leaving by eth0, is dropped.
    const notOut = runCommand(lab(['modprobe br_netfilter', 'iptables -A FORWARD -m physdev ! --physdev-out eth1 -j DROP']), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(notOut.exit).toBe(1);
    expect(tcpdump(notOut, 'right:eth0').filter((l) => l.includes('ICMP echo'))).toHaveLength(2);
    expect(tcpdump(notOut, 'left:eth0').some((l) => l.includes('ICMP echo reply'))).toBe(false);
  });

  it('LOG names the bridge ports of a bridged packet (PHYSIN=, PHYSOUT=), POSTROUTING with no in device', () => {
    const r = runCommand(lab(['modprobe br_netfilter', 'iptables -A FORWARD -p icmp -j LOG --log-prefix "fwd: "', 'iptables -t mangle -A POSTROUTING -p icmp -j LOG --log-prefix "post: "']), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(r.exit).toBe(0);
    const log = runOn(r.network, 'box', 'dmesg', []).stdout;
    expect(log).toMatch(/fwd: IN=br0 OUT=br0 PHYSIN=eth0 PHYSOUT=eth1 MAC=02:00:00:00:03:01:02:00:00:00:01:01:08:00 SRC=10\.0\.0\.2 DST=10\.0\.0\.3 /);
    expect(log).toMatch(/post: IN= OUT=br0 PHYSIN=eth0 PHYSOUT=eth1 SRC=10\.0\.0\.2 DST=10\.0\.0\.3 /);
  });

  it('bridge-nf-call-iptables=0 in the namespace turns it off again', () => {
    expect(runCommand(lab(['modprobe br_netfilter', 'sysctl -w net.bridge.bridge-nf-call-iptables=0', DROP_LEFT_TO_RIGHT]), 'left', 'ping -c 1 -W 1 10.0.0.3').exit).toBe(0);
  });

  it('bridged flows are tracked: conntrack in the box lists the ping between the hosts', () => {
    const r = runCommand(lab(['modprobe br_netfilter', 'iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP']), 'left', 'ping -c 1 -W 1 10.0.0.3');
    expect(r.exit).toBe(0);
    expect(r.configIssues).toEqual([]);
    const ct = runOn(r.network, 'box', 'conntrack -L', []);
    expect(ct.stdout).toMatch(/^icmp +1 \d+ src=10\.0\.0\.2 dst=10\.0\.0\.3 type=8 code=0 id=\d+ src=10\.0\.0\.3 dst=10\.0\.0\.2 type=0 code=0 id=\d+ mark=0 use=1$/m);
  });

  it('DNAT of a bridged packet to a host behind the same bridge: routed out of br0, so bridged again with the new owner\'s address', () => {
    const r = runCommand(lab(['modprobe br_netfilter', 'iptables -t nat -A PREROUTING -d 10.0.0.1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.3:80']), 'left', 'nc -z -w 2 10.0.0.1 8080');
    expect(r.exit).toBe(0);
    const right = tcpdump(r, 'right:eth0');
    // The box resolves the new destination from br0, then the SYN keeps the sender's source address.
    expect(right.some((l) => l.includes('Request who-has 10.0.0.3 tell 10.0.0.1'))).toBe(true);
    expect(right.some((l) => /10\.0\.0\.2\.\d+ > 10\.0\.0\.3\.80: Flags \[S\]/.test(l))).toBe(true);
    expect(r.events.some((e) => e.reason.code === 'brnf_dnat_bridged')).toBe(true);
  });

  it('DNAT to an address with no route: ip_error answers net unreachable, and conntrack turns it back to the address the host asked for', () => {
    const r = runCommand(lab(['modprobe br_netfilter', 'iptables -t nat -A PREROUTING -d 10.0.0.3 -p tcp --dport 80 -j DNAT --to-destination 192.0.2.1']), 'left', 'nc -vz -w 1 10.0.0.3 80');
    expect(r.exit).toBe(1);
    // As Linux 6.18 shows it: the error is attached to the connection (nf_ct_attach) and un-NATed.
    expect(r.stderr).toBe('nc: connect to 10.0.0.3 port 80 (tcp) failed: Network is unreachable\n');
    expect(tcpdump(r, 'left:eth0').some((l) => l.includes('02:00:00:00:02:01 > 02:00:00:00:01:01, ethertype IPv4 (0x0800), length 102: 10.0.0.3 > 10.0.0.2: ICMP net 10.0.0.3 unreachable, length 68'))).toBe(true);
    expect(tcpdump(r, 'right:eth0').some((l) => l.includes('Flags [S]'))).toBe(false);
  });

  it('with ip_forward off that DNAT is dropped (the route from br0 is refused)', () => {
    const r = runCommand(lab(['modprobe br_netfilter', 'sysctl -w net.ipv4.ip_forward=0', 'iptables -t nat -A PREROUTING -d 10.0.0.1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.3:80']), 'left', 'nc -z -w 1 10.0.0.1 8080');
    expect(r.exit).toBe(1);
    expect(tcpdump(r, 'right:eth0').some((l) => l.includes('Flags [S]'))).toBe(false);
  });
});

const HAIRPIN_NAT = [
  'modprobe br_netfilter',
  'iptables -t nat -A PREROUTING -d 10.0.0.1 -p tcp --dport 8081 -j DNAT --to-destination 10.0.0.2:80',
  'iptables -t nat -A POSTROUTING -s 10.0.0.2 -d 10.0.0.2 -p tcp --dport 80 -j MASQUERADE',
];

describe('hairpin mode (br_forward.c should_deliver)', () => {
  it('a host reaching a published port that maps back to itself fails: the bridge never sends a frame back out of the port it came in by', () => {
    const r = runCommand(lab(HAIRPIN_NAT, ['nc -lk 80 &']), 'left', 'nc -z -w 1 10.0.0.1 8081');
    expect(r.exit).toBe(1);
    expect(r.events.some((e) => e.reason.code === 'bridge_hairpin_off')).toBe(true);
    // The verdict under the run names the cause, not a timeout.
    expect(verdict(r).text).toMatch(/^packet 10\.0\.0\.2:\d+ → 10\.0\.0\.2:80 dropped on box: DNAT sends this frame to 02:00:00:00:01:01, behind eth0, the port it came in by: without hairpin mode on eth0 the bridge drops it$/);
  });

  for (const on of ['bridge link set dev eth0 hairpin on', 'echo 1 > /sys/class/net/eth0/brport/hairpin_mode']) {
    it(`works once the port is in hairpin mode (${on}): the frame goes back out of eth0, source and destination both the host's`, () => {
      const r = runCommand(lab([...HAIRPIN_NAT, on], ['nc -lk 80 &']), 'left', 'nc -z -w 1 10.0.0.1 8081');
      expect(r.exit).toBe(0);
      const left = tcpdump(r, 'left:eth0');
      expect(left.some((l) => /10\.0\.0\.1\.\d+ > 10\.0\.0\.2\.80: Flags \[S\]/.test(l))).toBe(true);
      expect(r.events.some((e) => e.reason.code === 'bridge_hairpin')).toBe(true);
    });
  }
});
