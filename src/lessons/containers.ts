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

export const k8sFlannelVxlan: Lesson = {
  name: 'k8s-flannel-vxlan',
  title: 'Three nodes, pods on each, a VXLAN overlay (as flannel sets it up)',
  summary: 'Pods on different nodes talk through flannel.1: an onlink route, a permanent neighbour and an FDB entry per node, UDP 8472 on the wire.',
  steps: [
    { flow: 0, text: 'pod1 ARPs for its gateway 10.244.0.1: the request leaves pod1’s eth0, comes out of the other end of the veth pair, veth-pod1, a port of node1’s cni0 bridge, which learns pod1’s MAC there', find: at('node1', 'fdb-learn', { code: 'fdb_learn', port: 'veth-pod1' }) },
    { flow: 0, text: 'the gateway address sits on cni0, so node1 itself answers, with the bridge’s MAC: every pod on node1 is one hop from node1’s IP stack', find: atPort('node1', 'cni0', 'arp-reply', { code: 'arp_reply', sender: ip('10.244.0.1') }) },
    { flow: 0, text: 'the echo request to 10.244.1.2 goes up from cni0 and is routed by flannel’s route for node2’s pod subnet: via 10.244.1.0 dev flannel.1 onlink. 10.244.1.0 is on none of node1’s subnets; `onlink` tells the kernel to take it as on flannel.1 anyway', find: atPort('node1', 'cni0', 'route', { code: 'input_forward', route: '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink' }) },
    { flow: 0, text: 'the next hop 10.244.1.0 is node2’s flannel.1 address: flannel wrote its MAC as a permanent neighbour entry (`ip neigh replace … nud permanent`), so the inner frame gets 02:f1:00:00:00:02 as destination and no ARP is ever sent into the overlay', find: at('node1', 'arp-cache', { code: 'neigh_permanent', ip: ip('10.244.1.0'), dev: 'flannel.1' }) },
    { flow: 0, text: 'flannel.1 looks that MAC up in its own FDB: the entry (`bridge fdb replace … dst 10.0.2.12 self permanent`) names node2’s underlay address. The whole inner frame goes inside UDP to port 8472 with VNI 1; tcpdump prints port 8472 as OTV', find: at('node1', 'output', { code: 'vxlan_encap', dev: 'flannel.1', remote: ip('10.0.2.12'), port: 8472 }) },
    { flow: 0, text: 'the router in between routes the outer packet by its outer addresses, 10.0.1.11 to 10.0.2.12: the underlay never sees a pod address', find: at('router', 'forward', { code: 'forwarded', from: 'eth0', to: 'eth1' }) },
    { flow: 0, text: 'node2 takes the datagram to its own address and port 8472; the vxlan socket matches VNI 1 and strips the outer headers: the inner frame arrives on node2’s flannel.1 as if it came off a cable', find: at('node2', 'frame-received', { code: 'vxlan_decap', dev: 'flannel.1', remote: ip('10.0.1.11') }) },
    { flow: 0, text: 'node2 routes the inner packet by its own table: 10.244.1.0/24 is cni0’s subnet, so out to the bridge and through veth-pod2 to pod2', find: at('node2', 'forward', { code: 'forwarded', from: 'flannel.1', to: 'cni0' }) },
    { flow: 0, text: 'pod2’s reply takes the mirror path: node2’s entries for node1 (route, permanent neighbour 10.244.0.0, FDB entry) send it to 10.0.1.11', find: at('node2', 'output', { code: 'vxlan_encap', dev: 'flannel.1', remote: ip('10.0.1.11') }) },
    { flow: 1, text: 'to node2’s own address 10.0.2.12, no flannel route matches: node1 forwards the request out of eth0 by its default route, unencapsulated, with the pod’s source address', find: at('node1', 'forward', { code: 'forwarded', from: 'cni0', to: 'eth0' }) },
    { flow: 1, text: 'but node2 answers 10.244.0.2 by its route for node1’s pod subnet, through flannel.1: the reply comes back inside the tunnel', find: at('node2', 'output', { code: 'vxlan_encap', dev: 'flannel.1', remote: ip('10.0.1.11') }) },
    { flow: 2, text: 'pod3 on node3 receives the request and answers; node3 routes the reply to flannel.1 and has node1’s flannel.1 MAC as a neighbour, but its FDB has no entry for that MAC and no default entry: the reply is dropped, and pod1’s ping gives up', find: at('node3', 'drop', { code: 'vxlan_drop', dev: 'flannel.1', detail: 'no_fdb' }) },
  ],
  question: {
    text: 'Make `ip netns exec pod1 ping -c 1 -W 1 10.244.2.2` on node1 succeed: give node3 back the entry it lost.',
    on: 'node1',
    run: 'ip netns exec pod1 ping -c 1 -W 1 10.244.2.2',
    flow: 2,
    hint: 'For each peer, flannel writes a route, a neighbour entry and an FDB entry on flannel.1. Compare node3’s `ip neigh show dev flannel.1` and `bridge fdb show dev flannel.1`: which peer is missing from one of them, and what is that peer’s underlay address?',
    solution: [{ device: 'node3', lines: ['bridge fdb replace 02:f1:00:00:00:01 dev flannel.1 dst 10.0.1.11 self permanent'], before: 'ip route add 10.244.0.0/24' }],
  },
};
