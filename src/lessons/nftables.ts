import { at, atPort, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on nftables: a server's /etc/nftables.conf, a home router's ruleset, an nft
 * chain beside iptables at the same hook, where every base chain runs and a drop anywhere is final,
 * and kube-proxy's nftables mode for one Service, its rules as its own tests print them.
 */

export const nftServerFirewall: Lesson = {
  name: 'nft-server-firewall',
  title: 'A server firewall in nftables',
  summary: 'Debian’s /etc/nftables.conf with a drop policy: ssh, ping and the server’s own replies get in, the web server does not.',
  steps: [
    { flow: 0, text: 'The client’s SYN for port 22 reaches srv’s input hook. The chain `input` of `table inet filter` has `policy drop`, so only a rule can let it in: `tcp dport 22 accept` (handle 8; `nft -a list ruleset` shows handles) does', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', table: 'filter', chain: 'input', rule: { handle: 8, verdict: 'accept' } }) },
    { flow: 0, text: 'srv’s SYN-ACK passes the output chain, which has no rules and policy accept, as Debian ships it', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', chain: 'output', policy: 'accept' }) },
    { flow: 0, text: 'the client’s ACK belongs to a connection conntrack has seen both ways: the first rule, `ct state established,related accept` (handle 4), lets it in', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', chain: 'input', rule: { handle: 4, verdict: 'accept' } }) },
    { flow: 1, text: 'ping: the echo request is a new packet, not established, and `icmp type echo-request accept` (handle 7) lets it in', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', chain: 'input', rule: { handle: 7, verdict: 'accept' } }) },
    { flow: 2, text: 'the server connects out to the client’s port 80: nothing is filtered on the way out', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', chain: 'output', policy: 'accept' }) },
    { flow: 2, text: 'and the SYN-ACK that comes back is ct state established: accepted by handle 4 although no rule names port 80. A drop policy on input does not stop the server’s own connections', find: atPort('srv', 'eth0', 'hook', { code: 'nft_chain', chain: 'input', rule: { handle: 4, verdict: 'accept' } }) },
    { flow: 2, text: 'nc on srv connects: exit 0', find: at('srv', 'process', { code: 'process_exit', status: 0 }) },
    { flow: 3, text: '`nft list ruleset` prints the file back as loaded: the comment line and `flush ruleset` are gone, and the output chain shows its default `policy accept`', find: at('srv', 'process', { code: 'process_exit', program: 'nft', status: 0 }) },
    { flow: 4, text: 'the client’s SYN for port 80: nothing in input accepts it, so the chain’s policy drops it. No reset is sent, as it would be for a closed port: the client hears nothing', find: atPort('srv', 'eth0', 'drop', { code: 'nft_drop', chain: 'input', policy: 'drop' }) },
    { flow: 4, text: 'nc retransmits once and gives up after 2 seconds: exit 1', find: at('client', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Open the web server: make `nc -z -w 2 10.0.0.2 80` on client succeed, by changing srv’s /etc/nftables.conf.',
    on: 'client',
    run: 'nc -z -w 2 10.0.0.2 80',
    flow: 4,
    hint: 'The input chain has a rule that lets ssh in. Port 80 needs one just like it, inside the chain, before its closing brace.',
    solution: [{ device: 'srv', lines: ['\t\ttcp dport 80 accept'], before: '\t\ttcp dport 22 accept' }],
  },
};

export const nftHomeRouter: Lesson = {
  name: 'nft-home-router',
  title: 'A home router in nftables',
  summary: 'masquerade out of wan, a port forward with dnat, a forward chain that drops by policy, and the hairpin the LAN needs.',
  steps: [
    { flow: 0, text: 'pc connects to the internet. The router forwards its SYN from lan to wan: the forward chain drops by policy, and `iifname $LAN oifname $WAN accept` lets it through (the `define`d names are only the file’s: nft replaced them on loading)', find: atPort('r', 'wan', 'hook', { code: 'nft_chain', chain: 'forward', rule: { handle: 7, verdict: 'accept' } }) },
    { flow: 0, text: 'in the nat table’s postrouting chain, `oifname $WAN masquerade` gives it the address of wan, 203.0.113.2: the internet never sees 192.168.1.10', find: at('r', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.10') }, to: { addr: ip('203.0.113.2') } }) },
    { flow: 0, text: 'the reply is un-masqueraded by conntrack and let through by `ct state established,related accept`: no nat chain sees it, only a connection’s first packet passes them', find: atPort('r', 'lan', 'hook', { code: 'nft_chain', chain: 'forward', rule: { handle: 6, verdict: 'accept' } }) },
    { flow: 1, text: 'the port forward: isp’s SYN for 203.0.113.2:8080 meets prerouting’s `fib daddr type local tcp dport 8080 dnat to 192.168.1.20:80` (203.0.113.2 is one of the router’s own addresses)', find: at('r', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('203.0.113.2'), port: 8080 }, to: { addr: ip('192.168.1.20'), port: 80 } }) },
    { flow: 1, text: 'the forward chain lets it in by `ct status dnat accept`: a connection the router DNATed itself is wanted, whatever interface it came from', find: atPort('r', 'lan', 'hook', { code: 'nft_chain', chain: 'forward', rule: { handle: 8, verdict: 'accept' } }) },
    { flow: 1, text: 'srv answers the client’s own address, by its default route through the router, which un-DNATs the SYN-ACK: isp sees 203.0.113.2:8080 answer', find: at('r', 'nat', { code: 'nat', manip: 'src', reply: true, from: { addr: ip('192.168.1.20'), port: 80 }, to: { addr: ip('203.0.113.2'), port: 8080 } }) },
    { flow: 2, text: 'the internet pinging the router itself meets the input chain: neither established, nor from lo, nor from the LAN, so its policy drops it', find: atPort('r', 'wan', 'drop', { code: 'nft_drop', chain: 'input', policy: 'drop' }) },
    { flow: 3, text: 'now pc connects to the public address, 203.0.113.2:8080. The same dnat rule sends it to 192.168.1.20:80, back out of lan, the interface it came in by', find: at('r', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('203.0.113.2'), port: 8080 }, to: { addr: ip('192.168.1.20'), port: 80 } }) },
    { flow: 3, text: 'it leaves by lan, not wan, so `oifname $WAN masquerade` does not match: its source stays pc’s own 192.168.1.10', find: atPort('r', 'lan', 'hook', { code: 'nft_chain', table: 'nat', chain: 'postrouting', policy: 'accept' }) },
    { flow: 3, text: 'srv answers 192.168.1.10 directly, on its own subnet, from 192.168.1.20:80. pc called 203.0.113.2:8080 and knows no such connection: it answers the SYN-ACK with a reset', find: at('pc', 'drop', { code: 'no_socket_tcp', rst: true }) },
    { flow: 3, text: 'nc’s retransmitted SYN meets the same fate and it gives up: exit 1', find: at('pc', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Make the port forward work from the LAN: `nc -z -w 2 203.0.113.2 8080` on pc must succeed.',
    on: 'pc',
    run: 'nc -z -w 2 203.0.113.2 8080',
    flow: 3,
    hint: 'srv must answer the router, not pc, so that the reply comes back through the router’s conntrack. The router masquerades what leaves by wan; in the postrouting chain, masquerade DNATed connections that come in by the LAN and leave by it as well (`ct status dnat` says which connections were DNATed).',
    solution: [{ device: 'r', lines: ['\t\tiifname $LAN oifname $LAN ct status dnat masquerade'], before: '\t\toifname $WAN masquerade' }],
  },
};

export const nftIptablesIgnored: Lesson = {
  name: 'nft-iptables-ignored',
  title: 'My iptables rule does nothing',
  summary: 'iptables accepts ssh, an nft chain with policy drop at the same hook drops it: every base chain runs, and a drop anywhere is final.',
  steps: [
    { flow: 0, text: 'The SYN for port 80 reaches the input hook. Two base chains are registered there: iptables’ INPUT (iptables-nft’s table ip filter, priority 0) runs first and has no rule for it, so its policy ACCEPT lets it on', find: atPort('s', 'eth0', 'hook', { code: 'nf_hook', table: 'filter', hook: 'INPUT', policy: 'ACCEPT' }) },
    { flow: 0, text: 'then nft’s chain input of table inet fw, at priority filter + 10: `tcp dport 80 accept` (handle 4) lets it in', find: atPort('s', 'eth0', 'hook', { code: 'nft_chain', table: 'fw', chain: 'input', rule: { handle: 4, verdict: 'accept' } }) },
    { flow: 1, text: '`iptables -L INPUT -n` shows the ssh rule, ACCEPT, and the chain’s policy ACCEPT. iptables lists its own chains only: nothing here hints at the nft table', find: at('s', 'process', { code: 'process_exit', program: 'iptables', status: 0 }) },
    { flow: 2, text: '`nft list ruleset` shows both chains at hook input: inet fw’s input at priority filter + 10 with policy drop, and iptables’ rules as the table ip filter, chain INPUT at priority filter (0), which runs first', find: at('s', 'process', { code: 'process_exit', program: 'nft', status: 0 }) },
    { flow: 3, text: 'the SYN for ssh: iptables’ INPUT accepts it by its rule. An accept ends only that chain; the packet goes on to the next base chain at the hook', find: atPort('s', 'eth0', 'hook', { code: 'nf_hook', table: 'filter', hook: 'INPUT', rule: { chain: 'INPUT', target: 'ACCEPT' } }) },
    { flow: 3, text: 'nft’s input chain has no rule for port 22, and its policy drops the SYN. A drop is final, whichever chain says it', find: atPort('s', 'eth0', 'drop', { code: 'nft_drop', table: 'fw', chain: 'input', policy: 'drop' }) },
    { flow: 3, text: 'no answer ever comes: nc gives up after 2 seconds, exit 1', find: at('c', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Let ssh in: make `nc -z -w 2 10.0.0.2 22` on c succeed.',
    on: 'c',
    run: 'nc -z -w 2 10.0.0.2 22',
    flow: 3,
    hint: 'The iptables rule already accepts it. The drop is the policy of nft’s chain, which runs after it at the same hook: that chain needs an accept for port 22 too, like the one for port 80.',
    solution: [{ device: 's', lines: ['\t\ttcp dport 22 accept'], before: '\t\ttcp dport 80 accept' }],
  },
};

const KP_SVC = 'service-SUSTUHLJ-default/web/tcp/http';
const API_SVC = 'service-FKIP43JP-default/api/tcp/http';
const API_EP = 'endpoint-HWVACQTK-default/api/tcp/http__10.244.0.4/80';

export const nftKubeProxyClusterIp: Lesson = {
  name: 'nft-kube-proxy-clusterip',
  title: "A ClusterIP in kube-proxy's nftables mode",
  summary: 'kube-proxy’s table ip kube-proxy: one lookup in a verdict map finds the Service, a numgen draw picks the endpoint chain, which DNATs; a mark decides who is masqueraded.',
  steps: [
    { flow: 0, text: 'The client pod’s SYN for 10.96.0.10:80 goes to its gateway, 10.244.0.1 on cni0; no interface holds 10.96.0.10, only kube-proxy’s table does. The frame is bridged, and br_netfilter hands it to the IPv4 hooks (bridge-nf-call-iptables is 1): nft’s ip tables see it as iptables’ would', find: atPort('node1', 'veth3b6c1a2e', 'hook', { code: 'brnf_call_iptables', bridge: 'cni0', port: 'veth3b6c1a2e' }) },
    { flow: 0, text: 'a new connection, so its first packet goes through the nat chains. nat-prerouting (`type nat hook prerouting priority -100`) has one rule, `jump services`, and services one too: `ip daddr . meta l4proto . th dport vmap @service-ips` looks up 10.96.0.10 . tcp . 80 in the verdict map and finds `goto ' + KP_SVC + '`. One lookup, however many Services there are: iptables mode tries KUBE-SERVICES’ rules one by one', find: at('node1', 'conntrack-new', { code: 'ct_new' }) },
    { flow: 0, text: 'the service chain’s first rule marks sources outside the pod range 10.244.0.0/16 for masquerade; 10.244.0.2 is inside. Its second draws `numgen random mod 2`, and its anonymous verdict map sends 0 to web-a’s endpoint chain and 1 to web-b’s. This line is the draw, and what it said', find: at('node1', 'rule-match', { code: 'nft_numgen', mode: 'random', mod: 2 }) },
    { flow: 0, text: 'the endpoint chain: `ip saddr <the pod itself> jump mark-for-masquerade` is for a pod reaching itself through its Service; `meta l4proto tcp dnat to <pod>:80` ends the walk with accept. The trace names that rule by its handle and chain: one walk from nat-prerouting through services and the service chain, each reached by a verdict', find: atPort('node1', 'cni0', 'hook', { code: 'nft_chain', table: 'kube-proxy', chain: 'nat-prerouting', rule: { verdict: 'accept' } }) },
    { flow: 0, text: 'the DNAT. conntrack keeps the choice: later packets of the connection pass no nat chain and go to the same pod', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('10.96.0.10'), port: 80 } }) },
    { flow: 0, text: 'nat-postrouting jumps to masquerading, whose first rule, `mark and 0x4000 == 0 return`, returns: no mark, no masquerade. The pod sees the client’s own address', find: atPort('node1', 'cni0', 'hook', { code: 'nft_chain', table: 'kube-proxy', chain: 'nat-postrouting', policy: 'accept' }) },
    { flow: 0, text: 'the pod answers the client directly, bridged on cni0; conntrack puts 10.96.0.10:80 back as the source, so the client sees the address it connected to', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: true, to: { addr: ip('10.96.0.10'), port: 80 } }) },
    { flow: 1, text: '`nft list table ip kube-proxy` prints the table back as nft reads it from the kernel: `mark or 0x4000` as `meta mark set meta mark | 0x00004000`, the nat chains’ priorities -100 and 100 at prerouting and postrouting by their names, dstnat and srcnat, and the map with its element', find: at('node1', 'process', { code: 'process_exit', program: 'nft', status: 0 }) },
    { flow: 2, text: 'The node itself connects to the Service: its packet passes nat-output, which jumps to services too. Its source, 192.168.0.2, is outside the pod range, so the service chain’s first rule jumps to mark-for-masquerade: `mark set mark or 0x4000`', find: at('node1', 'rule-match', { code: 'nf_mark', nft: true, before: 0, after: 0x4000 }) },
    { flow: 2, text: 'the draw, then an endpoint chain’s dnat, in nat-output this time', find: atPort('node1', 'eth0', 'hook', { code: 'nft_chain', table: 'kube-proxy', chain: 'nat-output', rule: { verdict: 'accept' } }) },
    { flow: 2, text: 'routed again, now out of cni0. In nat-postrouting, masquerading does not return: the mark is set. `mark set mark xor 0x4000` clears it, so a packet that passes the stack again is not masqueraded twice', find: at('node1', 'rule-match', { code: 'nf_mark', nft: true, before: 0x4000, after: 0 }) },
    { flow: 2, text: 'and `masquerade fully-random` gives it cni0’s address, 10.244.0.1, and a source port drawn at random: the pod answers an address on its own bridge', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.0.2') }, to: { addr: ip('10.244.0.1') } }) },
    { flow: 3, text: 'A second Service, default/api at 10.96.0.20:8080, has no element in @service-ips yet: the lookup finds nothing, and nat-prerouting ends by its policy', find: atPort('node1', 'cni0', 'hook', { code: 'nft_chain', table: 'kube-proxy', chain: 'nat-prerouting', policy: 'accept' }) },
    { flow: 3, text: 'so the SYN is routed like any other packet, out of eth0 to the default gateway, which drops it (kube-proxy’s cluster-ips-check, left out here, would drop it on the node: 10.96.0.0/12 is the ClusterIP range). nc gives up after 2 s', find: at('node1', 'forward', { code: 'forwarded', from: 'cni0', to: 'eth0' }) },
  ],
  question: {
    text: 'Write kube-proxy’s rules for the Service default/api (10.96.0.20, port 8080, named http), whose one endpoint is web-b’s port 80: `ip netns exec client nc -z -w 2 10.96.0.20 8080` on node1 must succeed.',
    on: 'node1',
    run: 'ip netns exec client nc -z -w 2 10.96.0.20 8080',
    flow: 3,
    hint: `Follow default/web’s chains: a service chain (the masquerade-mark rule for sources outside 10.244.0.0/16, then the draw: with one endpoint kube-proxy writes \`numgen random mod 1\`), one endpoint chain that DNATs to 10.244.0.4:80, each chain added before a rule that goes to it, and the element 10.96.0.20 . tcp . 8080 in @service-ips. kube-proxy names them ${API_SVC} and ${API_EP}; any names would do. \`nft add …\` lines at the end of node1’s config work as well as lines in the here-document.`,
    solution: [
      {
        device: 'node1',
        lines: [
          `add chain ip kube-proxy ${API_SVC}`,
          `add chain ip kube-proxy ${API_EP}`,
          `add rule ip kube-proxy ${API_SVC} ip daddr 10.96.0.20 ip saddr != 10.244.0.0/16 jump mark-for-masquerade`,
          `add rule ip kube-proxy ${API_SVC} numgen random mod 1 vmap { 0 : goto ${API_EP} }`,
          `add rule ip kube-proxy ${API_EP} ip saddr 10.244.0.4 jump mark-for-masquerade`,
          `add rule ip kube-proxy ${API_EP} meta l4proto tcp dnat to 10.244.0.4:80`,
          `add element ip kube-proxy service-ips { 10.96.0.20 . tcp . 8080 : goto ${API_SVC} }`,
        ],
        before: 'EOF',
      },
    ],
  },
};
