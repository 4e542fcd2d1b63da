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

export const dockerDefaultBridge: Lesson = {
  name: 'docker-default-bridge',
  title: 'Docker’s default bridge',
  summary: 'docker0, Docker’s own chains and a published port; a container reaching its own published port needs hairpin mode on its bridge port.',
  steps: [
    { flow: 0, text: 'The client’s SYN for 198.51.100.10:8080 enters eth0. nat PREROUTING sends every packet for one of the host’s own addresses (`-m addrtype --dst-type LOCAL`) to the DOCKER chain, whose rule for `-p 8080:80` DNATs it to the container, 172.17.0.2:80', find: atPort('dockerhost', 'eth0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { chain: 'DOCKER', target: 'DNAT' } }) },
    { flow: 0, text: 'routed to docker0, it passes FORWARD: DOCKER-USER and DOCKER-ISOLATION-STAGE-1 return, `-o docker0 -j DOCKER` jumps, and DOCKER accepts tcp port 80 to 172.17.0.2 from outside the bridge. Anything else from outside is its next rule’s DROP', find: atPort('dockerhost', 'docker0', 'hook', { code: 'nf_hook', table: 'filter', hook: 'FORWARD', rule: { chain: 'DOCKER', target: 'ACCEPT' } }) },
    { flow: 0, text: 'the reply is un-NATed on its way out of eth0: 172.17.0.2:80 becomes 198.51.100.10:8080 again, the address the client connected to', find: at('dockerhost', 'nat', { code: 'nat', manip: 'src', reply: true, from: { addr: ip('172.17.0.2'), port: 80 }, to: { addr: ip('198.51.100.10'), port: 8080 } }) },
    { flow: 1, text: 'web’s echo for 8.8.8.8 is routed from docker0 to eth0 (FORWARD’s `-i docker0 ! -o docker0 -j ACCEPT`), and `-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` gives it the host’s address: 172.17.0.0/16 means nothing outside', find: at('dockerhost', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('172.17.0.2') }, to: { addr: ip('198.51.100.10') } }) },
    { flow: 1, text: 'the reply is un-masqueraded to 172.17.0.2 and forwarded to docker0 by FORWARD’s `-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`', find: atPort('dockerhost', 'docker0', 'hook', { code: 'nf_hook', table: 'filter', hook: 'FORWARD', rule: { chain: 'FORWARD', line: 3, target: 'ACCEPT' } }) },
    { flow: 2, text: 'the second container, app, connects to the published port too. Its SYN enters docker0 by veth8c4d2e1; br_netfilter hands it to iptables while it is still a bridge frame (bridge-nf-call-iptables), DOCKER DNATs it to 172.17.0.2:80, and since that address is behind the same bridge the frame is bridged on to web’s port. In FORWARD a bridged frame comes in and goes out by docker0: `-i docker0 -o docker0 -j ACCEPT`', find: atPort('dockerhost', 'veth3f1a2b7', 'bridged', { code: 'bridged', port: 'veth3f1a2b7' }) },
    { flow: 2, text: 'web answers app directly, on the same subnet: the SYN-ACK is bridged from port to port and never routed. br_netfilter passes it through iptables anyway, so conntrack un-DNATs it and app sees 198.51.100.10:8080 answer, as it expects (without br_netfilter app would get an answer from 172.17.0.2:80 and reset it): this is why Docker loads it', find: at('dockerhost', 'nat', { code: 'nat', manip: 'src', reply: true, from: { addr: ip('172.17.0.2'), port: 80 }, to: { addr: ip('198.51.100.10'), port: 8080 } }) },
    { flow: 3, text: 'now web connects to its own published port, 198.51.100.10:8080, through its gateway: the SYN enters docker0 by veth3f1a2b7 and br_netfilter hands it to iptables at the bridge’s PREROUTING', find: atPort('dockerhost', 'veth3f1a2b7', 'hook', { code: 'brnf_call_iptables', bridge: 'docker0', port: 'veth3f1a2b7' }) },
    { flow: 3, text: 'the same DOCKER rule DNATs it to 172.17.0.2:80, the container itself: with `"userland-proxy": false` the rule has no `! -i docker0`, it is meant for containers too', find: atPort('dockerhost', 'docker0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { chain: 'DOCKER', target: 'DNAT' } }) },
    { flow: 3, text: 'the new destination is routed out of docker0, the bridge the frame is already on, so br_netfilter does not pass it up: it readdresses the frame to 172.17.0.2’s MAC and gives it back to the bridge (br_nf_pre_routing_finish_bridge)', find: at('dockerhost', 'route', { code: 'brnf_dnat_bridged', bridge: 'docker0' }) },
    { flow: 3, text: 'the FDB has 02:42:ac:11:00:02 on veth3f1a2b7, the port the frame came in by. A bridge never sends a frame back out of its ingress port unless that port is in hairpin mode (should_deliver): dropped, without a word', find: atPort('dockerhost', 'veth3f1a2b7', 'drop', { code: 'bridge_hairpin_off', port: 'veth3f1a2b7' }) },
    { flow: 3, text: 'the retransmitted SYN dies the same way and nc gives up after 2 seconds: exit 1', find: at('dockerhost', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Make web reach its own published port: `ip netns exec web nc -z -w 2 198.51.100.10 8080` on dockerhost must succeed.',
    on: 'dockerhost',
    run: 'ip netns exec web nc -z -w 2 198.51.100.10 8080',
    flow: 3,
    hint: 'The iptables rules are right, even the MASQUERADE the reply will need: the drop is docker0’s, which will not send a frame back out of the port it came in by unless that port allows it. With the userland proxy off, Docker allows it on every port it adds; look at what `bridge link` can set on veth3f1a2b7.',
    solution: [{ device: 'dockerhost', lines: ['bridge link set dev veth3f1a2b7 hairpin on'], before: 'ip link set veth3f1a2b7 up' }],
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
