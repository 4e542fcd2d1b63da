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

export const macvlanContainers: Lesson = {
  name: 'macvlan-containers',
  title: 'macvlan: containers on the LAN, and the host that can’t reach them',
  summary: 'Containers on macvlans of eth0 are machines of their own on the LAN, and each other’s neighbours; the host is neither.',
  steps: [
    { flow: 0, text: 'The PC’s ARP request for 192.168.1.50 is a broadcast: eth0’s macvlan handler gives a copy to every macvlan on it, mv2 in c2 and mv1 in c1 (and one to eth0’s own stack, which has no 192.168.1.50)', find: at('docker_host/c1', 'frame-received', { code: 'macvlan_broadcast', dev: 'mv1' }) },
    { flow: 0, text: 'c1 answers from mv1’s own MAC, 02:42:c0:a8:01:32, and the answer leaves through eth0 onto the LAN', find: atPort('docker_host/c1', 'mv1', 'arp-reply', { code: 'arp_reply', sender: ip('192.168.1.50'), mac: '02:42:c0:a8:01:32' }) },
    { flow: 0, text: 'the switch learns that MAC behind p2, the host’s port, as it would learn the host’s own: one cable, several machines', find: at('lan', 'fdb-learn', { code: 'fdb_learn', mac: '02:42:c0:a8:01:32', port: 'p2' }) },
    { flow: 0, text: 'the echo request is unicast to 02:42:c0:a8:01:32: eth0’s handler looks the destination MAC up among its macvlans and gives the frame to mv1 alone; neither the host’s stack nor c2 sees it', find: at('docker_host/c1', 'frame-received', { code: 'macvlan_rx', dev: 'mv1', mac: '02:42:c0:a8:01:32' }) },
    { flow: 1, text: 'arping shows who answered for 192.168.1.51: c2, with its own MAC 02:42:c0:a8:01:33, not the host’s', find: atPort('pc', 'eth0', 'frame-received', { code: 'frame_received', dev: 'eth0', from: '02:42:c0:a8:01:33' }) },
    { flow: 2, text: 'c1 ARPs for c2. mv1 is in bridge mode: its broadcast goes straight to its bridge-mode sibling mv2, and out of eth0 to the LAN as well', find: at('docker_host/c2', 'frame-received', { code: 'macvlan_broadcast', dev: 'mv2', from: 'mv1' }) },
    { flow: 2, text: 'c2’s answer is unicast to mv1’s MAC, a sibling’s: instead of the wire it enters eth0’s receive path (tcpdump on eth0 sees it arrive; the switch never sees it)', find: at('docker_host/c2', 'output', { code: 'macvlan_bridge', dev: 'mv2', to: 'mv1' }) },
    { flow: 2, text: 'where eth0’s macvlan handler gives it to mv1 by its destination MAC, as if it had come from the LAN; the echo and its reply take the same short way', find: at('docker_host/c1', 'frame-received', { code: 'macvlan_rx', dev: 'mv1' }) },
    { flow: 3, text: 'The host’s route to 192.168.1.50 is the LAN’s, 192.168.1.0/24 dev eth0: it ARPs from eth0 itself', find: at('docker_host', 'route', { code: 'output_route', route: '192.168.1.0/24 dev eth0 src 192.168.1.10' }) },
    { flow: 3, text: 'what eth0 sends goes to its driver and onto the wire; the macvlan handler sits only on eth0’s receive path, so mv1 never sees the request (tcpdump on mv1 stays empty), and the switch does not send it back out of p2, the port it came in by', find: atPort('docker_host', 'eth0', 'frame-sent', { code: 'frame_sent', dev: 'eth0', to: 'ff:ff:ff:ff:ff:ff' }) },
    { flow: 3, text: 'nobody on the LAN answers for 192.168.1.50: after three requests the neighbour entry fails and the queued echo is dropped', find: at('docker_host', 'drop', { code: 'neigh_failed', nexthop: ip('192.168.1.50') }) },
    { flow: 3, text: 'ping reports “Destination Host Unreachable” and exits 1: the limitation Docker’s documentation warns of', find: at('docker_host', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Let the host reach its container: make `ping -c 1 -W 5 192.168.1.50` on docker_host succeed, keeping c1 on its macvlan.',
    on: 'docker_host',
    run: 'ping -c 1 -W 5 192.168.1.50',
    flow: 3,
    hint: 'Frames that eth0 sends never reach its children, but c1’s ping to c2 shows which frames do reach a bridge-mode macvlan without crossing the wire. Give the host an interface of that kind, with an address of its own, and route the containers’ addresses through it.',
    solution: [
      {
        device: 'docker_host',
        lines: ['ip link add mv-host link eth0 type macvlan mode bridge', 'ip addr add 192.168.1.11/32 dev mv-host', 'ip link set mv-host up', 'ip route add 192.168.1.50/31 dev mv-host'],
      },
    ],
  },
};
