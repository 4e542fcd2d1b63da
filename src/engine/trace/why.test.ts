import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import type { Ipv4Packet } from '../wire/types';
import type { Reason, ReasonCode, ReasonOf, RouteFailure } from './reason';
import { reasonText, routeFailureText, sameReason, why } from './why';

const ip = (text: string) => parseIp4(text)!;
const peer = { addr: ip('10.0.0.2'), port: 80 };
const pkt = (src: string, dst: string): Ipv4Packet => ({ kind: 'ipv4', tos: 0, id: 1, df: false, ttl: 64, src: ip(src), dst: ip(dst), payload: { kind: 'icmp', type: 8, code: 0, id: 7, seq: 1 } });

/*
 * Every reason code with the sentence the trace has always shown for it (the words learners,
 * lessons' pictures and the e2e tests know). The table is typed by code: a new code does not
 * compile until it has a line here, as reasonText's switch does not compile without its case.
 */
const SENTENCES: { [C in ReasonCode]: [ReasonOf<C>, string][] } = {
  frame_sent: [[{ code: 'frame_sent', dev: 'eth0', to: 'ff:ff:ff:ff:ff:ff' }, 'sent on eth0 to ff:ff:ff:ff:ff:ff']],
  frame_received: [[{ code: 'frame_received', dev: 'eth1', from: '02:00:00:00:00:01' }, 'received on eth1 from 02:00:00:00:00:01']],
  vxlan_encap: [
    [{ code: 'vxlan_encap', dev: 'vx0', vni: 42, remote: ip('192.168.1.2'), port: 4789 }, 'vx0 sends the frame to 192.168.1.2 inside UDP to port 4789, VNI 42'],
    [{ code: 'vxlan_encap', dev: 'flannel.1', vni: 1, remote: ip('10.0.2.12'), port: 8472, fdb: '02:f1:00:00:00:02' }, "flannel.1's FDB entry for 02:f1:00:00:00:02 says 10.0.2.12: the frame goes there inside UDP to port 8472, VNI 1"],
    [{ code: 'vxlan_encap', dev: 'vx0', vni: 42, remote: ip('192.168.3.3'), port: 4789, fdb: '00:00:00:00:00:00' }, "vx0's FDB default entry (00:00:00:00:00:00) says 192.168.3.3: the frame goes there inside UDP to port 4789, VNI 42"],
  ],
  vxlan_decap: [[{ code: 'vxlan_decap', dev: 'vx0', vni: 42, remote: ip('192.168.1.1') }, 'the VXLAN datagram from 192.168.1.1 carries a frame for vx0 (VNI 42)']],
  vxlan_drop: [
    [{ code: 'vxlan_drop', dev: 'vx0', detail: 'no_fdb', mac: '02:00:00:00:0b:01' }, 'vx0 has no FDB entry for 02:00:00:00:0b:01 and no default (00:00:00:00:00:00) entry: the frame is dropped'],
    [{ code: 'vxlan_drop', dev: 'vx0', detail: 'circular_route' }, 'the route to the remote VTEP leads back into vx0: the frame is dropped'],
    [{ code: 'vxlan_drop', dev: 'vx0', detail: 'own_mac', mac: '02:00:00:00:0a:01' }, "the frame comes from vx0's own address 02:00:00:00:0a:01: a loop, dropped"],
    [{ code: 'vxlan_drop', dev: 'vx0', detail: 'static_moved', mac: '02:00:00:00:0b:01' }, '02:00:00:00:0b:01 is a static entry of vx0 at another VTEP: the frame is dropped'],
    [{ code: 'vxlan_drop', dev: '', detail: 'no_vni', vni: 7 }, 'no VXLAN device has VNI 7: the datagram is dropped'],
  ],
  link_down: [
    [{ code: 'link_down', dev: 'eth0', up: false }, 'eth0 is down; the frame is dropped'],
    [{ code: 'link_down', dev: 'eth0', up: true }, 'eth0 is without carrier; the frame is dropped'],
  ],
  otherhost: [[{ code: 'otherhost', dev: 'eth0', dst: '02:00:00:00:00:09', mac: '02:00:00:00:00:01' }, "frame for 02:00:00:00:00:09, not eth0's 02:00:00:00:00:01"]],
  vlan_no_device: [[{ code: 'vlan_no_device', dev: 'eth0', vid: 20 }, 'tagged for VLAN 20, but eth0 has no vlan device for it; the frame is dropped']],
  upper_down: [[{ code: 'upper_down', dev: 'mv0', lower: 'eth0', kind: 'macvlan' }, 'for mv0, the macvlan on eth0, which is down; the frame is dropped']],
  macvlan_rx: [[{ code: 'macvlan_rx', dev: 'mv1', lower: 'eth0', mac: '02:42:c0:a8:01:32' }, "for 02:42:c0:a8:01:32, the address of mv1: eth0's macvlan handler gives the frame to mv1, not to eth0's own stack"]],
  macvlan_broadcast: [
    [{ code: 'macvlan_broadcast', dev: 'mv2', lower: 'eth0' }, "a broadcast on eth0: its macvlan port gives mv2 a copy (every macvlan gets one, and eth0's own stack)"],
    [{ code: 'macvlan_broadcast', dev: 'mv2', lower: 'eth0', from: 'mv1' }, "a broadcast from mv1, mv2's bridge-mode sibling on eth0: mv2 gets a copy straight from it"],
  ],
  macvlan_bridge: [[{ code: 'macvlan_bridge', dev: 'mv1', to: 'mv2', lower: 'eth0', mac: '02:42:c0:a8:01:33' }, "02:42:c0:a8:01:33 is mv2's, mv1's sibling in bridge mode: the frame goes to it through eth0's receive path, never onto eth0's wire"]],
  bridge_loop: [[{ code: 'bridge_loop', times: 8 }, 'bridge loop: this frame has come back to this switch 8 times (no STP): a broadcast storm']],
  fdb_learn: [[{ code: 'fdb_learn', mac: '02:00:00:00:00:01', port: 'p1' }, '02:00:00:00:00:01 is behind p1']],
  bridge_same_port: [[{ code: 'bridge_same_port', mac: '02:00:00:00:00:01', port: 'p1' }, '02:00:00:00:00:01 is behind p1, the port it came in on']],
  bridged: [[{ code: 'bridged', mac: '02:00:00:00:00:01', port: 'p2' }, '02:00:00:00:00:01 was learned on p2']],
  bridge_hairpin: [[{ code: 'bridge_hairpin', mac: '02:00:00:00:00:01', port: 'p1' }, '02:00:00:00:00:01 is behind p1, the port it came in on: hairpin mode sends it back out there']],
  bridge_hairpin_off: [[{ code: 'bridge_hairpin_off', mac: '02:00:00:00:00:01', port: 'p1' }, 'DNAT sends this frame to 02:00:00:00:00:01, behind p1, the port it came in by: without hairpin mode on p1 the bridge drops it']],
  brnf_call_iptables: [[{ code: 'brnf_call_iptables', bridge: 'br0', port: 'eth0' }, 'br_netfilter is loaded and net.bridge.bridge-nf-call-iptables is 1: this IPv4 frame, bridged by br0 from eth0, passes iptables with br0 as its interface']],
  brnf_dnat_bridged: [[{ code: 'brnf_dnat_bridged', dst: 0x0a000002, bridge: 'br0' }, 'DNAT made the destination 10.0.0.2, routed out of br0 itself: the frame is bridged again to its new owner']],
  brnf_dnat_routed: [[{ code: 'brnf_dnat_routed', dst: 0x0a000002, bridge: 'br0' }, "DNAT made the destination 10.0.0.2, not routed out of br0: the frame goes up to br0's IP stack"]],
  flooded: [
    [{ code: 'flooded', mac: 'ff:ff:ff:ff:ff:ff', broadcast: true, ports: ['p2', 'p3'] }, 'ff:ff:ff:ff:ff:ff is broadcast: flooded to p2, p3'],
    [{ code: 'flooded', mac: '02:00:00:00:00:01', broadcast: false, ports: [] }, '02:00:00:00:00:01 is not in the forwarding database: flooded to no other port'],
  ],
  arp_request: [[{ code: 'arp_request', target: ip('192.168.1.3'), sender: ip('192.168.1.2') }, 'who has 192.168.1.3? tell 192.168.1.2']],
  arp_reply: [[{ code: 'arp_reply', sender: ip('192.168.1.3'), mac: '02:00:00:00:00:03' }, '192.168.1.3 is at 02:00:00:00:00:03']],
  arp_ignore: [
    [{ code: 'arp_ignore', mode: 1, target: ip('10.0.0.1'), dev: 'eth0' }, 'no ARP reply: 10.0.0.1 is not configured on eth0 (arp_ignore 1)'],
    [{ code: 'arp_ignore', mode: 2, target: ip('10.0.0.1'), dev: 'eth0' }, "no ARP reply: 10.0.0.1 is not on eth0 in the sender's subnet (arp_ignore 2)"],
    [{ code: 'arp_ignore', mode: 3, target: ip('10.0.0.1'), dev: 'eth0' }, 'no ARP reply: scope host address (arp_ignore 3)'],
    [{ code: 'arp_ignore', mode: 8, target: ip('10.0.0.1'), dev: 'eth0' }, 'no ARP reply: arp_ignore 8'],
  ],
  arp_route: [[{ code: 'arp_route', route: { code: 'rp_filter', src: ip('10.0.0.9'), dev: 'eth0' } }, 'no ARP reply: reverse path filter: the route back to 10.0.0.9 does not leave by eth0']],
  proxy_arp: [[{ code: 'proxy_arp', target: ip('10.0.1.5'), dev: 'eth0', delayMs: 312 }, 'proxy ARP for 10.0.1.5 (proxy_arp on eth0); reply delayed 312 ms (proxy_delay)']],
  arping_request: [[{ code: 'arping_request', target: ip('10.0.0.1') }, "arping: who has 10.0.0.1? (from a packet socket; the kernel's ARP table is not involved)"]],
  neigh_state: [
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'INCOMPLETE', cause: { code: 'no_entry', ip: ip('10.0.0.1'), dev: 'eth0' } }, '10.0.0.1 is now INCOMPLETE: no ARP entry for 10.0.0.1 on eth0'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'FAILED', cause: { code: 'probes_failed', probes: 3 } }, '10.0.0.1 is now FAILED: no reply to 3 ARP probes'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'STALE', mac: '02:00:00:00:00:01', cause: { code: 'learned_request', from: ip('10.0.0.1') } }, "10.0.0.1 is now STALE at 02:00:00:00:00:01: learned from 10.0.0.1's ARP request"],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'REACHABLE', mac: '02:00:00:00:00:01', cause: { code: 'arp_reply', from: ip('10.0.0.1') } }, '10.0.0.1 is now REACHABLE at 02:00:00:00:00:01: ARP reply from 10.0.0.1'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'STALE', mac: '02:00:00:00:00:01', cause: { code: 'arp_request', from: ip('10.0.0.1') } }, '10.0.0.1 is now STALE at 02:00:00:00:00:01: ARP request from 10.0.0.1'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'DELAY', cause: { code: 'stale_used' } }, '10.0.0.1 is now DELAY: a stale entry was used; reachability will be confirmed'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'STALE', cause: { code: 'reachable_time' } }, '10.0.0.1 is now STALE: reachable_time passed since the last confirmation'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'REACHABLE', cause: { code: 'confirmed' } }, '10.0.0.1 is now REACHABLE: confirmed during the delay'],
    [{ code: 'neigh_state', ip: ip('10.0.0.1'), state: 'PROBE', cause: { code: 'first_probe_time' } }, '10.0.0.1 is now PROBE: not confirmed within delay_first_probe_time'],
  ],
  neigh_queue: [[{ code: 'neigh_queue', ip: ip('10.0.0.1') }, 'waiting for ARP to resolve 10.0.0.1; packet queued']],
  neigh_permanent: [[{ code: 'neigh_permanent', ip: ip('10.244.1.0'), mac: '02:f1:00:00:00:02', dev: 'flannel.1' }, '10.244.1.0 is at 02:f1:00:00:00:02 on flannel.1: a permanent neighbour entry, so no ARP']],
  neigh_failed: [[{ code: 'neigh_failed', nexthop: ip('10.0.0.1') }, 'ARP for 10.0.0.1 failed: the packet is dropped with host unreachable']],
  output_local: [[{ code: 'output_local', dst: ip('127.0.0.1') }, '127.0.0.1 is local: through lo']],
  output_route: [
    [{ code: 'output_route', route: '192.168.1.0/24 dev eth0', redirected: false }, 'output route: 192.168.1.0/24 dev eth0'],
    [{ code: 'output_route', route: 'default via 192.168.1.1 dev eth0', gateway: ip('192.168.1.1'), redirected: false }, 'output route: default via 192.168.1.1 dev eth0, next hop 192.168.1.1'],
    [{ code: 'output_route', route: 'default via 192.168.1.1 dev eth0', gateway: ip('192.168.1.9'), redirected: true }, 'output route: default via 192.168.1.1 dev eth0, next hop 192.168.1.9 (an ICMP redirect said so)'],
  ],
  reroute_failed: [[{ code: 'reroute_failed', route: { code: 'no_route', input: false } }, 're-routing after OUTPUT failed: no route']],
  rerouted: [[{ code: 'rerouted', route: '192.168.1.0/24 dev eth1' }, 'routed again after OUTPUT changed the packet: 192.168.1.0/24 dev eth1']],
  no_route: [[{ code: 'no_route', dst: ip('8.8.8.8'), route: { code: 'unreachable' } }, 'no route to 8.8.8.8: unreachable route']],
  input_route: [[{ code: 'input_route', route: { code: 'no_route', input: true } }, 'input route: no route to the destination']],
  input_forward: [[{ code: 'input_forward', route: 'default via 10.0.0.1 dev eth0' }, 'not for this box: forward by default via 10.0.0.1 dev eth0']],
  input_local: [[{ code: 'input_local', dst: ip('10.0.0.1'), route: 'local 10.0.0.1 dev eth0 table local' }, '10.0.0.1 is local: deliver (local 10.0.0.1 dev eth0 table local)']],
  input_broadcast: [[{ code: 'input_broadcast', dst: ip('255.255.255.255') }, '255.255.255.255 is a broadcast address: deliver locally']],
  not_forwarded_otherhost: [[{ code: 'not_forwarded_otherhost' }, 'not forwarded: the frame was not addressed to this box']],
  ttl_expired: [[{ code: 'ttl_expired', ttl: 1 }, 'TTL 1 would reach 0: dropped, ICMP time exceeded sent back']],
  forwarded: [
    [{ code: 'forwarded', from: 'eth1', to: 'eth0', ttl: 64 }, 'forwarded from eth1 to eth0, TTL 64 → 63'],
    [{ code: 'forwarded', from: 'eth1', to: 'eth0', gateway: ip('10.0.0.1'), ttl: 64 }, 'forwarded from eth1 to eth0 via 10.0.0.1, TTL 64 → 63'],
  ],
  icmp_sent: [
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 3, code: 3, original: pkt('10.0.0.2', '10.0.0.1') } }, 'ICMP destination unreachable (port) about 10.0.0.2 → 10.0.0.1'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 3, code: 15 } }, 'ICMP destination unreachable (code 15)'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 11, code: 0 } }, 'ICMP time exceeded in transit'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 5, code: 1, gateway: ip('10.0.0.9'), original: pkt('10.0.0.2', '8.8.8.8') } }, 'ICMP redirect: use 10.0.0.9 for 8.8.8.8'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 8, code: 0, id: 7, seq: 1 } }, 'ICMP echo request id 7 seq 1'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 0, code: 0, id: 7, seq: 1 } }, 'ICMP echo reply id 7 seq 1'],
    [{ code: 'icmp_sent', message: { kind: 'icmp', type: 13, code: 0 } }, 'ICMP type 13 code 0'],
  ],
  icmp_ratelimit: [[{ code: 'icmp_ratelimit', type: 3, dst: ip('10.0.0.2') }, 'ICMP type 3 to 10.0.0.2 suppressed by the rate limit (icmp_ratelimit)']],
  icmp_ratelimit_redirect: [[{ code: 'icmp_ratelimit_redirect', type: 3, dst: ip('10.0.0.2') }, "ICMP type 3 to 10.0.0.2 not sent: the ICMP redirect for this same packet just used 10.0.0.2's rate-limit token (ip_rt_send_redirect shares it with icmp_ratelimit)"]],
  redirect_nat: [[{ code: 'redirect_nat' }, 'no ICMP redirect although the packet leaves by the interface it came in on: NAT is active on this box']],
  redirect_ignored: [
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'not_network_or_host', icmpCode: 4 } }, 'ICMP redirect from 10.0.0.1 ignored: code 4 is not a redirect for a network or host'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'not_routed_via', dst: ip('8.8.8.8'), gateway: ip('10.0.0.1') } }, 'ICMP redirect from 10.0.0.1 ignored: 8.8.8.8 is not routed through 10.0.0.1, so it may not redirect it'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'same_gateway' } }, 'ICMP redirect from 10.0.0.1 ignored: the new gateway is the old one'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'accept_redirects_off', dev: 'eth0' } }, 'ICMP redirect from 10.0.0.1 ignored: accept_redirects is off for eth0'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'bad_gateway', gateway: ip('0.0.0.0') } }, 'ICMP redirect from 10.0.0.1 ignored: 0.0.0.0 cannot be a gateway'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'not_onlink', gateway: ip('10.9.0.1'), dev: 'eth0', oldGateway: ip('10.0.0.1') } }, "ICMP redirect from 10.0.0.1 ignored: 10.9.0.1 is not on eth0's subnet with 10.0.0.1 (shared_media 0)"],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'not_a_route_gateway', gateway: ip('10.0.0.9'), dev: 'eth0' } }, 'ICMP redirect from 10.0.0.1 ignored: 10.0.0.9 is not a gateway of any route on eth0 (secure_redirects)'],
    [{ code: 'redirect_ignored', from: ip('10.0.0.1'), cause: { code: 'not_unicast', gateway: ip('10.0.0.255') } }, 'ICMP redirect from 10.0.0.1 ignored: 10.0.0.255 is not a unicast address'],
  ],
  redirect_pending: [[{ code: 'redirect_pending', from: ip('10.0.0.1'), gateway: ip('10.0.0.9') }, "ICMP redirect from 10.0.0.1: 10.0.0.9's MAC is not known yet, so only ARP for it starts; packets keep going to 10.0.0.1"]],
  redirect_accepted: [[{ code: 'redirect_accepted', dst: ip('8.8.8.8'), gateway: ip('10.0.0.9'), from: ip('10.0.0.1') }, 'ICMP redirect accepted: packets to 8.8.8.8 now go to 10.0.0.9 instead of 10.0.0.1 (a route exception for 300 s)']],
  echo_reply: [[{ code: 'echo_reply', from: ip('8.8.8.8') }, 'echo request answered from 8.8.8.8']],
  echo_reply_no_route: [[{ code: 'echo_reply_no_route', dst: ip('10.0.0.2'), route: { code: 'prohibit' } }, 'no route back to 10.0.0.2 for the echo reply: prohibit route']],
  nf_hook: [
    [{ code: 'nf_hook', table: 'nat', hook: 'POSTROUTING', policy: 'ACCEPT' }, 'nat POSTROUTING: no rule decided; policy ACCEPT'],
    [{ code: 'nf_hook', table: 'nat', hook: 'POSTROUTING', rule: { line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' }, policy: 'ACCEPT' }, 'nat POSTROUTING: rule 2 of POSTROUTING matched: MASQUERADE'],
  ],
  nf_drop: [
    [{ code: 'nf_drop', table: 'filter', hook: 'FORWARD', rule: { line: 1, chain: 'wan', target: 'DROP' }, policy: 'ACCEPT' }, 'filter FORWARD: rule 1 of wan matched: DROP (dropped)'],
    [{ code: 'nf_drop', table: 'filter', hook: 'INPUT', policy: 'DROP' }, 'filter INPUT: no rule decided; policy DROP'],
  ],
  nft_trace: [
    [{ code: 'nft_trace', id: 0x2bc04d41, family: 'inet', table: 'trace', chain: 'pre', handle: 2, verdict: 'continue' }, 'nft trace 2bc04d41: inet trace pre rule handle 2 (verdict continue)'],
    [{ code: 'nft_trace', id: 0x2bc04d41, family: 'inet', table: 'trace', chain: 'pre', policy: 'accept' }, 'nft trace 2bc04d41: inet trace pre policy accept'],
  ],
  nft_chain: [
    [{ code: 'nft_chain', family: 'inet', table: 'fw', chain: 'early', hook: 'input', rule: { chain: 'early', handle: 2, verdict: 'accept' }, policy: 'accept' }, 'nft inet fw early (hook input): rule handle 2 decided: accept (the next chain at this hook still runs)'],
    [{ code: 'nft_chain', family: 'ip', table: 'nat', chain: 'prerouting', hook: 'prerouting', policy: 'accept' }, 'nft ip nat prerouting (hook prerouting): no rule decided; policy accept'],
  ],
  nft_drop: [
    [{ code: 'nft_drop', family: 'inet', table: 'f', chain: 'forward', hook: 'forward', rule: { chain: 'web', handle: 9, verdict: 'drop' }, policy: 'drop' }, 'nft inet f forward (hook forward): rule handle 9 in web decided: drop (dropped)'],
    [{ code: 'nft_drop', family: 'inet', table: 'fw', chain: 'input', hook: 'input', policy: 'drop' }, 'nft inet fw input (hook input): no rule decided; policy drop (dropped)'],
  ],
  nf_log: [[{ code: 'nf_log', line: 'in: IN=eth0 OUT= SRC=10.0.0.2 DST=10.0.0.1 LEN=84 ' }, 'LOG (kernel log, see dmesg): in: IN=eth0 OUT= SRC=10.0.0.2 DST=10.0.0.1 LEN=84']],
  nf_mark: [
    [{ code: 'nf_mark', before: 0, after: 0xffffffff }, 'MARK: packet mark 0x0 → 0xffffffff'],
    [{ code: 'nf_mark', before: 0, after: 0x2a, nft: true }, 'meta mark set: packet mark 0x0 → 0x2a'],
  ],
  nf_statistic: [
    [{ code: 'nf_statistic', probability: '0.50000000000', negated: false, matched: true }, 'statistic --mode random --probability 0.50000000000: matched, this rule is taken (the chance of a match is 0.50000000000, drawn afresh for each packet)'],
    [{ code: 'nf_statistic', probability: '0.33333333349', negated: true, matched: false }, 'statistic --mode random ! --probability 0.33333333349: no match, on to the next rule (the chance of a match is 1 − 0.33333333349, drawn afresh for each packet)'],
  ],
  nft_numgen: [
    [{ code: 'nft_numgen', mode: 'random', mod: 2, offset: 0, value: 1 }, 'numgen random mod 2: drew 1 (each of 0…1 equally likely, drawn afresh for each packet)'],
    [{ code: 'nft_numgen', mode: 'inc', mod: 3, offset: 10, value: 12 }, "numgen inc mod 3 offset 10: 12 (the rule's counter, one more for each packet, wraps within 10…12)"],
  ],
  nf_connmark: [
    [{ code: 'nf_connmark', restore: true, mark: 1 }, 'CONNMARK --restore-mark: packet mark ← connection mark 0x1'],
    [{ code: 'nf_connmark', restore: false, mark: 2 }, 'CONNMARK: connection mark is now 0x2'],
    [{ code: 'nf_connmark', restore: false, mark: 7, nft: true }, 'ct mark set: connection mark is now 0x7'],
  ],
  nf_ttl: [[{ code: 'nf_ttl', before: 63, after: 9 }, 'TTL: 63 → 9 (the header checksum follows)']],
  nf_tos: [[{ code: 'nf_tos', target: 'DSCP', before: 0x01, after: 0xb9 }, 'DSCP: TOS byte 0x01 → 0xb9 (DSCP 46, ECN bits kept by DSCP)']],
  nf_tcpmss: [
    [{ code: 'nf_tcpmss', old: 1460, mss: 1360 }, 'TCPMSS: MSS option 1460 → 1360'],
    [{ code: 'nf_tcpmss', mss: 536 }, 'TCPMSS: the segment had no MSS option; one of 536 is added'],
  ],
  nf_tcpmss_bad_pmtu: [[{ code: 'nf_tcpmss_bad_pmtu', mtu: 40 }, 'TCPMSS: unknown or invalid path-MTU (40): the segment is dropped']],
  nf_checksum_fill: [[{ code: 'nf_checksum_fill' }, 'CHECKSUM --checksum-fill: the checksum left to the device is computed now']],
  nf_notrack: [
    [{ code: 'nf_notrack' }, 'CT --notrack: conntrack leaves this packet alone (state UNTRACKED: no entry, no NAT)'],
    [{ code: 'nf_notrack', nft: true }, 'notrack: conntrack leaves this packet alone (ct state untracked: no entry, no NAT)'],
  ],
  nf_classify: [[{ code: 'nf_classify', priority: 0x10010 }, 'CLASSIFY: skb priority 1:10 (the tc class)']],
  masquerade_no_address: [[{ code: 'masquerade_no_address', dev: 'eth0' }, 'MASQUERADE: eth0 has no address to use']],
  reject_tcp_reset: [[{ code: 'reject_tcp_reset' }, 'REJECT --reject-with tcp-reset: a RST answers the segment']],
  nat: [
    [{ code: 'nat', manip: 'src', reply: false, from: { addr: ip('192.168.1.2') }, to: { addr: ip('50.60.70.80') } }, 'SNAT: source 192.168.1.2 → 50.60.70.80'],
    [{ code: 'nat', manip: 'dst', reply: false, from: { addr: ip('50.60.70.80'), port: 8080 }, to: { addr: ip('192.168.1.2'), port: 80 } }, 'DNAT: destination 50.60.70.80:8080 → 192.168.1.2:80'],
    [{ code: 'nat', manip: 'src', reply: true, from: { addr: ip('192.168.1.2'), port: 80 }, to: { addr: ip('50.60.70.80'), port: 8080 } }, 'un-NAT of a reply: source 192.168.1.2:80 → 50.60.70.80:8080'],
  ],
  ct_reopen: [[{ code: 'ct_reopen' }, 'conntrack: a SYN reopens a connection in TIME_WAIT: the old entry is deleted and the SYN starts a new one']],
  ct_new: [[{ code: 'ct_new', proto: 'tcp' }, 'conntrack: first packet of a new tcp connection (NEW)']],
  ct_known: [
    [{ code: 'ct_known', reply: true, established: true, tcpState: 'SYN_RECV' }, 'conntrack: reply to a known connection (ESTABLISHED, SYN_RECV)'],
    [{ code: 'ct_known', reply: false, established: false }, 'conntrack: more of a known connection (NEW)'],
  ],
  ct_confirmed: [[{ code: 'ct_confirmed' }, 'conntrack: the connection is confirmed and enters the table']],
  ipvs_schedule: [
    [{ code: 'ipvs_schedule', service: 'TCP 10.0.0.100:80', scheduler: 'rr', dest: { addr: 0x0a000102, port: 8080 }, fwd: 'Masq', persistent: false }, 'IPVS: a new connection to TCP 10.0.0.100:80; the rr scheduler chose real server 10.0.1.2:8080 (Masq)'],
    [{ code: 'ipvs_schedule', service: 'TCP 10.0.0.100:80', scheduler: 'wlc', dest: { addr: 0x0a000102, port: 80 }, fwd: 'Route', persistent: true }, "IPVS: a new connection to TCP 10.0.0.100:80; the wlc scheduler (or the client's persistence template) chose real server 10.0.1.2:80 (Route)"],
  ],
  ipvs_conn: [[{ code: 'ipvs_conn', dest: { addr: 0x0a000102, port: 80 }, fwd: 'Masq', state: 'SYN_RECV' }, 'IPVS: more of a connection to real server 10.0.1.2:80 (Masq, SYN_RECV)']],
  ipvs_no_dest: [[{ code: 'ipvs_no_dest', service: 'TCP 10.0.0.100:80', scheduler: 'rr' }, 'IPVS: TCP 10.0.0.100:80 (rr) has no real server available: dropped, and an ICMP port unreachable goes back']],
  ipvs_dest_unavailable: [
    [{ code: 'ipvs_dest_unavailable', dest: { addr: 0x0a000102, port: 80 }, expired: false }, "IPVS: this connection's real server 10.0.1.2:80 was deleted: dropped silently (net.ipv4.vs.expire_nodest_conn is 0)"],
    [{ code: 'ipvs_dest_unavailable', dest: { addr: 0x0a000102, port: 80 }, expired: true, oldCt: true }, "IPVS: this connection's real server 10.0.1.2:80 was deleted; expire_nodest_conn ends the entry now, but the packet belongs to the old confirmed conntrack entry: dropped"],
    [{ code: 'ipvs_dest_unavailable', dest: { addr: 0x0a000102, port: 80 }, expired: true }, "IPVS: this connection's real server 10.0.1.2:80 was deleted; expire_nodest_conn ends the entry now and the packet is scheduled afresh"],
  ],
  ipvs_conn_reuse: [
    [{ code: 'ipvs_conn_reuse', dest: { addr: 0x0a000102, port: 80 }, state: 'TIME_WAIT', quiesced: false, dropped: false }, 'IPVS: a SYN met an old entry (it is in TIME_WAIT (net.ipv4.vs.conn_reuse_mode)); the entry ends and the SYN is scheduled afresh'],
    [{ code: 'ipvs_conn_reuse', dest: { addr: 0x0a000102, port: 80 }, state: 'ESTABLISHED', quiesced: true, dropped: true }, "IPVS: a SYN met an old entry (its real server 10.0.1.2:80 has weight 0 and expire_nodest_conn is 1); the entry ends, but the packet's conntrack entry is the old confirmed one, so the SYN is dropped and its retransmission scheduled afresh"],
  ],
  ipvs_nat: [
    [{ code: 'ipvs_nat', reply: false, from: { addr: 0x0a000064, port: 80 }, to: { addr: 0x0a000102, port: 8080 } }, 'IPVS NAT: destination 10.0.0.100:80 → 10.0.1.2:8080, routed on to the real server'],
    [{ code: 'ipvs_nat', reply: true, from: { addr: 0x0a000102, port: 8080 }, to: { addr: 0x0a000064, port: 80 } }, "IPVS NAT: the real server's reply leaves as the virtual service: source 10.0.1.2:8080 → 10.0.0.100:80"],
  ],
  ipvs_dr: [[{ code: 'ipvs_dr', dest: 0x0a000102 }, 'IPVS direct routing: the packet goes unchanged (destination still the virtual address) to the MAC address of real server 10.0.1.2']],
  ipvs_tunnel: [[{ code: 'ipvs_tunnel', dest: 0x0a000102, src: 0x0a000101 }, 'IPVS tunnelling: the packet, unchanged (destination still the virtual address), goes inside IPIP from 10.0.1.1 to real server 10.0.1.2']],
  ipvs_tun_not_modelled: [[{ code: 'ipvs_tun_not_modelled', dest: 0x0a000102, tunType: 'gue' }, 'IPVS tunnelling with gue encapsulation to 10.0.1.2 is not simulated (ipip is): the packet stops here']],
  ipvs_frag_needed: [[{ code: 'ipvs_frag_needed', dest: 0x0a000102, mtu: 1480, len: 1500 }, 'IPVS tunnelling: 1500 bytes with DF set do not fit the 1480 bytes left inside IPIP to 10.0.1.2: dropped, and an ICMP fragmentation needed (mtu 1480) goes back'],
    [{ code: 'ipvs_frag_needed', dest: 0x0a000102, mtu: 50, len: 60 }, 'IPVS tunnelling: the route to 10.0.1.2 leaves only 50 bytes inside IPIP, less than 68: dropped']],
  ipip_decap: [[{ code: 'ipip_decap', dev: 'tunl0', remote: 0x0a000101, local: 0x0a000102 }, 'IPIP from 10.0.1.1 to 10.0.1.2: tunnel tunl0 takes the packet inside, which arrives on tunl0 as if received there']],
  ipip_encap: [[{ code: 'ipip_encap', dev: 'ipip1', remote: 0x0a000102 }, 'ipip1 puts the packet inside an IPIP packet to 10.0.1.2']],
  ipip_no_tunnel: [[{ code: 'ipip_no_tunnel', remote: 0x0a000101, local: 0x0a000102 }, 'IPIP from 10.0.1.1 to 10.0.1.2, but no ipip tunnel that is up takes it (tunl0 down?): dropped, and an ICMP port unreachable goes back']],
  ipip_no_route: [[{ code: 'ipip_no_route', dev: 'ipip1', remote: 0x0a000102 }, 'ipip1: no route to the tunnel\'s remote 10.0.1.2 (other than through ipip1 itself): dropped']],
  ip_no_protocol: [[{ code: 'ip_no_protocol', protocol: 4 }, 'no handler for IP protocol 4 (IPIP: the ipip module is not loaded): dropped, and an ICMP protocol unreachable goes back']],
  ipvs_no_route: [[{ code: 'ipvs_no_route', dest: 0x0a000102 }, 'IPVS: no route to real server 10.0.1.2: dropped']],
  ct_related: [[{ code: 'ct_related' }, 'conntrack: an ICMP error about a tracked connection (RELATED)']],
  ct_invalid_new: [[{ code: 'ct_invalid_new' }, 'conntrack: a TCP segment that cannot open a connection and matches none (INVALID)']],
  ct_invalid_state: [[{ code: 'ct_invalid_state', tcpState: 'CLOSE' }, 'conntrack: this segment is not valid in state CLOSE (INVALID)']],
  no_socket_tcp: [
    [{ code: 'no_socket_tcp', dst: ip('10.0.0.2'), port: 80, rst: true }, 'no socket for 10.0.0.2:80: answered with RST'],
    [{ code: 'no_socket_tcp', dst: ip('10.0.0.2'), port: 80, rst: false }, 'no socket for 10.0.0.2:80'],
  ],
  no_socket_udp: [[{ code: 'no_socket_udp', port: 53 }, 'no socket on UDP port 53: ICMP port unreachable']],
  tcp_syn_retransmit: [[{ code: 'tcp_syn_retransmit', retries: 2 }, 'no answer to the SYN: retransmission 2']],
  tcp_retransmit: [[{ code: 'tcp_retransmit', backoff: 1, seq: 1001 }, 'no ACK within the RTO: retransmission 1 of seq 1001']],
  tcp_connected: [[{ code: 'tcp_connected', peer }, 'connected to 10.0.0.2:80']],
  tcp_data_after_close: [[{ code: 'tcp_data_after_close', peer }, 'data from 10.0.0.2:80 after close(): answered with RST']],
  tcp_refused: [[{ code: 'tcp_refused', peer }, 'connection refused by 10.0.0.2:80 (RST)']],
  tcp_reset: [[{ code: 'tcp_reset', peer }, 'connection reset by 10.0.0.2:80']],
  tcp_syn_recv: [[{ code: 'tcp_syn_recv', port: 80 }, 'SYN for listening port 80: answer with SYN-ACK']],
  tcp_accept_queued: [[{ code: 'tcp_accept_queued', peer, port: 8080 }, 'handshake complete: 10.0.0.2:80 is queued for accept() on port 8080']],
  tcp_req_dropped: [
    [{ code: 'tcp_req_dropped', peer, cause: 'reset' }, 'half-open connection from 10.0.0.2:80 dropped: reset by the peer'],
    [{ code: 'tcp_req_dropped', peer, cause: 'synack_timeout' }, 'half-open connection from 10.0.0.2:80 dropped: no ACK for the SYN-ACK'],
  ],
  process_start: [[{ code: 'process_start', command: 'ping -c 1 8.8.8.8' }, '$ ping -c 1 8.8.8.8']],
  process_exec: [[{ code: 'process_exec', program: 'nc' }, 'nc starts']],
  process_exit: [[{ code: 'process_exit', program: 'ping', status: 1 }, 'ping exited with status 1']],
};

/* Route lookups' failures (ip_route_output_key, ip_route_input_slow, fib_validate_source). */
const ROUTE_FAILURES: [RouteFailure, string][] = [
  [{ code: 'invalid_source' }, 'invalid source address'],
  [{ code: 'source_not_local', src: ip('10.9.9.9') }, '10.9.9.9 is not a local address'],
  [{ code: 'oif_down', dev: 'eth1' }, 'eth1 is down'],
  [{ code: 'no_route', input: false }, 'no route'],
  [{ code: 'no_route', input: true }, 'no route to the destination'],
  [{ code: 'rule_action', priority: 100, action: 'prohibit' }, 'rule 100 says prohibit'],
  [{ code: 'unreachable' }, 'unreachable route'],
  [{ code: 'prohibit' }, 'prohibit route'],
  [{ code: 'blackhole' }, 'blackhole route'],
  [{ code: 'loopback_source', src: ip('127.0.0.1'), dev: 'eth0' }, 'source 127.0.0.1 is loopback and eth0 has route_localnet 0'],
  [{ code: 'martian_source', src: ip('224.0.0.1'), detail: 'multicast' }, 'martian source 224.0.0.1: multicast or broadcast source'],
  [{ code: 'martian_source', src: ip('0.1.2.3'), detail: 'zeronet' }, 'martian source 0.1.2.3: source in 0.0.0.0/8'],
  [{ code: 'martian_source', src: ip('127.0.0.1'), detail: { localnet: 'eth0' } }, 'martian source 127.0.0.1: 127.0.0.0/8 source and eth0 has route_localnet 0'],
  [{ code: 'martian_source', src: ip('10.0.0.1'), detail: 'own_or_unroutable' }, "martian source 10.0.0.1 (one of this box's own addresses or not routable back)"],
  [{ code: 'martian_destination', dst: ip('0.0.0.5'), detail: 'zeronet' }, 'martian destination 0.0.0.5: destination in 0.0.0.0/8'],
  [{ code: 'martian_destination', dst: ip('127.0.0.1'), detail: { localnet: 'eth0' } }, 'martian destination 127.0.0.1: 127.0.0.0/8 destination and eth0 has route_localnet 0'],
  [{ code: 'martian_destination', dst: ip('10.0.0.255'), detail: { routeType: 'broadcast' } }, 'martian destination 10.0.0.255: broadcast route'],
  [{ code: 'not_forwarding', dev: 'eth1' }, 'net.ipv4.conf.eth1.forwarding is 0'],
  [{ code: 'rp_filter', src: ip('10.0.0.9'), dev: 'eth0' }, 'reverse path filter: the route back to 10.0.0.9 does not leave by eth0'],
];

describe('the reason renderer', () => {
  for (const [code, cases] of Object.entries(SENTENCES)) {
    it(`renders ${code}`, () => {
      expect(cases.length).toBeGreaterThan(0);
      for (const [reason, sentence] of cases) expect(reasonText(reason)).toBe(sentence);
    });
  }

  it('renders every route failure as the clause the trace shows after "input route:"', () => {
    for (const [failure, text] of ROUTE_FAILURES) expect(routeFailureText(failure)).toBe(text);
  });

  it('renders an event from its reason, and compares two reasons by what they say', () => {
    const a = { code: 'nat', manip: 'src', reply: false, from: { addr: ip('10.0.0.1') }, to: { addr: ip('1.2.3.4') } } as const;
    expect(why({ reason: a })).toBe('SNAT: source 10.0.0.1 → 1.2.3.4');
    expect(sameReason(a, { ...a, from: { addr: ip('10.0.0.1') } })).toBe(true);
    expect(sameReason(a, { ...a, reply: true })).toBe(false);
  });

  it('shows the code of a reason it has no sentence for (a trace from another version) instead of failing', () => {
    expect(reasonText({ code: 'skb_csum' } as unknown as Reason)).toBe('skb_csum');
  });
});

/*
 * The sentence is for people: code decides on the reason code and its facts. Outside the
 * renderer no source file reads an event's `why` (the CLI's --json output carries it for its
 * readers; tests of that output may read it).
 */
describe('nothing outside the renderer reads why', () => {
  const src = fileURLToPath(new URL('../..', import.meta.url));
  const renderer = fileURLToPath(new URL('./why.ts', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && path !== renderer) files.push(path);
    }
  };
  walk(src);

  it('scans the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('finds no .why or ["why"] outside src/engine/trace/why.ts', () => {
    const readers = files.filter((f) => /\.why\b|\[\s*['"`]why['"`]\s*\]/.test(readFileSync(f, 'utf8'))).map((f) => relative(src, f));
    expect(readers).toEqual([]);
  });
});
