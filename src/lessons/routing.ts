import { at, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on policy routing: a service whose replies follow the wrong default route
 * (fixed by routing on the source address), and two uplinks chosen by firewall mark, broken
 * the common way (ISP tables without the LAN route) and fixed.
 */

export const returnAsymmetric: Lesson = {
  name: 'return-traffic-asymmetric',
  title: 'Return traffic leaves by the wrong door',
  summary: 'The SYN arrives on eth1, the SYN-ACK follows the default route out of eth0.',
  state: 'broken',
  steps: [
    { flow: 0, text: 'from the router it works: the node answers 10.111.221.21 by its eth1 subnet route', find: at('node', 'route', { code: 'output_route', route: '10.111.221.0/24 dev eth1 src 10.111.221.11' }) },
    { flow: 1, text: 'client1’s SYN: the router forwards it to the node’s eth1', find: at('router', 'forward', { code: 'forwarded', from: 'eth3', to: 'eth1' }) },
    { flow: 1, text: '192.168.1.1 sits on the node’s lo: delivered locally', find: at('node', 'route', { code: 'input_local', dst: ip('192.168.1.1') }) },
    { flow: 1, text: 'the service answers with a SYN-ACK', find: at('node', 'socket', { code: 'tcp_syn_recv', port: 3000 }) },
    { flow: 1, text: 'the node routes the reply by destination only: 10.111.223.23 matches the default route, out of eth0', find: at('node', 'route', { code: 'output_route', route: 'default via 10.111.220.1 dev eth0', gateway: ip('10.111.220.1') }) },
    { flow: 1, text: 'it ARPs for the default gateway, with the service address as sender', find: at('node', 'arp-request', { code: 'arp_request', target: ip('10.111.220.1'), sender: ip('192.168.1.1') }) },
    { flow: 1, text: 'the default gateway has no route to client1: the SYN-ACK is dropped', find: at('default', 'drop', { code: 'input_route', route: { code: 'no_route' } }) },
    { flow: 1, text: 'client1 never hears back: it retransmits, then nc gives up with exit 1', find: at('client1', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Make client1 reach 192.168.1.1:3000.',
    on: 'client1',
    run: 'nc -z -w 2 192.168.1.1 3000',
    flow: 1,
    hint: 'The node must send what 192.168.1.1 answers back through the router, on eth1. Give it a routing table whose default route is via 10.111.221.21 dev eth1, and a rule `ip rule add from 192.168.1.1 lookup …` that uses it.',
    solution: [
      {
        device: 'node',
        lines: ["echo '200 device1' >> /etc/iproute2/rt_tables", 'ip route add default via 10.111.221.21 dev eth1 table device1', 'ip rule add from 192.168.1.1 lookup device1'],
      },
    ],
  },
};

export const returnPolicy: Lesson = {
  name: 'return-traffic-policy',
  title: 'Return traffic fixed by source routing',
  summary: '`ip rule add from 192.168.1.1 lookup device1` sends the answers back the way they came.',
  state: 'fixed',
  steps: [
    { flow: 0, text: 'the SYN reaches the service on the node, as before', find: at('node', 'socket', { code: 'tcp_syn_recv', port: 3000 }) },
    { flow: 0, text: 'the rule `from 192.168.1.1 lookup device1` matches the reply: table device1 sends it via the router on eth1', find: at('node', 'route', { code: 'output_route', route: 'default via 10.111.221.21 dev eth1 table device1' }) },
    { flow: 0, text: 'the router forwards it to client1', find: at('router', 'forward', { code: 'forwarded', from: 'eth1', to: 'eth3' }) },
    { flow: 0, text: 'client1 is connected', find: at('client1', 'socket', { code: 'tcp_connected', peer: { addr: ip('192.168.1.1'), port: 3000 } }) },
    { flow: 1, text: 'the second service answers through table device2, out of eth2', find: at('node', 'route', { code: 'output_route', route: 'default via 10.111.222.21 dev eth2 table device2' }) },
  ],
};

export const multiWanBroken: Lesson = {
  name: 'multi-wan-broken',
  title: 'Two ISPs, broken: no LAN route in the ISP tables',
  summary: 'The restored mark routes the replies through the ISP table, back out to the ISP.',
  state: 'broken',
  steps: [
    { flow: 0, text: 'a new connection from the LAN (a ping is one): mangle PREROUTING marks it 1 (statistic nth)', find: at('gw', 'rule-match', { code: 'nf_mark', before: 0, after: 1 }) },
    { flow: 0, text: 'CONNMARK saves the mark on the connection', find: at('gw', 'rule-match', { code: 'nf_connmark', restore: false, mark: 1 }) },
    { flow: 0, text: 'the rule `fwmark 1 lookup isp1` picks table isp1: out to ISP 1', find: at('gw', 'route', { code: 'input_forward', route: 'default via 192.168.1.1 dev eth0 table isp1' }) },
    { flow: 0, text: 'MASQUERADE gives it the uplink’s address', find: at('gw', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('10.0.0.50') }, to: { addr: ip('192.168.1.2') } }) },
    { flow: 0, text: 'the web server answers the echo', find: at('web', 'reply', { code: 'echo_reply' }) },
    { flow: 0, text: 'back at gw, CONNMARK --restore-mark gives the reply mark 1 too', find: at('gw', 'rule-match', { code: 'nf_connmark', restore: true }) },
    { flow: 0, text: 'the MASQUERADE is undone: the destination is the laptop, 10.0.0.50', find: at('gw', 'nat', { code: 'nat', manip: 'dst', reply: true, from: { addr: ip('192.168.1.2') }, to: { addr: ip('10.0.0.50') } }) },
    { flow: 0, text: 'mark 1 means table isp1, which has no route to 10.0.0.0/24: its default route sends the reply back out of eth0', find: at('gw', 'forward', { code: 'forwarded', from: 'eth0', to: 'eth0' }) },
    { flow: 0, text: 'isp1 forwards it towards the internet again', find: at('isp1', 'forward', { code: 'forwarded', from: 'eth0', to: 'eth1' }) },
    { flow: 0, text: 'the web box does not forward: the reply is dropped, and ping on the laptop exits 1', find: at('web', 'drop') },
  ],
  question: {
    text: 'Make the laptop’s two connections to 93.184.216.34:80 succeed.',
    on: 'laptop',
    run: 'nc -z -w 2 93.184.216.34 80 && nc -z -w 2 93.184.216.34 80',
    hint: 'Replies carry the connection’s mark, so they are routed by the ISP tables too. Each ISP table needs the LAN route: `ip route add 10.0.0.0/24 dev eth2 table isp1`, and the same for isp2.',
    solution: [{ device: 'gw', lines: ['ip route add 10.0.0.0/24 dev eth2 table isp1', 'ip route add 10.0.0.0/24 dev eth2 table isp2'] }],
  },
};

export const multiWan: Lesson = {
  name: 'multi-wan',
  title: 'Two ISPs by firewall mark, fixed',
  summary: 'fwmark picks the uplink, CONNMARK keeps it, and each ISP table knows the LAN.',
  state: 'fixed',
  steps: [
    { flow: 0, text: 'the first connection is marked 1', find: at('gw', 'rule-match', { code: 'nf_mark', before: 0, after: 1 }) },
    { flow: 0, text: 'table isp1 sends it to ISP 1', find: at('gw', 'route', { code: 'input_forward', route: 'default via 192.168.1.1 dev eth0 table isp1' }) },
    { flow: 0, text: 'the reply gets mark 1 back from the connection', find: at('gw', 'rule-match', { code: 'nf_connmark', restore: true }) },
    { flow: 0, text: 'and table isp1 now has the LAN route: the reply goes to the laptop on eth2', find: at('gw', 'route', { code: 'input_forward', route: '10.0.0.0/24 dev eth2 table isp1' }) },
    { flow: 0, text: 'the second connection is marked 2', find: at('gw', 'rule-match', { code: 'nf_mark', before: 0, after: 2 }) },
    { flow: 0, text: 'so it leaves by ISP 2', find: at('gw', 'route', { code: 'input_forward', route: 'default via 192.168.2.1 dev eth1 table isp2' }) },
    { flow: 1, text: 'a ping is one connection: its later packets get the restored mark, so both echoes take the same ISP', find: at('gw', 'rule-match', { code: 'nf_connmark', restore: true }) },
  ],
};
