import { at, atPort, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on nftables: a server's /etc/nftables.conf, a home router's ruleset, and an nft
 * chain beside iptables at the same hook, where every base chain runs and a drop anywhere is final.
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
