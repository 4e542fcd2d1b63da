import { at, atPort, ip } from './match';
import type { Lesson } from './types';

/*
 * The lessons on a Kubernetes node: kube-proxy's iptables mode, its rules exactly as it writes
 * them, on pods that are namespaces behind the bridge CNI plugin's cni0. Which endpoint a
 * connection gets is a random draw; the steps point at the draw, whatever it said.
 */

const SEP_A = 'KUBE-SEP-UF6OOORCMXPJJDSV';
const SEP_B = 'KUBE-SEP-33EB4EFTF2PW2YRG';

export const k8sClusterIpIptables: Lesson = {
  name: 'k8s-clusterip-iptables',
  title: 'A ClusterIP in iptables mode',
  summary: 'kube-proxy’s KUBE-SERVICES, KUBE-SVC and KUBE-SEP chains: a random draw picks an endpoint, DNAT sends the connection there, conntrack un-NATs the reply.',
  steps: [
    { flow: 0, text: 'The client pod’s SYN for 10.96.0.10:80 leaves its eth0 for its gateway, 10.244.0.1 on cni0. No interface anywhere holds 10.96.0.10. The frame enters cni0 by the client’s veth, and br_netfilter hands it to iptables as it is bridged (bridge-nf-call-iptables is 1)', find: atPort('node1', 'veth3b6c1a2e', 'hook', { code: 'brnf_call_iptables', bridge: 'cni0', port: 'veth3b6c1a2e' }) },
    { flow: 0, text: 'nat PREROUTING jumps to KUBE-SERVICES, whose rule `-d 10.96.0.10 --dport 80` (comment “default/web:http cluster IP”) jumps to KUBE-SVC-CDGGSHYLG3RE2FKL. Its first rule, `! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`, lets a pod’s address by; the next one draws: `-m statistic --mode random --probability 0.5000000000` (iptables prints it with 11 decimals). This line is the draw, and what it said', find: at('node1', 'rule-match', { code: 'nf_statistic', probability: '0.50000000000' }) },
    { flow: 0, text: `a match jumps to ${SEP_A} (web-a); no match falls through to the chain’s last rule, which takes the rest without a draw: ${SEP_B} (web-b). With n endpoints kube-proxy writes probabilities 1/n, 1/(n−1), …, ½ and a last rule without one, so each endpoint gets 1/n of the connections`, find: atPort('node1', 'cni0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { line: 2, target: 'DNAT' } }) },
    { flow: 0, text: 'the KUBE-SEP chain’s second rule DNATs to its pod (its first, `-s <the pod itself> -j KUBE-MARK-MASQ`, is for a pod reaching itself). conntrack keeps the choice: only a connection’s first packet passes the nat table, so every later packet of it goes to the same pod', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('10.96.0.10'), port: 80 } }) },
    { flow: 0, text: 'the new destination is behind cni0, the bridge the frame is on: br_netfilter readdresses it to the pod’s MAC and the bridge delivers it to that pod’s port', find: at('node1', 'route', { code: 'brnf_dnat_bridged', bridge: 'cni0' }) },
    { flow: 0, text: 'the endpoint answers the client directly (same subnet, bridged). br_netfilter passes the SYN-ACK through iptables too, and conntrack puts 10.96.0.10:80 back as its source, so the client sees the address it connected to', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: true, to: { addr: ip('10.96.0.10'), port: 80 } }) },
    { flow: 1, text: 'The node itself connects to the Service: its own packet goes through nat OUTPUT, which jumps to KUBE-SERVICES too. Routed by the default route, it has the source 192.168.0.2, outside the pod range, so KUBE-SVC’s first rule jumps to KUBE-MARK-MASQ: `-j MARK --or-mark 0x4000`', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 1, text: 'the draw and a KUBE-SEP chain DNAT it to a pod, in nat OUTPUT this time', find: atPort('node1', 'eth0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'OUTPUT', rule: { line: 2, target: 'DNAT' } }) },
    { flow: 1, text: 'the new destination is routed again, now out of cni0. In nat POSTROUTING, KUBE-POSTROUTING returns for packets without the mark; this one has it, so `-j MARK --xor-mark 0x4000` clears it (so a packet that passes the stack again, as a VXLAN-encapsulated one does, is not masqueraded twice)', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0x4000, after: 0 }) },
    { flow: 1, text: 'and `-j MASQUERADE --random-fully` (comment “kubernetes service traffic requiring SNAT”) gives it cni0’s address, 10.244.0.1, and a source port drawn from all of 1024–65535. The source 192.168.0.2 was chosen when the route still pointed out of eth0, before the DNAT; kube-proxy marks any source outside the pod range so the packet leaves cni0 with cni0’s own address, one every pod answers on its bridge', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.0.2') }, to: { addr: ip('10.244.0.1') } }) },
    { flow: 2, text: 'A second Service, default/api at 10.96.0.20:8080, has no rules yet: nothing in KUBE-SERVICES matches, and the SYN is routed like any other packet, out of eth0 to the default gateway, which drops it. nc gives up after 2 s', find: at('node1', 'forward', { code: 'forwarded', from: 'cni0', to: 'eth0' }) },
  ],
  question: {
    text: 'Write kube-proxy’s rules for the Service default/api (10.96.0.20, port 8080, named http) whose one endpoint is web-b’s port 80: `ip netns exec client nc -z -w 2 10.96.0.20 8080` on node1 must succeed.',
    on: 'node1',
    run: 'ip netns exec client nc -z -w 2 10.96.0.20 8080',
    flow: 2,
    hint: 'Follow default/web’s rules: a KUBE-SERVICES rule for the ClusterIP, a KUBE-SVC chain (with the KUBE-MARK-MASQ rule for sources outside 10.244.0.0/16), and one KUBE-SEP chain that DNATs to 10.244.0.4:80. With one endpoint the KUBE-SVC chain needs no draw. kube-proxy’s names are KUBE-SVC-KKDGWRPDK6Z5NCHS and KUBE-SEP-66J2QQFAYF25ERGS; any names would do. KUBE-SERVICES’s last rule (the NodePorts’) must stay last: insert before it (`-I KUBE-SERVICES 2`).',
    solution: [
      {
        device: 'node1',
        lines: [
          'iptables -t nat -N KUBE-SVC-KKDGWRPDK6Z5NCHS',
          'iptables -t nat -N KUBE-SEP-66J2QQFAYF25ERGS',
          'iptables -t nat -A KUBE-SEP-66J2QQFAYF25ERGS -m comment --comment default/api:http -s 10.244.0.4 -j KUBE-MARK-MASQ',
          'iptables -t nat -A KUBE-SEP-66J2QQFAYF25ERGS -m comment --comment default/api:http -m tcp -p tcp -j DNAT --to-destination 10.244.0.4:80',
          'iptables -t nat -A KUBE-SVC-KKDGWRPDK6Z5NCHS -m comment --comment "default/api:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 8080 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
          'iptables -t nat -A KUBE-SVC-KKDGWRPDK6Z5NCHS -m comment --comment "default/api:http -> 10.244.0.4:80" -j KUBE-SEP-66J2QQFAYF25ERGS',
          'iptables -t nat -I KUBE-SERVICES 2 -m comment --comment "default/api:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 8080 -j KUBE-SVC-KKDGWRPDK6Z5NCHS',
        ],
      },
    ],
  },
};

const EXT = 'KUBE-EXT-CDGGSHYLG3RE2FKL';
const SVC = 'KUBE-SVC-CDGGSHYLG3RE2FKL';
const SVL = 'KUBE-SVL-CDGGSHYLG3RE2FKL';

export const k8sNodePortIptables: Lesson = {
  name: 'k8s-nodeport-iptables',
  title: 'A NodePort from outside the cluster',
  summary: 'KUBE-NODEPORTS, KUBE-EXT and the masquerade mark: why the pod sees the node’s address, and what externalTrafficPolicy: Local changes.',
  steps: [
    { flow: 0, text: 'The laptop connects to node1’s own address, port 30080. In nat PREROUTING, KUBE-SERVICES finds no ClusterIP; its last rule, `-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`, catches anything for one of node1’s addresses. KUBE-NODEPORTS’ rule for --dport 30080 jumps to KUBE-EXT-CDGGSHYLG3RE2FKL, which (externalTrafficPolicy: Cluster) first jumps to KUBE-MARK-MASQ: `MARK --or-mark 0x4000`', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 0, text: 'then on to the service chain and the one endpoint’s KUBE-SEP chain, which DNATs to web, 10.244.1.2:80, on the other node', find: atPort('node1', 'eth0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { chain: 'KUBE-SEP-PBQ62IOVWGYEN623', target: 'DNAT' } }) },
    { flow: 0, text: 'node1 routes the new destination by flannel’s host-gw route, 10.244.1.0/24 via 192.168.0.3, back out of eth0. In filter FORWARD, KUBE-FORWARD accepts what carries the mark: `-m mark --mark 0x4000/0x4000 -j ACCEPT`', find: atPort('node1', 'eth0', 'hook', { code: 'nf_hook', table: 'filter', hook: 'FORWARD', rule: { chain: 'KUBE-FORWARD', line: 2, target: 'ACCEPT' } }) },
    { flow: 0, text: 'in nat POSTROUTING, KUBE-POSTROUTING clears the mark (`--xor-mark 0x4000`)…', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0x4000, after: 0 }) },
    { flow: 0, text: '…and masquerades: the SYN leaves with node1’s address, 192.168.0.2, and a port drawn by --random-fully. web sees node1 as its client, never the laptop', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.0.50') }, to: { addr: ip('192.168.0.2') } }) },
    { flow: 0, text: 'so web’s SYN-ACK goes to node1 and node2 forwards it there. Without the masquerade it would be addressed to 192.168.0.50, on node2’s own LAN: node2 would hand it straight to the laptop, bypassing node1, whose conntrack entry alone knows the DNAT. The laptop would get an answer from 10.244.1.2:80, a connection it never opened, and reset it', find: at('node2', 'forward', { code: 'forwarded', from: 'cni0', to: 'eth0' }) },
    { flow: 0, text: 'on node1, conntrack undoes both translations: the destination back to the laptop…', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: true, to: { addr: ip('192.168.0.50') } }) },
    { flow: 0, text: '…and the source back to 192.168.0.2:30080, the address the laptop connected to', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: true, to: { addr: ip('192.168.0.2'), port: 30080 } }) },
    { flow: 1, text: 'The laptop tries node2’s NodePort, where web itself runs. The rules are the same on every node, so KUBE-EXT marks this one too, and KUBE-POSTROUTING masquerades it to the address of the interface it leaves by: cni0’s 10.244.1.1', find: at('node2', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.0.50') }, to: { addr: ip('10.244.1.1') } }) },
    { flow: 1, text: 'web’s allow-list only takes the office LAN, 192.168.0.0/24: it resets a client at 10.244.1.1', find: at('node2/web', 'drop', { code: 'nf_drop', table: 'filter', hook: 'INPUT' }) },
    { flow: 1, text: 'and nc reports the refusal: exit 1', find: at('laptop', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Give default/web `externalTrafficPolicy: Local` on node2, as kube-proxy would write it, so that web sees the laptop’s own address: `nc -z -w 2 192.168.0.3 30080` on laptop must succeed.',
    on: 'laptop',
    run: 'nc -z -w 2 192.168.0.3 30080',
    flow: 1,
    hint: `With the Local policy kube-proxy sends outside traffic only to endpoints on the same node, so it has no reason to masquerade it. ${EXT} then marks only traffic from the node itself (\`-m addrtype --src-type LOCAL\`), lets pods (\`-s 10.244.0.0/16\`) go to ${SVC} as before, and sends the rest to a chain of local endpoints, ${SVL}, which jumps to the KUBE-SEP chain without the mark. Flush ${EXT} and rewrite it.`,
    solution: [
      {
        device: 'node2',
        lines: [
          `iptables -t nat -N ${SVL}`,
          `iptables -t nat -A ${SVL} -m comment --comment "default/web:http -> 10.244.1.2:80" -j KUBE-SEP-PBQ62IOVWGYEN623`,
          `iptables -t nat -F ${EXT}`,
          `iptables -t nat -A ${EXT} -m comment --comment "pod traffic for default/web:http external destinations" -s 10.244.0.0/16 -j ${SVC}`,
          `iptables -t nat -A ${EXT} -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
          `iptables -t nat -A ${EXT} -m comment --comment "route LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
          `iptables -t nat -A ${EXT} -j ${SVL}`,
        ],
      },
    ],
  },
};

export const k8sHairpinBroken: Lesson = {
  name: 'k8s-hairpin-broken',
  title: 'Hairpin: a pod reaching its own Service',
  summary: 'The DNAT sends web-a’s SYN back to web-a, out of the bridge port it came in by: without hairpin mode cni0 drops it.',
  state: 'broken',
  steps: [
    { flow: 0, text: 'The client pod reaches the Service as usual: KUBE-SERVICES, KUBE-SVC and the one endpoint’s KUBE-SEP chain DNAT its SYN to web-a, 10.244.0.3:80, and cni0 bridges it from the client’s port to web-a’s', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip('10.96.0.10'), port: 80 }, to: { addr: ip('10.244.0.3'), port: 80 } }) },
    { flow: 1, text: 'Now web-a connects to its own Service. Its SYN enters cni0 by its own port, veth7f0e4d91, and br_netfilter hands it to iptables', find: atPort('node1', 'veth7f0e4d91', 'hook', { code: 'brnf_call_iptables', bridge: 'cni0', port: 'veth7f0e4d91' }) },
    { flow: 1, text: 'KUBE-SEP’s first rule is written for exactly this case: `-s 10.244.0.3 -j KUBE-MARK-MASQ`, a packet from the endpoint itself is marked for masquerading', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 1, text: 'and its second rule DNATs it to 10.244.0.3:80: to web-a itself', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: false, to: { addr: ip('10.244.0.3'), port: 80 } }) },
    { flow: 1, text: 'the new destination is behind cni0, so br_netfilter readdresses the frame to web-a’s MAC and gives it back to the bridge', find: at('node1', 'route', { code: 'brnf_dnat_bridged', bridge: 'cni0' }) },
    { flow: 1, text: 'the FDB has web-a’s MAC on veth7f0e4d91, the port the frame came in by. A bridge never sends a frame back out of its ingress port unless that port is in hairpin mode (should_deliver): dropped, and the masquerade never happens', find: atPort('node1', 'veth7f0e4d91', 'drop', { code: 'bridge_hairpin_off', port: 'veth7f0e4d91' }) },
    { flow: 1, text: 'the retransmitted SYN dies the same way, and nc gives up after 2 s: exit 1', find: at('node1', 'process', { code: 'process_exit', status: 1 }) },
  ],
  question: {
    text: 'Let web-a reach its own Service: `ip netns exec web-a nc -z -w 2 10.96.0.10 80` on node1 must succeed.',
    on: 'node1',
    run: 'ip netns exec web-a nc -z -w 2 10.96.0.10 80',
    flow: 1,
    hint: 'kube-proxy’s rules are complete, masquerade included; the drop is cni0’s. The bridge plugin’s `"hairpinMode": true` turns on, for every pod’s port, the setting `bridge link` calls hairpin.',
    solution: [{ device: 'node1', lines: ['bridge link set dev veth7f0e4d91 hairpin on'], before: 'ip -n web-a addr add' }],
  },
};

export const k8sHairpinFixed: Lesson = {
  name: 'k8s-hairpin-fixed',
  title: 'Hairpin: a pod reaching its own Service (fixed)',
  summary: 'With hairpin mode the SYN goes back out of web-a’s own port, and KUBE-POSTROUTING masquerades it so the reply comes back through the node.',
  state: 'fixed',
  steps: [
    { flow: 1, text: 'web-a’s SYN is marked by KUBE-SEP’s `-s 10.244.0.3 -j KUBE-MARK-MASQ` and DNATed to web-a itself, as before', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: false, to: { addr: ip('10.244.0.3'), port: 80 } }) },
    { flow: 1, text: 'veth7f0e4d91 is in hairpin mode now: the bridge sends the frame back out of the port it came in by', find: atPort('node1', 'veth7f0e4d91', 'bridged', { code: 'bridge_hairpin', port: 'veth7f0e4d91' }) },
    { flow: 1, text: 'br_netfilter runs nat POSTROUTING on the bridged frame too: KUBE-POSTROUTING finds the mark, clears it…', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0x4000, after: 0 }) },
    { flow: 1, text: '…and masquerades it to cni0’s address: web-a sees a client at 10.244.0.1. Without this it would see itself, 10.244.0.3, as the client, and answer itself inside its own namespace: the answer would never pass the node, never be un-DNATed, and web-a’s nc, waiting for 10.96.0.10, would reset it', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip('10.244.0.3') }, to: { addr: ip('10.244.0.1') } }) },
    { flow: 1, text: 'web-a answers 10.244.0.1 through cni0; conntrack turns the destination back into web-a’s own address…', find: at('node1', 'nat', { code: 'nat', manip: 'dst', reply: true, to: { addr: ip('10.244.0.3') } }) },
    { flow: 1, text: '…and the source into the Service’s, 10.96.0.10:80, and the frame hairpins back out of the same port: web-a’s nc sees the answer it expects', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: true, to: { addr: ip('10.96.0.10'), port: 80 } }) },
    { flow: 1, text: 'nc exits 0', find: at('node1', 'process', { code: 'process_exit', status: 0 }) },
  ],
};

/*
 * kube-proxy's IPVS mode on the same node: the ClusterIP is an address of the node (on the
 * kube-ipvs0 dummy), IPVS takes the SYN at LOCAL_IN and its scheduler, not a random draw, picks
 * the endpoint. rr walks the real servers newest first (ip_vs_add_dest adds at the list's head).
 */

const VIP = '10.96.0.10';

export const k8sClusterIpIpvs: Lesson = {
  name: 'k8s-clusterip-ipvs',
  title: 'The same service in IPVS mode',
  summary: 'kube-ipvs0 holds the ClusterIP, IPVS’s virtual service picks the endpoint round robin and rewrites the destination; session affinity is `-p`.',
  steps: [
    { flow: 0, text: 'The client pod’s SYN for 10.96.0.10:80 goes to its gateway, cni0. nat PREROUTING jumps to KUBE-SERVICES, which has no rule per Service: its first rule marks sources outside 10.244.0.0/16 for masquerading (not this one), and its last, `-m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT`, finds the destination address and port in an ipset, 10.96.0.10,tcp:80, one hash lookup however many Services there are. No DNAT', find: atPort('node1', 'cni0', 'hook', { code: 'nf_hook', table: 'nat', hook: 'PREROUTING', rule: { chain: 'KUBE-SERVICES', line: 3, target: 'ACCEPT' } }) },
    { flow: 0, text: 'the route lookup finds 10.96.0.10 local: kube-proxy put it on kube-ipvs0, a dummy device it never sets up. The kernel adds an address’s local route whatever its device’s state, so the SYN is delivered to the node itself', find: at('node1', 'route', { code: 'input_local', dst: ip(VIP) }) },
    { flow: 0, text: 'at LOCAL_IN, IPVS looks the virtual service up by protocol, address and port (`ipvsadm -A -t 10.96.0.10:80 -s rr`) and its rr scheduler picks a real server. rr walks them newest first: web-b, 10.244.0.4, added last', find: at('node1', 'hook', { code: 'ipvs_schedule', service: `TCP ${VIP}:80`, dest: { addr: ip('10.244.0.4'), port: 80 } }) },
    { flow: 0, text: 'the real servers were added with `-m`, masquerading (NAT): IPVS rewrites the destination to 10.244.0.4:80 and sends the packet on, out of cni0 to web-b. The source stays the client’s, 10.244.0.2', find: at('node1', 'nat', { code: 'ipvs_nat', reply: false, to: { addr: ip('10.244.0.4'), port: 80 } }) },
    { flow: 0, text: 'web-b answers the client directly across the bridge. br_netfilter passes the SYN-ACK through the FORWARD hook, where IPVS finds its connection and puts 10.96.0.10:80 back as the source: the client sees the address it connected to', find: at('node1', 'nat', { code: 'ipvs_nat', reply: true, to: { addr: ip(VIP), port: 80 } }) },
    { flow: 0, text: 'the client’s ACK is not scheduled again: IPVS finds the connection in its own table (as conntrack does for iptables’ DNAT) and sends it to the same real server', find: at('node1', 'hook', { code: 'ipvs_conn', dest: { addr: ip('10.244.0.4'), port: 80 } }) },
    { flow: 1, text: 'Two connections in a row. The first goes to web-b, as before…', find: at('node1', 'hook', { code: 'ipvs_schedule', dest: { addr: ip('10.244.0.4') } }) },
    { flow: 1, text: '…the second is a new connection, so the scheduler runs again, and round robin moves on to web-a, 10.244.0.3. No draw: the order is fixed, one endpoint after the other', find: at('node1', 'hook', { code: 'ipvs_schedule', dest: { addr: ip('10.244.0.3') } }) },
    { flow: 1, text: '`ipvsadm -L -n` prints the virtual service with its scheduler and each real server with its forwarding method (Masq), weight and connections: one each, inactive (closed, in TIME_WAIT for two minutes)', find: at('node1', 'process', { code: 'process_exit', program: 'ipvsadm', status: 0 }) },
    { flow: 2, text: 'The node itself connects to the Service. 10.96.0.10 is one of its own addresses, so the kernel picks it as the source as well. KUBE-SERVICES’s first rule, `! -s 10.244.0.0/16 … --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`, marks it', find: at('node1', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 2, text: 'IPVS catches a locally sent packet at LOCAL_OUT and NATs it to web-b as before; it is routed again, out of cni0', find: at('node1', 'nat', { code: 'ipvs_nat', reply: false }) },
    { flow: 2, text: 'KUBE-POSTROUTING finds the mark and masquerades: the source 10.96.0.10, which web-b would send to its gateway as any other Service address, becomes cni0’s own 10.244.0.1, an address web-b answers on the bridge', find: at('node1', 'nat', { code: 'nat', manip: 'src', reply: false, from: { addr: ip(VIP) }, to: { addr: ip('10.244.0.1') } }) },
    { flow: 3, text: 'The question’s check: the same two connections, then grep looks for a real server that took both (`Masq 1 0 2`). Round robin split them, so grep finds none and exits 1', find: at('node1', 'process', { code: 'process_exit', program: 'grep', status: 1 }) },
  ],
  question: {
    text: 'Give default/web `sessionAffinity: ClientIP`, as kube-proxy does in IPVS mode, so that each client sticks to one pod: after two connections from the client, one real server must have taken both.',
    on: 'node1',
    run: `ip netns exec client nc -z -w 2 ${VIP} 80; ip netns exec client nc -z -w 2 ${VIP} 80; ipvsadm -L -n | grep -E 'Masq +1 +0 +2'`,
    flow: 3,
    hint: 'IPVS calls session affinity persistence: a persistent service (`-p TIMEOUT`) keeps a template per client address and sends every new connection from it to the same real server until the template expires. kube-proxy edits the virtual service (`ipvsadm -E`, with its address, port and scheduler) and gives it the affinity’s timeout, 10800 s by default.',
    solution: [{ device: 'node1', lines: [`ipvsadm -E -t ${VIP}:80 -s rr -p 10800`] }],
  },
};

/*
 * One Service with ten endpoints, from a node in each mode. The iptables node's draws are the
 * seeded generator's; the steps point at the first draw and at the one that matched, whichever.
 */

const MANY_SVC = 'KUBE-SVC-CDGGSHYLG3RE2FKL';

export const k8sManyEndpoints: Lesson = {
  name: 'k8s-many-endpoints',
  title: 'Why large clusters leave iptables',
  summary: 'Ten endpoints: iptables mode tries one `statistic` rule after another, IPVS makes one lookup; and IPVS keeps sending to a deleted pod until kube-proxy removes it.',
  steps: [
    { flow: 0, text: 'node_ipt (kube-proxy in iptables mode) connects to default/web, 10.96.0.10:80. nat OUTPUT jumps to KUBE-SERVICES, which tries its rules one by one, one per Service port (here only one), and jumps to KUBE-SVC-CDGGSHYLG3RE2FKL. Its first rule marks the node’s source, outside 10.244.0.0/16, for masquerading', find: at('node_ipt', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 0, text: 'then one rule per endpoint, in order. Rule 2 takes web-a, 10.244.2.2, with probability 1/10: kube-proxy writes 0.1000000000, the kernel keeps it as a fraction of 2³¹, and iptables prints that back as 0.10000000009', find: at('node_ipt', 'rule-match', { code: 'nf_statistic', probability: '0.10000000009' }) },
    { flow: 0, text: 'a rule that does not match passes the packet to the next, which draws among the endpoints left: 1/9, 1/8, … 1/2; the last rule takes the rest without a draw. Each endpoint gets a tenth of the connections, but a connection is tested against up to ten rules before one matches, a thousand with a thousand endpoints. This is the draw that matched', find: at('node_ipt', 'rule-match', { code: 'nf_statistic', matched: true }) },
    { flow: 0, text: 'its KUBE-SEP chain DNATs to that endpoint. Only a connection’s first packet passes the nat table: conntrack handles the rest, so the cost is paid once per connection, and again for every rule change, when kube-proxy rewrites the chain', find: at('node_ipt', 'nat', { code: 'nat', manip: 'dst', reply: false, from: { addr: ip(VIP), port: 80 } }) },
    { flow: 0, text: '`iptables -L -v` counts the packets a rule took, not those it tested: after two connections rule 1 (the mark) took both and two endpoint rules one each; every rule above a taken one tested it too. (kube-proxy also gives each KUBE-SEP chain a rule for a pod reaching itself, left out here to keep the share link short.)', find: at('node_ipt', 'process', { code: 'process_exit', program: 'iptables', status: 0 }) },
    { flow: 1, text: 'node_ipvs (IPVS mode) connects to the same Service. Its KUBE-SERVICES keeps the same few rules however many Services there are: the KUBE-CLUSTER-IP ipset, a hash, holds every ClusterIP and port. Its source is 10.96.0.10 itself, so it is marked for masquerading', find: at('node_ipvs', 'rule-match', { code: 'nf_mark', before: 0, after: 0x4000 }) },
    { flow: 1, text: 'IPVS finds the virtual service with one hash lookup of protocol, address and port, and rr names the next real server: no rule per endpoint, the same work with ten endpoints or ten thousand, and a new endpoint is one `ipvsadm -a`, not a rewritten chain', find: at('node_ipvs', 'hook', { code: 'ipvs_schedule', service: `TCP ${VIP}:80` }) },
    { flow: 1, text: 'the second connection goes to the next real server in turn', find: at('node_ipvs', 'hook', { code: 'ipvs_schedule', dest: { addr: ip('10.244.2.10') } }) },
    { flow: 1, text: '`ipvsadm -L -n --stats` counts per virtual service and per real server: connections, packets and bytes in and out. Note 10.244.2.12 among the real servers: web-k, which node_ipt no longer has', find: at('node_ipvs', 'process', { code: 'process_exit', program: 'ipvsadm', status: 0 }) },
    { flow: 2, text: 'Three connections in a row. The third goes to 10.244.2.12: web-k’s pod was deleted, and node_ipvs’s kube-proxy has not caught up. IPVS does not check its real servers: it schedules whatever it is given', find: at('node_ipvs', 'hook', { code: 'ipvs_schedule', dest: { addr: ip('10.244.2.12') } }) },
    { flow: 2, text: 'nothing holds 10.244.2.12 any more: node3 has no route for it and drops the SYN, and its retransmission', find: at('node3', 'drop', { code: 'input_route' }) },
    { flow: 2, text: 'nc gives up after 2 s: exit 1, and `&&` stops there', find: at('node_ipvs', 'process', { code: 'process_exit', program: 'nc', status: 1 }) },
  ],
  question: {
    text: 'Do what node_ipvs’s kube-proxy will do once it sees web-k gone: take 10.244.2.12 out of the virtual service, so that three connections in a row succeed.',
    on: 'node_ipvs',
    run: `nc -z -w 2 ${VIP} 80 && nc -z -w 2 ${VIP} 80 && nc -z -w 2 ${VIP} 80`,
    flow: 2,
    hint: `In IPVS mode that is one change, \`ipvsadm -d\` with the virtual service (\`-t ${VIP}:80\`) and the real server (\`-r\`). In iptables mode kube-proxy rewrites the Service’s whole ${MANY_SVC} chain: with one endpoint fewer, every probability before it changes. (A terminating pod first gets weight 0, \`ipvsadm -e … -m -w 0\`, so that its open connections can finish while new ones go elsewhere: that answers too.)`,
    solution: [{ device: 'node_ipvs', lines: [`ipvsadm -d -t ${VIP}:80 -r 10.244.2.12:80`] }],
  },
};
