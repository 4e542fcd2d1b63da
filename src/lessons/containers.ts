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
