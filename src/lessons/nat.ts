import { at, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on destination NAT: a port forward reached from the LAN (hairpin NAT, broken and
 * fixed), from the router itself (nat OUTPUT, route_localnet), and spread over two servers
 * (statistic nth).
 */

const HAIRPIN_MASQUERADE = 'iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE';

export const hairpinBroken: Lesson = {
  name: 'hairpin-nat-broken',
  title: 'Hairpin NAT, broken',
  summary: 'A port forward works from the internet but not from the LAN it points into.',
  state: 'broken',
  steps: [
    { flow: 0, text: 'from the internet the port forward works: the router DNATs 50.60.70.80:8080 to pc1', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }) },
    { flow: 1, text: 'pc2 sends to the public address, so it ARPs for its gateway', find: at('pc2', 'arp-request', { code: 'arp_request', target: ip('192.168.1.1'), sender: ip('192.168.1.3') }) },
    { flow: 1, text: 'the router DNATs the SYN to 192.168.1.2:80', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }) },
    { flow: 1, text: 'and forwards it back out of eth1, the interface it came in on (no ICMP redirect: NAT is in use)', find: at('router', 'forward', { code: 'forwarded', from: 'eth1', to: 'eth1' }) },
    { flow: 1, text: 'nothing in nat POSTROUTING matches: the source stays 192.168.1.3', find: at('router', 'hook', { code: 'nf_hook', table: 'nat', hook: 'POSTROUTING', rule: undefined }) },
    { flow: 1, text: 'the router ARPs for 192.168.1.2 with its own address as sender', find: at('router', 'arp-request', { code: 'arp_request', target: ip('192.168.1.2'), sender: ip('192.168.1.1') }) },
    { flow: 1, text: 'pc1 answers pc2 directly on the LAN, from 192.168.1.2:80', find: at('pc1', 'arp-request', { code: 'arp_request', target: ip('192.168.1.3'), sender: ip('192.168.1.2') }) },
    { flow: 1, text: 'pc2 never asked 192.168.1.2 for anything: it answers the SYN-ACK with a reset', find: at('pc2', 'drop', { code: 'no_socket_tcp', rst: true }) },
    { flow: 1, text: 'pc2 retransmits its SYN, the same thing happens, and nc gives up: exit 1', find: at('pc2', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Make pc2 reach 50.60.70.80:8080.',
    on: 'pc2',
    run: 'nc -z -w 2 50.60.70.80 8080',
    flow: 1,
    hint: 'pc1 must answer through the router, so that conntrack can undo the DNAT. On the router, make LAN traffic that goes back out into the LAN (out eth1, to port 80) leave with the router’s own address: a MASQUERADE rule in nat POSTROUTING.',
    solution: [{ device: 'router', lines: [HAIRPIN_MASQUERADE] }],
  },
};

export const hairpinFixed: Lesson = {
  name: 'hairpin-nat-fixed',
  title: 'Hairpin NAT, fixed',
  summary: 'A second MASQUERADE brings pc1’s answer back through the router.',
  state: 'fixed',
  steps: [
    { flow: 0, text: 'the router DNATs pc2’s SYN to 192.168.1.2:80, as before', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }) },
    { flow: 0, text: 'now the second MASQUERADE rule matches in nat POSTROUTING', find: at('router', 'hook', { code: 'nf_hook', hook: 'POSTROUTING', rule: { line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' } }) },
    { flow: 0, text: 'and the source becomes the router’s LAN address', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.3') } }) },
    { flow: 0, text: 'pc1 answers 192.168.1.1: the reply reaches the router, which knows the connection', find: at('router', 'conntrack-established', { code: 'ct_known', reply: true }) },
    { flow: 0, text: 'conntrack undoes the MASQUERADE: the destination is pc2 again', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: true, from: { addr: ip('192.168.1.1') } }) },
    { flow: 0, text: 'and the DNAT: the source is 50.60.70.80:8080, what pc2 asked for', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: true, from: { addr: ip('192.168.1.2'), port: 80 }, to: { addr: ip('50.60.70.80'), port: 8080 } }) },
    { flow: 0, text: 'pc2’s connection is established', find: at('pc2', 'socket', { code: 'tcp_connected', peer: { addr: ip('50.60.70.80'), port: 8080 } }) },
  ],
};

export const localhostDnat: Lesson = {
  name: 'localhost-dnat',
  title: 'Port forward from the router itself',
  summary: 'Local connections skip PREROUTING: nat OUTPUT, route_localnet and a MASQUERADE.',
  steps: [
    { flow: 0, text: '127.0.0.1 is local: the SYN is first routed through lo, with source 127.0.0.1', find: at('router', 'route', { code: 'output_local', dst: ip('127.0.0.1') }) },
    { flow: 0, text: 'PREROUTING never sees a local packet; the DNAT rule in nat OUTPUT does', find: at('router', 'hook', { code: 'nf_hook', table: 'nat', hook: 'OUTPUT', rule: { line: 1, chain: 'OUTPUT', target: 'DNAT' } }) },
    { flow: 0, text: 'the destination becomes pc1', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('127.0.0.1'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }) },
    { flow: 0, text: 'a changed destination is routed again, now out of eth1; route_localnet lets a 127.0.0.1 source leave', find: at('router', 'route', { code: 'rerouted' }) },
    { flow: 0, text: 'MASQUERADE of local sources replaces 127.0.0.1, which pc1 could never answer', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('127.0.0.1') } }) },
    { flow: 0, text: 'the router ARPs for pc1 with its LAN address as sender', find: at('router', 'arp-request', { code: 'arp_request', target: ip('192.168.1.2'), sender: ip('192.168.1.1') }) },
    { flow: 0, text: 'on the reply conntrack undoes both rewrites', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: true, from: { addr: ip('192.168.1.1') } }) },
    { flow: 0, text: 'and nc on the router is connected to 127.0.0.1:8080', find: at('router', 'socket', { code: 'tcp_connected', peer: { addr: ip('127.0.0.1'), port: 8080 } }) },
  ],
  question: {
    text: 'Now pc2, on the LAN, uses the public address too: make `nc -z -w 2 50.60.70.80 8080` on pc2 succeed.',
    on: 'pc2',
    run: 'nc -z -w 2 50.60.70.80 8080',
    hint: 'This is hairpin NAT: the MASQUERADE for local sources does not cover pc2. Masquerade LAN traffic that the router sends back into the LAN (out eth1, to port 80).',
    solution: [{ device: 'router', lines: [HAIRPIN_MASQUERADE] }],
  },
};

export const loadBalancing: Lesson = {
  name: 'load-balancing',
  title: 'Load balancing with statistic',
  summary: 'Two DNAT rules and a counter: connections alternate between web1 and web2.',
  steps: [
    { flow: 0, text: 'the first connection: the statistic rule’s counter is at 0, so rule 1 matches', find: at('router', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { line: 1, chain: 'PREROUTING', target: 'DNAT' } }) },
    { flow: 0, text: 'and sends it to web1', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }) },
    { flow: 0, text: 'web1 answers; the router undoes the DNAT on the way out', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: true, from: { addr: ip('192.168.1.2'), port: 80 }, to: { addr: ip('50.60.70.80'), port: 8080 } }) },
    { flow: 0, text: 'later packets of the connection skip the nat chains: conntrack translates them', find: at('router', 'conntrack-established', { code: 'ct_known', reply: false }) },
    { flow: 0, text: 'the second connection: rule 1 lets it by, rule 2 matches', find: at('router', 'hook', { code: 'nf_hook', hook: 'PREROUTING', rule: { line: 2, chain: 'PREROUTING', target: 'DNAT' } }) },
    { flow: 0, text: 'and sends it to web2', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.3'), port: 80 } }) },
    { flow: 0, text: 'web2 answers the SYN', find: at('web2', 'socket', { code: 'tcp_syn_recv', port: 80 }) },
    { flow: 1, text: 'three connections: the second goes to web2', find: at('router', 'hook', { code: 'nf_hook', hook: 'PREROUTING', rule: { line: 2, chain: 'PREROUTING', target: 'DNAT' } }) },
    { flow: 1, text: 'and the third to web1 again: every second connection, starting with the first', find: at('router', 'hook', { code: 'nf_hook', hook: 'PREROUTING', rule: { line: 1, chain: 'PREROUTING', target: 'DNAT' } }) },
    { flow: 2, text: 'the rules match TCP port 8080 only: a ping is answered by the router itself', find: at('router', 'reply', { code: 'echo_reply', from: ip('50.60.70.80') }) },
  ],
  question: {
    text: 'Balance the router’s own connections too: make `nc -z -w 2 50.60.70.80 8080` on the router reach a web server.',
    on: 'router',
    run: 'nc -z -w 2 50.60.70.80 8080',
    hint: 'Packets made on the router skip nat PREROUTING and pass nat OUTPUT. Add the same two DNAT rules with `-A OUTPUT`.',
    solution: [
      {
        device: 'router',
        lines: [
          'iptables -t nat -A OUTPUT -p tcp --dport 8080 -m statistic --mode nth --every 2 --packet 0 -j DNAT --to-destination 192.168.1.2:80',
          'iptables -t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.3:80',
        ],
      },
    ],
  },
};
