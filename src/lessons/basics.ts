import { at, ip, receivesUdp, sendsUdp } from './match';
import type { Lesson } from './types';

/*
 * The lessons on plain routing: a home LAN (ARP for the peer or for the gateway, MASQUERADE),
 * a cloud VPS whose /32 address reaches a gateway outside its subnet (scope link), and name
 * resolution, which happens before any route to the named host is looked up.
 */

export const homeLan: Lesson = {
  name: 'home-lan',
  title: 'Home LAN behind a router',
  summary: 'ARP for the peer or for the gateway, and MASQUERADE on the way out.',
  steps: [
    { flow: 0, text: 'pc1 looks up 192.168.1.3: the LAN route matches, and it has no gateway', find: at('pc1', 'route', { code: 'output_route', route: '192.168.1.0/24 dev eth0 src 192.168.1.2' }) },
    { flow: 0, text: 'so pc1 ARPs for the destination itself', find: at('pc1', 'arp-request', { code: 'arp_request', target: ip('192.168.1.3'), sender: ip('192.168.1.2') }) },
    { flow: 0, text: 'the switch floods the broadcast to every other port', find: at('lan', 'flooded', { code: 'flooded', broadcast: true }) },
    { flow: 0, text: 'pc2 answers with its MAC; the switch, not the router, carries the echo', find: at('pc2', 'arp-reply', { code: 'arp_reply', sender: ip('192.168.1.3') }) },
    { flow: 1, text: 'for 8.8.8.8 the default route matches: its gateway is 192.168.1.1', find: at('pc1', 'route', { code: 'output_route', route: 'default via 192.168.1.1 dev eth0', gateway: ip('192.168.1.1') }) },
    { flow: 1, text: 'pc1 ARPs for the gateway, never for 8.8.8.8', find: at('pc1', 'arp-request', { code: 'arp_request', target: ip('192.168.1.1'), sender: ip('192.168.1.2') }) },
    { flow: 1, text: 'the router forwards the echo from the LAN (eth1) to the uplink (eth0)', find: at('router', 'forward', { code: 'forwarded', from: 'eth1', to: 'eth0' }) },
    { flow: 1, text: 'MASQUERADE in nat POSTROUTING puts the router’s public address in the source', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.2') }, to: { addr: ip('50.60.70.80') } }) },
    { flow: 1, text: 'conntrack undoes it on the reply: the destination becomes pc1 again', find: at('router', 'nat', { code: 'nat', manip: 'dst', reply: true, from: { addr: ip('50.60.70.80') }, to: { addr: ip('192.168.1.2') } }) },
  ],
  question: {
    text: 'Publish a web server: make `nc -z -w 2 50.60.70.80 8080` on isp reach port 80 on pc1.',
    on: 'isp',
    run: 'nc -z -w 2 50.60.70.80 8080',
    hint: 'Two lines. Something must listen on pc1 (`nc -lk 80 &`), and the router needs a DNAT rule in nat PREROUTING that sends TCP port 8080 to 192.168.1.2:80.',
    solution: [
      { device: 'pc1', lines: ['nc -lk 80 &'] },
      { device: 'router', lines: ['iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80'] },
    ],
  },
};

export const vpsSlash32: Lesson = {
  name: 'vps-slash32',
  title: 'A /32 VPS and its on-link gateway',
  summary: 'A subnet of one address still reaches 172.31.1.1: `scope link` says it is on the wire.',
  steps: [
    { flow: 0, text: 'the default route names 172.31.1.1, outside the VPS’s /32', find: at('vps', 'route', { code: 'output_route', route: 'default via 172.31.1.1 dev eth0 src 91.99.148.215', gateway: ip('172.31.1.1') }) },
    { flow: 0, text: 'the route `172.31.1.1 dev eth0 scope link` lets the VPS ARP for it anyway, from its /32 address', find: at('vps', 'arp-request', { code: 'arp_request', target: ip('172.31.1.1'), sender: ip('91.99.148.215') }) },
    { flow: 0, text: 'the gateway answers: it is on the same Ethernet segment', find: at('gateway', 'arp-reply', { code: 'arp_reply', sender: ip('172.31.1.1') }) },
    { flow: 0, text: 'the gateway forwards to the internet: no NAT, the VPS’s address is public', find: at('gateway', 'forward', { code: 'forwarded', from: 'eth0', to: 'eth1' }) },
    { flow: 0, text: 'the reply comes back by the gateway’s own link route to 91.99.148.215', find: at('gateway', 'route', { code: 'input_forward', route: '91.99.148.215 dev eth0' }) },
    { flow: 2, text: 'incoming: the gateway ARPs for the VPS directly, telling its own 172.31.1.1', find: at('gateway', 'arp-request', { code: 'arp_request', target: ip('91.99.148.215'), sender: ip('172.31.1.1') }) },
  ],
  question: {
    text: 'The VPS has a host route to the second DNS server, 185.12.64.2, but nothing answers there. Bring 185.12.64.2 up on the internet box so that `ping -c 1 -W 1 185.12.64.2` from the VPS gets a reply.',
    on: 'vps',
    run: 'ping -c 1 -W 1 185.12.64.2',
    hint: 'The internet box holds 185.12.64.1 as an address on its lo. Give it 185.12.64.2 the same way.',
    solution: [{ device: 'internet', lines: ['ip addr add 185.12.64.2/32 dev lo'] }],
  },
};

export const dnsResolution: Lesson = {
  name: 'dns-resolution',
  title: 'Names first: DNS before routing',
  summary: '`ping web` asks the nameserver over UDP 53 before any route to web is looked up.',
  steps: [
    { flow: 0, text: 'before anything else the resolver routes a query to the nameserver, 192.168.1.53: a LAN route', find: at('laptop', 'route', { code: 'output_route', route: '192.168.1.0/24 dev eth0 src 192.168.1.10' }) },
    { flow: 0, text: 'the laptop ARPs for the nameserver itself', find: at('laptop', 'arp-request', { code: 'arp_request', target: ip('192.168.1.53') }) },
    { flow: 0, text: 'the query for “web” leaves for UDP port 53', find: sendsUdp('laptop', 53) },
    { flow: 0, text: 'dnsmasq answers from its /etc/hosts: web is 203.0.113.80', find: receivesUdp('laptop', 53) },
    { flow: 0, text: 'only now is 203.0.113.80 routed: the default route, via the router', find: at('laptop', 'route', { code: 'output_route', route: 'default via 192.168.1.1 dev eth0', gateway: ip('192.168.1.1') }) },
    { flow: 0, text: 'so the laptop ARPs for the gateway', find: at('laptop', 'arp-request', { code: 'arp_request', target: ip('192.168.1.1') }) },
    { flow: 0, text: 'the router masquerades the echo on its way to web', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.10') }, to: { addr: ip('203.0.113.1') } }) },
    { flow: 0, text: 'web answers the echo', find: at('web', 'reply', { code: 'echo_reply' }) },
    { flow: 0, text: 'to print the reply, ping asks for the name of 203.0.113.80 (a PTR query): one more trip to the nameserver', find: sendsUdp('laptop', 53) },
    { flow: 2, text: 'an unknown name: dnsmasq, which has no upstream server, refuses it; glibc asks twice, nothing is routed towards a target, and ping exits 2', find: at('laptop', 'process', { code: 'process_exit', status: 2 }) },
  ],
  question: {
    text: 'Give the web server a second name: make `nc -z -w 2 www 80` on the laptop succeed.',
    on: 'laptop',
    run: 'nc -z -w 2 www 80',
    hint: 'dnsmasq answers from the /etc/hosts of its own box, read when it starts: on dns, add a line `echo \'203.0.113.80 www\' >> /etc/hosts` above the dnsmasq line.',
    solution: [{ device: 'dns', lines: ["echo '203.0.113.80 www' >> /etc/hosts"], before: 'dnsmasq' }],
  },
};
