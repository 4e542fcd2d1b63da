import type { Mac } from '../addr/mac';
import type { ToolRole } from '../command/registry';
import type { IcmpMessage } from '../wire/types';

/*
 * Why a step happened, as data: a code in the spirit of the kernel's `enum skb_drop_reason`
 * with the facts that explain it (addresses as numbers, device names, rule text, sysctl
 * values). Only trace/why.ts turns these into sentences; everything else (the playback
 * verdict, warnings, canvas labels, lessons, the CLI) reads the code and its fields.
 */

type Ip4 = number;

/** An address with its port when the packet has one (TCP/UDP). */
export interface Endpoint {
  addr: Ip4;
  port?: number;
}

/** Why a route lookup failed (ip_route_output_key / ip_route_input_slow / fib_validate_source). */
export type RouteFailure =
  | { code: 'invalid_source' }
  | { code: 'source_not_local'; src: Ip4 }
  | { code: 'oif_down'; dev: string }
  /** No route matched; `input` for a received packet (ip_route_input's wording). */
  | { code: 'no_route'; input: boolean }
  /** An `ip rule` with an error action ended the lookup. */
  | { code: 'rule_action'; priority: number; action: string }
  /** The route matched is an error route. */
  | { code: 'unreachable' | 'prohibit' | 'blackhole' }
  | { code: 'loopback_source'; src: Ip4; dev: string }
  | { code: 'martian_source'; src: Ip4; detail: 'multicast' | 'zeronet' | 'own_or_unroutable' | { localnet: string } }
  | { code: 'martian_destination'; dst: Ip4; detail: 'zeronet' | { localnet: string } | { routeType: string } }
  | { code: 'not_forwarding'; dev: string }
  | { code: 'rp_filter'; src: Ip4; dev: string };

/** What moved a neighbour entry to its new NUD state. */
export type NeighCause =
  | { code: 'stale_used' }
  | { code: 'no_entry'; ip: Ip4; dev: string }
  | { code: 'reachable_time' }
  | { code: 'confirmed' }
  | { code: 'first_probe_time' }
  | { code: 'probes_failed'; probes: number }
  | { code: 'learned_request'; from: Ip4 }
  | { code: 'arp_reply'; from: Ip4 }
  | { code: 'arp_request'; from: Ip4 };

/** Why an ICMP redirect was ignored (ip_rt_redirect / __ip_do_redirect). */
export type RedirectIgnored =
  | { code: 'not_network_or_host'; icmpCode: number }
  | { code: 'not_routed_via'; dst: Ip4; gateway: Ip4 }
  | { code: 'same_gateway' }
  | { code: 'accept_redirects_off'; dev: string }
  | { code: 'bad_gateway'; gateway: Ip4 }
  | { code: 'not_onlink'; gateway: Ip4; dev: string; oldGateway: Ip4 }
  | { code: 'not_a_route_gateway'; gateway: Ip4; dev: string }
  | { code: 'not_unicast'; gateway: Ip4 };

export type Reason =
  // link (dev_queue_xmit, netif_receive_skb)
  | { code: 'frame_sent'; dev: string; to: Mac }
  | { code: 'frame_received'; dev: string; from: Mac }
  | { code: 'link_down'; dev: string; up: boolean }
  | { code: 'otherhost'; dev: string; dst: Mac; mac: Mac }
  /** A tagged frame whose VID has no vlan device on the receiving device (PACKET_OTHERHOST). */
  | { code: 'vlan_no_device'; dev: string; vid: number }
  /** A frame for a macvlan or vlan device that is down, dropped by its lower's receive path. */
  | { code: 'upper_down'; dev: string; lower: string; kind: 'macvlan' | 'vlan' }
  // macvlan (macvlan_handle_frame, macvlan_broadcast, macvlan_queue_xmit)
  /** A unicast frame for a macvlan's own address, handed to it by its lower's rx_handler. */
  | { code: 'macvlan_rx'; dev: string; lower: string; mac: Mac }
  /** A copy of a broadcast for one macvlan: from the lower's wire, or (`from`) straight from a bridge-mode sibling. */
  | { code: 'macvlan_broadcast'; dev: string; lower: string; from?: string }
  /** A bridge-mode macvlan's unicast for a bridge-mode sibling: into the lower's receive path, never onto its wire. */
  | { code: 'macvlan_bridge'; dev: string; to: string; lower: string; mac: Mac }
  // ipip (ipip_rcv and tunnel4_rcv, ip_tunnel_xmit); ip_local_deliver_finish without a protocol handler
  | { code: 'ipip_decap'; dev: string; remote: Ip4; local: Ip4 }
  | { code: 'ipip_encap'; dev: string; remote: Ip4 }
  | { code: 'ipip_no_tunnel'; remote: Ip4; local: Ip4 }
  | { code: 'ipip_no_route'; dev: string; remote: Ip4 }
  | { code: 'ip_no_protocol'; protocol: number }
  // vxlan (vxlan_xmit_one, vxlan_rcv)
  /** `fdb`: the FDB entry that named the remote (the frame's destination MAC, or the default 00:00:00:00:00:00). */
  | { code: 'vxlan_encap'; dev: string; vni: number; remote: Ip4; port: number; fdb?: Mac }
  | { code: 'vxlan_decap'; dev: string; vni: number; remote: Ip4 }
  | { code: 'vxlan_drop'; dev: string; detail: 'no_fdb' | 'circular_route' | 'own_mac' | 'static_moved' | 'no_vni'; mac?: Mac; vni?: number }
  // bridge (br_input / br_forward / br_fdb)
  | { code: 'bridge_loop'; times: number }
  | { code: 'fdb_learn'; mac: Mac; port: string }
  | { code: 'bridge_same_port'; mac: Mac; port: string }
  | { code: 'bridged'; mac: Mac; port: string }
  | { code: 'flooded'; mac: Mac; broadcast: boolean; ports: string[] }
  | { code: 'bridge_hairpin'; mac: Mac; port: string }
  | { code: 'bridge_hairpin_off'; mac: Mac; port: string }
  // br_netfilter (br_nf_pre_routing, br_nf_pre_routing_finish)
  | { code: 'brnf_call_iptables'; bridge: string; port: string }
  | { code: 'brnf_dnat_bridged'; dst: Ip4; bridge: string }
  | { code: 'brnf_dnat_routed'; dst: Ip4; bridge: string }
  // ARP and the neighbour table
  | { code: 'arp_request'; target: Ip4; sender: Ip4 }
  | { code: 'arp_reply'; sender: Ip4; mac: Mac }
  | { code: 'arp_ignore'; mode: number; target: Ip4; dev: string }
  | { code: 'arp_route'; route: RouteFailure }
  | { code: 'proxy_arp'; target: Ip4; dev: string; delayMs: number }
  | { code: 'arping_request'; target: Ip4 }
  | { code: 'neigh_state'; ip: Ip4; state: string; mac?: Mac; cause: NeighCause }
  | { code: 'neigh_queue'; ip: Ip4 }
  /** A permanent entry (`ip neigh … nud permanent`) gave the MAC: never resolved, never confirmed. */
  | { code: 'neigh_permanent'; ip: Ip4; mac: Mac; dev: string }
  | { code: 'neigh_failed'; nexthop: Ip4 }
  // IP: routing, forwarding, local delivery
  | { code: 'output_local'; dst: Ip4 }
  | { code: 'output_route'; route: string; gateway?: Ip4; redirected: boolean }
  | { code: 'reroute_failed'; route: RouteFailure }
  | { code: 'rerouted'; route: string; gateway?: Ip4 }
  | { code: 'no_route'; dst: Ip4; route: RouteFailure }
  | { code: 'input_route'; route: RouteFailure }
  | { code: 'input_forward'; route: string }
  | { code: 'input_local'; dst: Ip4; route: string }
  | { code: 'input_broadcast'; dst: Ip4 }
  | { code: 'not_forwarded_otherhost' }
  | { code: 'ttl_expired'; ttl: number }
  | { code: 'forwarded'; from: string; to: string; gateway?: Ip4; ttl: number }
  // ICMP
  | { code: 'icmp_sent'; message: IcmpMessage }
  | { code: 'icmp_ratelimit'; type: number; dst: Ip4 }
  | { code: 'redirect_nat' }
  | { code: 'icmp_ratelimit_redirect'; type: number; dst: Ip4 }
  | { code: 'redirect_ignored'; from: Ip4; cause: RedirectIgnored }
  | { code: 'redirect_pending'; from: Ip4; gateway: Ip4 }
  | { code: 'redirect_accepted'; dst: Ip4; gateway: Ip4; from: Ip4 }
  | { code: 'echo_reply'; from: Ip4 }
  | { code: 'echo_reply_no_route'; dst: Ip4; route: RouteFailure }
  // netfilter and conntrack
  | { code: 'nf_hook' | 'nf_drop'; table: string; hook: string; rule?: { line: number; chain: string; target: string }; policy: string }
  /** An nft base chain ran (nft_do_chain): the rule that decided, by handle, or its policy. */
  | { code: 'nft_chain' | 'nft_drop'; family: string; table: string; chain: string; hook: string; rule?: { chain: string; handle: number; verdict: string }; policy: string }
  /** A packet marked `meta nftrace set 1` passed a rule or a base chain's policy (nf_tables_trace.c; what `nft monitor trace` prints). */
  | { code: 'nft_trace'; id: number; family: string; table: string; chain: string; handle?: number; verdict?: string; policy?: string }
  /** `nft`: written by nft's statement (`log`, `meta mark set`, `ct mark set`, `notrack`), not an iptables target. */
  | { code: 'nf_log'; line: string; nft?: true }
  | { code: 'nf_mark'; before: number; after: number; nft?: true }
  | { code: 'nf_statistic'; probability: string; negated: boolean; matched: boolean }
  /** nft's `numgen random|inc mod N offset M`: the number it gave this packet (what a verdict map such as kube-proxy's then looks up). */
  | { code: 'nft_numgen'; mode: 'random' | 'inc'; mod: number; offset: number; value: number }
  | { code: 'nf_connmark'; restore: boolean; mark: number; nft?: true }
  | { code: 'nf_ttl'; before: number; after: number }
  | { code: 'nf_tos'; target: 'TOS' | 'DSCP'; before: number; after: number }
  | { code: 'nf_tcpmss'; old?: number; mss: number; nft?: true }
  | { code: 'nf_tcpmss_bad_pmtu'; mtu: number }
  | { code: 'nf_checksum_fill' }
  | { code: 'nf_notrack'; nft?: true }
  | { code: 'nf_classify'; priority: number }
  | { code: 'masquerade_no_address'; dev: string }
  | { code: 'reject_tcp_reset' }
  | { code: 'nat'; manip: 'src' | 'dst'; reply: boolean; from: Endpoint; to: Endpoint }
  | { code: 'ct_new'; proto: string }
  /** A SYN meets its tuple's entry in TIME_WAIT: the old entry ends and the SYN starts a new one. */
  | { code: 'ct_reopen' }
  | { code: 'ct_known'; reply: boolean; established: boolean; tcpState?: string }
  | { code: 'ct_confirmed' }
  // IPVS (ip_vs_core.c, ip_vs_xmit.c): modelled from the sources, not recorded
  | { code: 'ipvs_schedule'; service: string; scheduler: string; dest: Endpoint; fwd: string; persistent: boolean }
  | { code: 'ipvs_conn'; dest: Endpoint; fwd: string; state: string }
  | { code: 'ipvs_no_dest'; service: string; scheduler: string }
  | { code: 'ipvs_dest_unavailable'; dest: Endpoint; expired: boolean; oldCt?: boolean }
  /** conn_reuse_mode: a SYN met an entry that is closing (state) or whose server is quiesced (weight 0, expire_nodest_conn); dropped when its conntrack entry is the old confirmed one. */
  | { code: 'ipvs_conn_reuse'; dest: Endpoint; state: string; quiesced: boolean; dropped: boolean }
  | { code: 'ipvs_nat'; reply: boolean; from: Endpoint; to: Endpoint }
  | { code: 'ipvs_dr'; dest: Ip4 }
  | { code: 'ipvs_tunnel'; dest: Ip4; src: Ip4 }
  | { code: 'ipvs_tun_not_modelled'; dest: Ip4; tunType: string }
  | { code: 'ipvs_frag_needed'; dest: Ip4; mtu: number; len: number }
  | { code: 'ipvs_no_route'; dest: Ip4 }
  | { code: 'ct_related' }
  | { code: 'ct_invalid_new' }
  | { code: 'ct_invalid_state'; tcpState: string }
  // TCP and UDP sockets
  | { code: 'no_socket_tcp'; dst: Ip4; port: number; rst: boolean }
  | { code: 'no_socket_udp'; port: number }
  | { code: 'tcp_syn_retransmit'; retries: number }
  | { code: 'tcp_retransmit'; backoff: number; seq: number }
  | { code: 'tcp_connected'; peer: Endpoint }
  | { code: 'tcp_data_after_close'; peer: Endpoint }
  | { code: 'tcp_refused'; peer: Endpoint }
  | { code: 'tcp_reset'; peer: Endpoint }
  | { code: 'tcp_syn_recv'; port: number }
  | { code: 'tcp_accept_queued'; peer: Endpoint; port: number }
  | { code: 'tcp_req_dropped'; peer: Endpoint; cause: 'reset' | 'synack_timeout' }
  // processes
  | { code: 'process_start'; command: string }
  /** One program of a command list starts (the run's own process_start names the whole line). */
  | { code: 'process_exec'; program: string }
  /** `role`: what the program that set the status is for (unknown for a `$(…)`-built command). */
  | { code: 'process_exit'; program: string; status: number; role?: ToolRole };

export type ReasonCode = Reason['code'];

/** The reason with the given code (members that share one shape for several codes included). */
export type ReasonOf<C extends ReasonCode> = Reason extends infer R ? (R extends { code: infer K } ? (C extends K ? R : never) : never) : never;
