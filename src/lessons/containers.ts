import { at, atPort, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on a Linux box that holds a network inside itself: a bridge that joins ports and
 * holds the box's address, network namespaces joined by veth pairs (containers), macvlan, and
 * a VXLAN overlay between nodes.
 */

export const homeRouterBridge: Lesson = {
  name: 'home-router-bridge',
  title: 'A home router whose LAN ports are a bridge',
  summary: 'br-lan joins the LAN ports and holds the router’s address; a port left out of it is cut off.',
  steps: [
    { flow: 0, text: 'pc1’s ARP broadcast enters the router on eth1, a port of br-lan: the bridge learns pc1’s MAC on eth1', find: at('router', 'fdb-learn', { code: 'fdb_learn', port: 'eth1' }) },
    { flow: 0, text: 'and floods the broadcast to the bridge’s other port, eth2, never to eth3 or the WAN port', find: at('router', 'flooded', { code: 'flooded', broadcast: true, ports: ['eth2'] }) },
    { flow: 0, text: 'pc2’s echo reply is bridged straight to eth1: the router’s IP stack never sees it, no TTL is spent', find: atPort('router', 'eth1', 'bridged', { code: 'bridged', port: 'eth1' }) },
    { flow: 2, text: 'pc2 ARPs for its gateway 192.168.1.1: the address sits on br-lan, so the bridge device answers, with its own MAC', find: atPort('router', 'br-lan', 'arp-reply', { code: 'arp_reply', sender: ip('192.168.1.1') }) },
    { flow: 2, text: 'the echo is addressed to the bridge’s MAC, so the bridge passes it up to IP, which routes it out of eth0 as coming from br-lan', find: at('router', 'forward', { code: 'forwarded', from: 'br-lan', to: 'eth0' }) },
    { flow: 2, text: 'MASQUERADE gives it the WAN address', find: at('router', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.3') }, to: { addr: ip('50.60.70.80') } }) },
    { flow: 2, text: 'the reply is routed back to br-lan, whose FDB knows pc2 is on eth2', find: atPort('router', 'eth2', 'frame-sent', { code: 'frame_sent', dev: 'eth2' }) },
    { flow: 3, text: 'eth3 is no bridge port, so it is an interface of its own: the router answers the laptop’s ARP there (arp_ignore 0 answers for any local address)', find: atPort('router', 'eth3', 'arp-reply', { code: 'arp_reply', sender: ip('192.168.1.1') }) },
    { flow: 3, text: 'the echo is even forwarded and masqueraded (rp_filter is off)', find: at('router', 'forward', { code: 'forwarded', from: 'eth3', to: 'eth0' }) },
    { flow: 3, text: 'but the reply is routed by 192.168.1.0/24 dev br-lan: the router looks for the laptop behind the bridge', find: atPort('router', 'br-lan', 'arp-request', { code: 'arp_request', target: ip('192.168.1.4') }) },
    { flow: 3, text: 'nobody on eth1 or eth2 answers, and ping gives up: exit 1', find: at('laptop', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Connect the laptop: make `ping -c 1 -W 1 8.8.8.8` on laptop succeed.',
    on: 'laptop',
    run: 'ping -c 1 -W 1 8.8.8.8',
    flow: 3,
    hint: 'The laptop’s port must join the LAN: on the router, enslave eth3 to br-lan, as eth1 and eth2 are.',
    solution: [{ device: 'router', lines: ['ip link set eth3 master br-lan'], before: 'ip link set br-lan up' }],
  },
};

export const containerNetworking: Lesson = {
  name: 'container-networking',
  title: 'Container networking by hand',
  summary: 'Two namespaces, veth pairs, a bridge that is their gateway, MASQUERADE out and a published port in.',
  steps: [
    { flow: 0, text: 'netns0 is a stack of its own: its route 172.18.0.0/16 dev ceth0 puts netns1 on the link, so it ARPs out of ceth0, which lives inside it (host/netns0:ceth0)', find: atPort('host/netns0', 'ceth0', 'arp-request', { code: 'arp_request', target: ip('172.18.0.20') }) },
    { flow: 0, text: 'what enters one end of a veth pair leaves the other: the broadcast comes out of veth0 in the box’s own namespace, a port of br0, and the bridge learns netns0’s MAC there', find: atPort('host', 'veth0', 'fdb-learn', { code: 'fdb_learn', port: 'veth0' }) },
    { flow: 0, text: 'br0 floods it to its other port, veth1, whose peer ceth1 is netns1’s interface', find: at('host', 'flooded', { code: 'flooded', broadcast: true, ports: ['veth1'] }) },
    { flow: 0, text: 'the echo request is bridged by the FDB to veth1: the containers share one Ethernet, no route is looked up in the box and no TTL is spent', find: atPort('host', 'veth1', 'bridged', { code: 'bridged', port: 'veth1' }) },
    { flow: 1, text: 'netns0’s default route points at 172.18.0.1. That address sits on br0, so the bridge device itself answers the ARP, with its own MAC (the lowest of its ports’, veth0’s)', find: atPort('host', 'br0', 'arp-reply', { code: 'arp_reply', sender: ip('172.18.0.1') }) },
    { flow: 1, text: 'the echo is addressed to br0’s MAC, so the bridge passes it up to IP; ip_forward is 1, and the default route sends it out of eth0', find: at('host', 'forward', { code: 'forwarded', from: 'br0', to: 'eth0' }) },
    { flow: 1, text: 'in nat POSTROUTING it comes from 172.18.0.0/16 and leaves by eth0, not br0: MASQUERADE gives it eth0’s address, and the outside never sees 172.18.0.10', find: at('host', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('172.18.0.10') }, to: { addr: ip('10.0.2.15') } }) },
    { flow: 1, text: 'the reply to 10.0.2.15 belongs to that connection: conntrack un-NATs it back to 172.18.0.10 and it is routed to br0', find: at('host', 'nat', { code: 'nat', manip: 'dst', reply: true, to: { addr: ip('172.18.0.10') } }) },
    { flow: 2, text: 'the published port: the SYN to 10.0.2.15:5000 meets the DNAT rule in nat PREROUTING, before the routing decision, so it is routed to 172.18.0.10:5000 through br0', find: at('host', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('10.0.2.15'), port: 5000 }, to: { addr: ip('172.18.0.10'), port: 5000 } }) },
    { flow: 2, text: 'nc -lk 5000 listens inside netns0, so the SYN finds its socket there', find: at('host/netns0', 'socket', { code: 'tcp_syn_recv', port: 5000 }) },
    { flow: 2, text: 'the SYN-ACK is un-NATed on its way out: its source becomes 10.0.2.15:5000, the address the outside machine called', find: at('host', 'nat', { code: 'nat', manip: 'src', reply: true, to: { addr: ip('10.0.2.15'), port: 5000 } }) },
    { flow: 3, text: 'the box’s own connection to 10.0.2.15:5000 goes out through lo. A locally generated packet passes nat OUTPUT, never PREROUTING, so nothing rewrites it; no socket listens on the box’s port 5000 and TCP answers RST: exit 1', find: at('host', 'drop', { code: 'no_socket_tcp', port: 5000 }) },
  ],
  question: {
    text: 'Make the published port work from the box itself: make `nc -z -w 2 10.0.2.15 5000` on host succeed.',
    on: 'host',
    run: 'nc -z -w 2 10.0.2.15 5000',
    flow: 3,
    hint: 'The DNAT rule sits in a chain that packets the box sends itself never pass. Which nat chain do locally generated packets meet before their route is chosen?',
    solution: [{ device: 'host', lines: ['iptables -t nat -A OUTPUT -d 10.0.2.15 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000'], before: 'ip netns exec netns0 nc' }],
  },
};
