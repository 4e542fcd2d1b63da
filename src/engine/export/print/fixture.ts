/**
 * The lab the printers' tests compare against: the same scenario was built in network
 * namespaces with `hairpin lab` (prefix `hpv-`) on Debian 12 (kernel 6.18, iproute2 6.1,
 * iptables 1.8.9 nf_tables, conntrack 1.4.7), and the real tools' output is stored in the
 * tests. No test runner imports here, so tsc and Vitest both accept it.
 */
import { validateScenario } from '../../scenario';
import type { ScenarioDoc } from '../../scenario/types';
import { parseFlowLine } from '../../command/parse';
import type { Network } from '../../sim/network';
import { runCommand } from '../../sim/run';
import { runView } from '../../tools/views';

export const ROUTER_CONFIG = [
  'ip addr add 192.168.1.2/24 dev eth0',
  'ip addr add 192.168.1.9/24 dev eth0',
  'ip addr add 10.0.0.1/24 brd + dev eth1',
  'ip addr add 10.0.5.1/24 dev eth2',
  'ip addr add 185.12.64.1/32 dev lo',
  "echo '100 isp1' >> /etc/iproute2/rt_tables",
  "echo '200 isp2' >> /etc/iproute2/rt_tables",
  'ip route add default via 192.168.1.1',
  'ip route add 172.16.0.0/16 via 10.0.0.254 metric 50',
  'ip route add 172.16.0.0/16 via 192.168.1.254 metric 100',
  'ip route add blackhole 10.9.0.0/16',
  'ip route add unreachable 10.10.0.0/16',
  'ip route add prohibit 10.11.0.0/16',
  'ip route add 10.12.0.0/16 dev eth1 src 10.0.0.1',
  'ip route add 10.13.0.0/16 via 10.0.0.5 dev eth1 proto static',
  'ip route add 10.14.0.0/16 dev eth2',
  'ip route add 8.8.4.4 via 10.0.0.77 dev eth1 onlink',
  'ip route add default via 10.0.0.254 dev eth1 table isp1',
  'ip route add 192.168.1.0/24 dev eth0 table isp1',
  'ip route add throw 10.0.0.0/8 table isp2',
  'ip route add default via 192.168.1.1 table 300',
  'ip route add local 10.20.0.0/16 dev lo',
  'ip rule add fwmark 1 table isp1 priority 100',
  'ip rule add fwmark 0x2/0xff table isp2 priority 101',
  'ip rule add from 192.168.1.0/24 lookup isp1',
  'ip rule add to 10.50.0.0/16 iif eth1 lookup 300',
  'ip rule add not from 10.0.0.0/8 lookup isp2 priority 200',
  'ip rule add from 1.2.3.4 unreachable priority 201',
  'ip rule add iif lo table isp2 priority 300',
  'ip neigh add 10.0.0.99 lladdr 02:00:00:00:09:09 dev eth1',
  'sysctl -w net.ipv4.ip_forward=1',
  'iptables -t raw -A PREROUTING -i eth1 -p udp --dport 53 -j ACCEPT',
  'iptables -t mangle -A PREROUTING -i eth2 -m conntrack --ctstate NEW -m statistic --mode nth --every 2 --packet 0 -j MARK --set-mark 1',
  'iptables -t mangle -A PREROUTING -i eth2 -m conntrack --ctstate NEW -m mark --mark 0 -j MARK --set-mark 2',
  'iptables -t mangle -A PREROUTING -m conntrack --ctstate NEW -j CONNMARK --save-mark',
  'iptables -t mangle -A PREROUTING -m conntrack --ctstate ESTABLISHED,RELATED -j CONNMARK --restore-mark',
  'iptables -t mangle -A OUTPUT -m connmark --mark 0x1/0xff -j MARK --set-mark 0x10/0xf0',
  'iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.1:80',
  'iptables -t nat -A PREROUTING -d 192.168.1.9/32 -p udp -m udp --dport 5000:5010 -j DNAT --to-destination 10.0.0.254',
  'iptables -t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.1:80',
  'iptables -t nat -A POSTROUTING -m addrtype --src-type LOCAL -o eth1 -j MASQUERADE',
  'iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE',
  'iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 192.168.1.2',
  'iptables -t nat -A POSTROUTING -o eth2 -p tcp -j MASQUERADE --to-ports 2000-3000',
  'iptables -N LOGDROP',
  'iptables -A LOGDROP -j LOG --log-prefix "dropped: "',
  'iptables -A LOGDROP -j DROP',
  'iptables -P FORWARD DROP',
  'iptables -A INPUT -i lo -j ACCEPT',
  'iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A INPUT -p icmp -j ACCEPT',
  'iptables -A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT',
  'iptables -A INPUT -p tcp ! -s 10.0.0.0/8 --dport 23 -j REJECT --reject-with tcp-reset',
  'iptables -A INPUT -p udp --sport 1000:2000 --dport 53 -m comment --comment "dns in" -j ACCEPT',
  'iptables -A INPUT -p udp -j REJECT',
  'iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A FORWARD -i eth0 ! -o eth0 -j ACCEPT',
  'iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP',
  'iptables -A FORWARD -j LOGDROP',
  'iptables -A OUTPUT -d 10.11.0.0/16 -j REJECT --reject-with icmp-host-prohibited',
  'iptables -A OUTPUT -o eth2',
];

/** Host c: iptables rules of every kind the model has, in each form iptables prints. */
export const HOST_C_CONFIG = [
  'iptables -N web',
  'iptables -N unused',
  'iptables -A INPUT -p tcp --tcp-flags SYN,RST,ACK SYN -j web',
  'iptables -A INPUT -p tcp ! --syn -m tcp --sport 1024:65535 -j ACCEPT',
  'iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT',
  'iptables -A INPUT -p icmp ! --icmp-type 3/4 -j DROP',
  'iptables -A INPUT -p icmp --icmp-type any -j ACCEPT',
  'iptables -A INPUT -m conntrack ! --ctstate NEW,INVALID -j ACCEPT',
  'iptables -A INPUT -m state ! --state INVALID -j ACCEPT',
  'iptables -A INPUT -m mark ! --mark 0x5/0xf -j DROP',
  'iptables -A INPUT -m connmark ! --mark 7 -j DROP',
  'iptables -A INPUT -m statistic --mode random --probability 0.25 -j DROP',
  'iptables -A INPUT -m statistic --mode nth ! --every 3 --packet 1 -j DROP',
  'iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT',
  'iptables -A INPUT -m addrtype ! --src-type BROADCAST,MULTICAST ! --dst-type UNICAST -j DROP',
  'iptables -A INPUT -p udp -m multiport ! --sports 53,67:68 -j DROP',
  'iptables -A INPUT -p tcp -m multiport --ports 8000:8080,9999 -j ACCEPT',
  'iptables -A INPUT -m comment --comment plain_word-1 -j ACCEPT',
  'iptables -A INPUT -m comment --comment \'a.b\' -j ACCEPT',
  'iptables -A INPUT -s 127.0.0.1 -d 127.0.0.0/8 -j ACCEPT',
  'iptables -A INPUT ! -i eth0 -p 47 -j DROP',
  'iptables -A INPUT -i eth+ -j RETURN',
  'iptables -A web -p tcp --dport 443 -j ACCEPT',
  'iptables -A web -j LOG --log-prefix FW --log-level info',
  'iptables -A web -j LOG --log-level debug',
  'iptables -A web -j LOG --log-level 0 --log-prefix "x y"',
  'iptables -A web -j LOG --log-level 3',
  'iptables -A web -j REJECT --reject-with icmp-net-unreachable',
  'iptables -A web -j REJECT --reject-with icmp-host-unreachable',
  'iptables -A web -j REJECT --reject-with icmp-proto-unreachable',
  'iptables -A web -j REJECT --reject-with icmp-net-prohibited',
  'iptables -A web -j REJECT --reject-with icmp-admin-prohibited',
  'iptables -A web -g unused',
  'iptables -A OUTPUT -j web',
  'iptables -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080',
  'iptables -t nat -A PREROUTING -p udp -j REDIRECT',
  'iptables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination 10.0.0.1-10.0.0.9:80-90 --random --persistent',
  'iptables -t nat -A PREROUTING -p tcp --dport 82 -j DNAT --to-destination 10.0.0.1',
  'iptables -t nat -A POSTROUTING -o eth0 -p tcp -j SNAT --to-source 10.1.0.1:1000-2000 --random',
  'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE --random',
  'iptables -t nat -A POSTROUTING -o eth0 -p udp -j MASQUERADE --to-ports 5000',
  'iptables -t nat -A POSTROUTING -o eth0 -p udp -j MASQUERADE --random-fully',
  'iptables -t mangle -A PREROUTING -j MARK --set-mark 0',
  'iptables -t mangle -A PREROUTING -j MARK --set-xmark 0x3/0x3',
  'iptables -t mangle -A PREROUTING -j MARK --and-mark 0xf0',
  'iptables -t mangle -A PREROUTING -j MARK --or-mark 0x8',
  'iptables -t mangle -A PREROUTING -j MARK --xor-mark 0x8',
  'iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 5',
  'iptables -t mangle -A PREROUTING -j CONNMARK --set-xmark 0x5/0xff',
  'iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 0x5/0xff',
  'iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --mask 0xff',
  'iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0',
  'iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff',
  'iptables -t mangle -A OUTPUT -m connmark --mark 0x1 -j ACCEPT',
  'iptables -N t2',
  'iptables -A t2 -m statistic --mode random --probability 0.3 -j DROP',
  'iptables -A t2 -j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf0',
  'iptables -A t2 -p tcp ! --dport 22 ! --sport 80 -j DROP',
  'iptables -A t2 -p tcp --tcp-flags ALL NONE -j DROP',
  'iptables -A t2 -p tcp --tcp-flags SYN,FIN SYN,FIN -j DROP',
  'iptables -A t2 -p udp --dport 1000:2000 -j DROP',
  'iptables -A t2 -p tcp --sport 2000 -j DROP',
  'iptables -A t2 -p icmp --icmp-type 3 -j DROP',
  'iptables -A t2 -p icmp --icmp-type 11/1 -j DROP',
  'iptables -A t2 -p icmp --icmp-type 5/9 -j DROP',
  'iptables -A t2 -j CONNMARK --set-mark 0',
  'iptables -A t2 -j CONNMARK --or-mark 4',
  'iptables -A t2 -s 192.168.1.1 -d 10.0.0.0/255.255.255.0 -j DROP',
  'iptables -A t2 -j LOG',
  'iptables -A t2 -p tcp -m tcp --dport 80 -m comment --comment \'x "q" \\ y\' -j ACCEPT',
  'iptables -A t2 -o lo -j RETURN',
  'iptables -A t2 -p udp -m udp ! --dport 53 -j DROP',
  'iptables -A t2 ! -p tcp -j DROP',
];

/** A router with three ports (eth2 unlinked), two hosts, and a switch with two hosts behind it. */
export function printLab(routerConfig: string[] = ROUTER_CONFIG): ScenarioDoc {
  return {
    hairpin: 2,
    title: 'Printer lab',
    devices: {
      r: { kind: 'router', ports: { eth0: null, eth1: null, eth2: null }, config: routerConfig },
      a: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.1/24 dev eth0', 'ip addr add 192.168.1.254/24 dev eth0', 'nc -l -k 80 &'] },
      b: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.254/24 dev eth0', 'ip addr add 10.0.0.5/24 dev eth0'] },
      sw: { kind: 'switch', ports: { p1: null, p2: null, p3: null } },
      c: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.1.0.1/24 dev eth0', ...HOST_C_CONFIG] },
      d: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.1.0.2/24 dev eth0'] },
    },
    links: [
      ['r:eth0', 'a:eth0'],
      ['r:eth1', 'b:eth0'],
      ['sw:p1', 'c:eth0'],
      ['sw:p2', 'd:eth0'],
    ],
    flows: [],
  };
}

/** Boots the printer lab and runs one command line on a device: what it printed and its status. */
export function runOn(device: string, command: string, routerConfig?: string[]): { stdout: string; stderr: string; exit: number } {
  const v = validateScenario(printLab(routerConfig));
  if (!v.ok) throw new Error(`printer lab: ${JSON.stringify(v.errors)}`);
  const r = runCommand(v.scenario, device, command);
  if (r.configIssues.length) throw new Error(`printer lab config: ${JSON.stringify(r.configIssues)}`);
  return { stdout: r.stdout, stderr: r.stderr, exit: r.exit };
}

/** The lab's ports are veth pairs: iproute2 shows `eth0@if2` and `link-netns hpv-a`; ours are plain ports. */
export function unveth(text: string): string {
  // In `ip -br` the name is padded to 16 columns: keep the width.
  return text.replace(/@if\d+( {2,})/g, (all: string) => ' '.repeat(all.length)).replace(/@if\d+/g, '').replace(/ link-netns \S+/g, '');
}

/** Output lines as the real tool printed them, each ending in a newline. */
export function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join('');
}

/** Boots the lab, runs a command line on a device (and the settle second after it); returns the network. */
export function afterRun(device: string, command: string, routerConfig?: string[]): Network {
  const v = validateScenario(printLab(routerConfig));
  if (!v.ok) throw new Error(`printer lab: ${JSON.stringify(v.errors)}`);
  return runCommand(v.scenario, device, command).network;
}

/** What a view command prints on a device of a network, now. */
export function viewOn(net: Network, device: string, command: string): { stdout: string; stderr: string; exit: number } {
  const parsed = parseFlowLine(command);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const out = runView(net.stacks.get(device)!, parsed.list[0]!.first.command);
  if (!out) throw new Error(`${command} is not a view`);
  return { stdout: out.stdout, stderr: out.stderr, exit: out.status };
}

export { ip } from '../../command/testing';
