import { formatIp4 } from '../addr/ipv4';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, type IcmpMessage } from '../wire/types';
import type { Endpoint, NeighCause, Reason, ReasonOf, RedirectIgnored, RouteFailure } from './reason';
import type { TraceEvent } from './types';

/*
 * The one place a reason becomes the sentence a learner reads. Rendering happens when a
 * sentence is shown (playback, the CLI's --json and `check`), not on the simulation's hot path.
 * Every switch is exhaustive: a new code does not compile until it has its sentence.
 */

const ip = formatIp4;
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** "192.168.1.2:80" with a port, "192.168.1.2" without. */
export function formatEndpoint(e: Endpoint): string {
  return e.port === undefined ? ip(e.addr) : `${ip(e.addr)}:${e.port}`;
}

/** Compiles only when every code has its case; a code the renderer does not know (a trace from another version) still shows. */
function unreachable(x: never): string {
  return String((x as { code?: unknown }).code);
}

/** Whether two reasons say the same thing (the same sentence), e.g. for comparing two runs' steps. */
export function sameReason(a: Reason, b: Reason): boolean {
  return a === b || (a.code === b.code && reasonText(a) === reasonText(b));
}

/** The event's sentence. */
export function why(e: Pick<TraceEvent, 'reason'>): string {
  return reasonText(e.reason);
}

export function reasonText(r: Reason): string {
  switch (r.code) {
    case 'frame_sent':
      return `sent on ${r.dev} to ${r.to}`;
    case 'frame_received':
      return `received on ${r.dev} from ${r.from}`;
    case 'link_down':
      return `${r.dev} is ${r.up ? 'without carrier' : 'down'}; the frame is dropped`;
    case 'otherhost':
      return `frame for ${r.dst}, not ${r.dev}'s ${r.mac}`;
    case 'vlan_no_device':
      return `tagged for VLAN ${r.vid}, but ${r.dev} has no vlan device for it; the frame is dropped`;
    case 'upper_down':
      return `for ${r.dev}, the ${r.kind} on ${r.lower}, which is down; the frame is dropped`;
    case 'macvlan_rx':
      return `for ${r.mac}, the address of ${r.dev}: ${r.lower}'s macvlan handler gives the frame to ${r.dev}, not to ${r.lower}'s own stack`;
    case 'macvlan_broadcast':
      return r.from
        ? `a broadcast from ${r.from}, ${r.dev}'s bridge-mode sibling on ${r.lower}: ${r.dev} gets a copy straight from it`
        : `a broadcast on ${r.lower}: its macvlan port gives ${r.dev} a copy (every macvlan gets one, and ${r.lower}'s own stack)`;
    case 'macvlan_bridge':
      return `${r.mac} is ${r.to}'s, ${r.dev}'s sibling in bridge mode: the frame goes to it through ${r.lower}'s receive path, never onto ${r.lower}'s wire`;
    case 'ipip_decap':
      return `IPIP from ${ip(r.remote)} to ${ip(r.local)}: tunnel ${r.dev} takes the packet inside, which arrives on ${r.dev} as if received there`;
    case 'ipip_encap':
      return `${r.dev} puts the packet inside an IPIP packet to ${ip(r.remote)}`;
    case 'ipip_no_tunnel':
      return `IPIP from ${ip(r.remote)} to ${ip(r.local)}, but no ipip tunnel that is up takes it (tunl0 down?): dropped, and an ICMP port unreachable goes back`;
    case 'ipip_no_route':
      return `${r.dev}: no route to the tunnel's remote ${ip(r.remote)} (other than through ${r.dev} itself): dropped`;
    case 'ip_no_protocol':
      return `no handler for IP protocol ${r.protocol}${r.protocol === 4 ? ' (IPIP: the ipip module is not loaded)' : ''}: dropped, and an ICMP protocol unreachable goes back`;
    case 'vxlan_encap':
      if (r.fdb) return `${r.dev}'s FDB ${r.fdb === '00:00:00:00:00:00' ? 'default entry (00:00:00:00:00:00)' : `entry for ${r.fdb}`} says ${formatIp4(r.remote)}: the frame goes there inside UDP to port ${r.port}, VNI ${r.vni}`;
      return `${r.dev} sends the frame to ${formatIp4(r.remote)} inside UDP to port ${r.port}, VNI ${r.vni}`;
    case 'vxlan_decap':
      return `the VXLAN datagram from ${formatIp4(r.remote)} carries a frame for ${r.dev} (VNI ${r.vni})`;
    case 'vxlan_drop':
      return vxlanDropText(r);
    case 'bridge_loop':
      return `bridge loop: this frame has come back to this switch ${r.times} times (no STP): a broadcast storm`;
    case 'fdb_learn':
      return `${r.mac} is behind ${r.port}`;
    case 'bridge_same_port':
      return `${r.mac} is behind ${r.port}, the port it came in on`;
    case 'bridged':
      return `${r.mac} was learned on ${r.port}`;
    case 'flooded':
      return `${r.mac} ${r.broadcast ? 'is broadcast' : 'is not in the forwarding database'}: flooded to ${r.ports.join(', ') || 'no other port'}`;
    case 'bridge_hairpin':
      return `${r.mac} is behind ${r.port}, the port it came in on: hairpin mode sends it back out there`;
    case 'bridge_hairpin_off':
      return `DNAT sends this frame to ${r.mac}, behind ${r.port}, the port it came in by: without hairpin mode on ${r.port} the bridge drops it`;
    case 'brnf_call_iptables':
      return `br_netfilter is loaded and net.bridge.bridge-nf-call-iptables is 1: this IPv4 frame, bridged by ${r.bridge} from ${r.port}, passes iptables with ${r.bridge} as its interface`;
    case 'brnf_dnat_bridged':
      return `DNAT made the destination ${ip(r.dst)}, routed out of ${r.bridge} itself: the frame is bridged again to its new owner`;
    case 'brnf_dnat_routed':
      return `DNAT made the destination ${ip(r.dst)}, not routed out of ${r.bridge}: the frame goes up to ${r.bridge}'s IP stack`;
    case 'arp_request':
      return `who has ${ip(r.target)}? tell ${ip(r.sender)}`;
    case 'arp_reply':
      return `${ip(r.sender)} is at ${r.mac}`;
    case 'arp_ignore':
      return `no ARP reply: ${arpIgnoreText(r.mode, r.target, r.dev)}`;
    case 'arp_route':
      return `no ARP reply: ${routeFailureText(r.route)}`;
    case 'proxy_arp':
      return `proxy ARP for ${ip(r.target)} (proxy_arp on ${r.dev}); reply delayed ${r.delayMs} ms (proxy_delay)`;
    case 'arping_request':
      return `arping: who has ${ip(r.target)}? (from a packet socket; the kernel's ARP table is not involved)`;
    case 'neigh_state':
      return `${ip(r.ip)} is now ${r.state}${r.mac ? ` at ${r.mac}` : ''}: ${neighCauseText(r.cause)}`;
    case 'neigh_queue':
      return `waiting for ARP to resolve ${ip(r.ip)}; packet queued`;
    case 'neigh_permanent':
      return `${ip(r.ip)} is at ${r.mac} on ${r.dev}: a permanent neighbour entry, so no ARP`;
    case 'neigh_failed':
      return `ARP for ${ip(r.nexthop)} failed: the packet is dropped with host unreachable`;
    case 'output_local':
      return `${ip(r.dst)} is local: through lo`;
    case 'output_route':
      return `output route: ${r.route}${r.gateway === undefined ? '' : `, next hop ${ip(r.gateway)}${r.redirected ? ' (an ICMP redirect said so)' : ''}`}`;
    case 'reroute_failed':
      return `re-routing after OUTPUT failed: ${routeFailureText(r.route)}`;
    case 'rerouted':
      return `routed again after OUTPUT changed the packet: ${r.route}`;
    case 'no_route':
      return `no route to ${ip(r.dst)}: ${routeFailureText(r.route)}`;
    case 'input_route':
      return `input route: ${routeFailureText(r.route)}`;
    case 'input_forward':
      return `not for this box: forward by ${r.route}`;
    case 'input_local':
      return `${ip(r.dst)} is local: deliver (${r.route})`;
    case 'input_broadcast':
      return `${ip(r.dst)} is a broadcast address: deliver locally`;
    case 'not_forwarded_otherhost':
      return 'not forwarded: the frame was not addressed to this box';
    case 'ttl_expired':
      return `TTL ${r.ttl} would reach 0: dropped, ICMP time exceeded sent back`;
    case 'forwarded':
      return `forwarded from ${r.from} to ${r.to}${r.gateway !== undefined ? ` via ${ip(r.gateway)}` : ''}, TTL ${r.ttl} → ${r.ttl - 1}`;
    case 'icmp_sent':
      return icmpDescription(r.message);
    case 'icmp_ratelimit':
      return `ICMP type ${r.type} to ${ip(r.dst)} suppressed by the rate limit (icmp_ratelimit)`;
    case 'icmp_ratelimit_redirect':
      return `ICMP type ${r.type} to ${ip(r.dst)} not sent: the ICMP redirect for this same packet just used ${ip(r.dst)}'s rate-limit token (ip_rt_send_redirect shares it with icmp_ratelimit)`;
    case 'redirect_nat':
      return 'no ICMP redirect although the packet leaves by the interface it came in on: NAT is active on this box';
    case 'redirect_ignored':
      return `ICMP redirect from ${ip(r.from)} ignored: ${redirectIgnoredText(r.cause)}`;
    case 'redirect_pending':
      return `ICMP redirect from ${ip(r.from)}: ${ip(r.gateway)}'s MAC is not known yet, so only ARP for it starts; packets keep going to ${ip(r.from)}`;
    case 'redirect_accepted':
      return `ICMP redirect accepted: packets to ${ip(r.dst)} now go to ${ip(r.gateway)} instead of ${ip(r.from)} (a route exception for 300 s)`;
    case 'echo_reply':
      return `echo request answered from ${ip(r.from)}`;
    case 'echo_reply_no_route':
      return `no route back to ${ip(r.dst)} for the echo reply: ${routeFailureText(r.route)}`;
    case 'nf_hook':
    case 'nf_drop':
      return r.rule
        ? `${r.table} ${r.hook}: rule ${r.rule.line} of ${r.rule.chain} matched: ${r.rule.target}${r.code === 'nf_drop' ? ' (dropped)' : ''}`
        : `${r.table} ${r.hook}: no rule decided; policy ${r.policy}`;
    case 'nft_chain':
    case 'nft_drop':
      return r.rule
        ? `nft ${r.family} ${r.table} ${r.chain} (hook ${r.hook}): rule handle ${r.rule.handle}${r.rule.chain !== r.chain ? ` in ${r.rule.chain}` : ''} decided: ${r.rule.verdict}${r.code === 'nft_drop' ? ' (dropped)' : ' (the next chain at this hook still runs)'}`
        : `nft ${r.family} ${r.table} ${r.chain} (hook ${r.hook}): no rule decided; policy ${r.policy}${r.code === 'nft_drop' ? ' (dropped)' : ''}`;
    case 'nft_trace':
      return r.handle !== undefined
        ? `nft trace ${r.id.toString(16).padStart(8, '0')}: ${r.family} ${r.table} ${r.chain} rule handle ${r.handle} (verdict ${r.verdict})`
        : `nft trace ${r.id.toString(16).padStart(8, '0')}: ${r.family} ${r.table} ${r.chain} policy ${r.policy}`;
    case 'nf_log':
      return `${r.nft ? 'log' : 'LOG'} (kernel log, see dmesg): ${r.line.trimEnd()}`;
    case 'nf_mark':
      return `${r.nft ? 'meta mark set' : 'MARK'}: packet mark ${hex(r.before)} → ${hex(r.after)}`;
    case 'nf_statistic':
      return `statistic --mode random${r.negated ? ' !' : ''} --probability ${r.probability}: ${r.matched ? 'matched, this rule is taken' : 'no match, on to the next rule'} (the chance of a match is ${r.negated ? `1 − ${r.probability}` : r.probability}, drawn afresh for each packet)`;
    case 'nft_numgen': {
      const range = `${r.offset}…${r.offset + r.mod - 1}`;
      return r.mode === 'random'
        ? `numgen random mod ${r.mod}${r.offset ? ` offset ${r.offset}` : ''}: drew ${r.value} (each of ${range} equally likely, drawn afresh for each packet)`
        : `numgen inc mod ${r.mod}${r.offset ? ` offset ${r.offset}` : ''}: ${r.value} (the rule's counter, one more for each packet, wraps within ${range})`;
    }
    case 'nf_connmark':
      return r.restore ? `CONNMARK --restore-mark: packet mark ← connection mark ${hex(r.mark)}` : `${r.nft ? 'ct mark set' : 'CONNMARK'}: connection mark is now ${hex(r.mark)}`;
    case 'nf_ttl':
      return `TTL: ${r.before} → ${r.after} (the header checksum follows)`;
    case 'nf_tos':
      return `${r.target}: TOS byte 0x${r.before.toString(16).padStart(2, '0')} → 0x${r.after.toString(16).padStart(2, '0')} (DSCP ${r.after >> 2}, ECN bits kept by DSCP)`;
    case 'nf_tcpmss':
      if (r.nft) return `tcp option maxseg size set: MSS option ${r.old} → ${r.mss}`;
      return r.old === undefined ? `TCPMSS: the segment had no MSS option; one of ${r.mss} is added` : `TCPMSS: MSS option ${r.old} → ${r.mss}`;
    case 'nf_tcpmss_bad_pmtu':
      return `TCPMSS: unknown or invalid path-MTU (${r.mtu}): the segment is dropped`;
    case 'nf_checksum_fill':
      return 'CHECKSUM --checksum-fill: the checksum left to the device is computed now';
    case 'nf_notrack':
      return r.nft ? 'notrack: conntrack leaves this packet alone (ct state untracked: no entry, no NAT)' : 'CT --notrack: conntrack leaves this packet alone (state UNTRACKED: no entry, no NAT)';
    case 'nf_classify':
      return `CLASSIFY: skb priority ${(r.priority >>> 16).toString(16)}:${(r.priority & 0xffff).toString(16)} (the tc class)`;
    case 'masquerade_no_address':
      return `MASQUERADE: ${r.dev} has no address to use`;
    case 'reject_tcp_reset':
      return 'REJECT --reject-with tcp-reset: a RST answers the segment';
    case 'nat': {
      const changed = r.manip === 'src' ? `source ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}` : `destination ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}`;
      return `${r.reply ? 'un-NAT of a reply' : r.manip === 'src' ? 'SNAT' : 'DNAT'}: ${changed}`;
    }
    case 'ct_reopen':
      return 'conntrack: a SYN reopens a connection in TIME_WAIT: the old entry is deleted and the SYN starts a new one';
    case 'ct_new':
      return `conntrack: first packet of a new ${r.proto} connection (NEW)`;
    case 'ct_known':
      return `conntrack: ${r.reply ? 'reply to' : 'more of'} a known connection (${r.established ? 'ESTABLISHED' : 'NEW'}${r.tcpState !== undefined ? `, ${r.tcpState}` : ''})`;
    case 'ipvs_schedule':
      return `IPVS: a new connection to ${r.service}; the ${r.scheduler} scheduler${r.persistent ? ' (or the client\'s persistence template)' : ''} chose real server ${formatEndpoint(r.dest)} (${r.fwd})`;
    case 'ipvs_conn':
      return `IPVS: more of a connection to real server ${formatEndpoint(r.dest)} (${r.fwd}, ${r.state})`;
    case 'ipvs_no_dest':
      return `IPVS: ${r.service} (${r.scheduler}) has no real server available: dropped, and an ICMP port unreachable goes back`;
    case 'ipvs_dest_unavailable':
      if (r.oldCt) return `IPVS: this connection's real server ${formatEndpoint(r.dest)} was deleted; expire_nodest_conn ends the entry now, but the packet belongs to the old confirmed conntrack entry: dropped`;
      return r.expired
        ? `IPVS: this connection's real server ${formatEndpoint(r.dest)} was deleted; expire_nodest_conn ends the entry now and the packet is scheduled afresh`
        : `IPVS: this connection's real server ${formatEndpoint(r.dest)} was deleted: dropped silently (net.ipv4.vs.expire_nodest_conn is 0)`;
    case 'ipvs_conn_reuse': {
      const why = r.quiesced ? `its real server ${formatEndpoint(r.dest)} has weight 0 and expire_nodest_conn is 1` : `it is in ${r.state} (net.ipv4.vs.conn_reuse_mode)`;
      return r.dropped
        ? `IPVS: a SYN met an old entry (${why}); the entry ends, but the packet's conntrack entry is the old confirmed one, so the SYN is dropped and its retransmission scheduled afresh`
        : `IPVS: a SYN met an old entry (${why}); the entry ends and the SYN is scheduled afresh`;
    }
    case 'ipvs_nat':
      return r.reply
        ? `IPVS NAT: the real server's reply leaves as the virtual service: source ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}`
        : `IPVS NAT: destination ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}, routed on to the real server`;
    case 'ipvs_dr':
      return `IPVS direct routing: the packet goes unchanged (destination still the virtual address) to the MAC address of real server ${ip(r.dest)}`;
    case 'ipvs_tunnel':
      return `IPVS tunnelling: the packet, unchanged (destination still the virtual address), goes inside IPIP from ${ip(r.src)} to real server ${ip(r.dest)}`;
    case 'ipvs_tun_not_modelled':
      return `IPVS tunnelling with ${r.tunType} encapsulation to ${ip(r.dest)} is not simulated (ipip is): the packet stops here`;
    case 'ipvs_frag_needed':
      if (r.mtu < 68) return `IPVS tunnelling: the route to ${ip(r.dest)} leaves only ${r.mtu} bytes inside IPIP, less than 68: dropped`;
      return `IPVS tunnelling: ${r.len} bytes with DF set do not fit the ${r.mtu} bytes left inside IPIP to ${ip(r.dest)}: dropped, and an ICMP fragmentation needed (mtu ${r.mtu}) goes back`;
    case 'ipvs_no_route':
      return `IPVS: no route to real server ${ip(r.dest)}: dropped`;
    case 'ct_confirmed':
      return 'conntrack: the connection is confirmed and enters the table';
    case 'ct_related':
      return 'conntrack: an ICMP error about a tracked connection (RELATED)';
    case 'ct_invalid_new':
      return 'conntrack: a TCP segment that cannot open a connection and matches none (INVALID)';
    case 'ct_invalid_state':
      return `conntrack: this segment is not valid in state ${r.tcpState} (INVALID)`;
    case 'no_socket_tcp':
      return `no socket for ${ip(r.dst)}:${r.port}${r.rst ? ': answered with RST' : ''}`;
    case 'no_socket_udp':
      return `no socket on UDP port ${r.port}: ICMP port unreachable`;
    case 'tcp_syn_retransmit':
      return `no answer to the SYN: retransmission ${r.retries}`;
    case 'tcp_retransmit':
      return `no ACK within the RTO: retransmission ${r.backoff} of seq ${r.seq}`;
    case 'tcp_connected':
      return `connected to ${formatEndpoint(r.peer)}`;
    case 'tcp_data_after_close':
      return `data from ${formatEndpoint(r.peer)} after close(): answered with RST`;
    case 'tcp_refused':
      return `connection refused by ${formatEndpoint(r.peer)} (RST)`;
    case 'tcp_reset':
      return `connection reset by ${formatEndpoint(r.peer)}`;
    case 'tcp_syn_recv':
      return `SYN for listening port ${r.port}: answer with SYN-ACK`;
    case 'tcp_accept_queued':
      return `handshake complete: ${formatEndpoint(r.peer)} is queued for accept() on port ${r.port}`;
    case 'tcp_req_dropped':
      return `half-open connection from ${formatEndpoint(r.peer)} dropped: ${r.cause === 'reset' ? 'reset by the peer' : 'no ACK for the SYN-ACK'}`;
    case 'process_start':
      return `$ ${r.command}`;
    case 'process_exec':
      return `${r.program} starts`;
    case 'process_exit':
      return `${r.program} exited with status ${r.status}`;
    default:
      return unreachable(r);
  }
}

/** A route lookup's failure, as the clause after "input route:" / "no route to X:". */
export function routeFailureText(r: RouteFailure): string {
  switch (r.code) {
    case 'invalid_source':
      return 'invalid source address';
    case 'source_not_local':
      return `${ip(r.src)} is not a local address`;
    case 'oif_down':
      return `${r.dev} is down`;
    case 'no_route':
      return r.input ? 'no route to the destination' : 'no route';
    case 'rule_action':
      return `rule ${r.priority} says ${r.action}`;
    case 'unreachable':
    case 'prohibit':
    case 'blackhole':
      return `${r.code} route`;
    case 'loopback_source':
      return `source ${ip(r.src)} is loopback and ${r.dev} has route_localnet 0`;
    case 'martian_source': {
      const d = r.detail;
      if (d === 'own_or_unroutable') return `martian source ${ip(r.src)} (one of this box's own addresses or not routable back)`;
      const detail = d === 'multicast' ? 'multicast or broadcast source' : d === 'zeronet' ? 'source in 0.0.0.0/8' : `127.0.0.0/8 source and ${d.localnet} has route_localnet 0`;
      return `martian source ${ip(r.src)}: ${detail}`;
    }
    case 'martian_destination': {
      const d = r.detail;
      const detail = d === 'zeronet' ? 'destination in 0.0.0.0/8' : 'localnet' in d ? `127.0.0.0/8 destination and ${d.localnet} has route_localnet 0` : `${d.routeType} route`;
      return `martian destination ${ip(r.dst)}: ${detail}`;
    }
    case 'not_forwarding':
      return `net.ipv4.conf.${r.dev}.forwarding is 0`;
    case 'rp_filter':
      return `reverse path filter: the route back to ${ip(r.src)} does not leave by ${r.dev}`;
    default:
      return unreachable(r);
  }
}

function neighCauseText(c: NeighCause): string {
  switch (c.code) {
    case 'stale_used':
      return 'a stale entry was used; reachability will be confirmed';
    case 'no_entry':
      return `no ARP entry for ${ip(c.ip)} on ${c.dev}`;
    case 'reachable_time':
      return 'reachable_time passed since the last confirmation';
    case 'confirmed':
      return 'confirmed during the delay';
    case 'first_probe_time':
      return 'not confirmed within delay_first_probe_time';
    case 'probes_failed':
      return `no reply to ${c.probes} ARP probes`;
    case 'learned_request':
      return `learned from ${ip(c.from)}'s ARP request`;
    case 'arp_reply':
      return `ARP reply from ${ip(c.from)}`;
    case 'arp_request':
      return `ARP request from ${ip(c.from)}`;
    default:
      return unreachable(c);
  }
}

function redirectIgnoredText(c: RedirectIgnored): string {
  switch (c.code) {
    case 'not_network_or_host':
      return `code ${c.icmpCode} is not a redirect for a network or host`;
    case 'not_routed_via':
      return `${ip(c.dst)} is not routed through ${ip(c.gateway)}, so it may not redirect it`;
    case 'same_gateway':
      return 'the new gateway is the old one';
    case 'accept_redirects_off':
      return `accept_redirects is off for ${c.dev}`;
    case 'bad_gateway':
      return `${ip(c.gateway)} cannot be a gateway`;
    case 'not_onlink':
      return `${ip(c.gateway)} is not on ${c.dev}'s subnet with ${ip(c.oldGateway)} (shared_media 0)`;
    case 'not_a_route_gateway':
      return `${ip(c.gateway)} is not a gateway of any route on ${c.dev} (secure_redirects)`;
    case 'not_unicast':
      return `${ip(c.gateway)} is not a unicast address`;
    default:
      return unreachable(c);
  }
}

/** arp_ignore's modes (Documentation/networking/ip-sysctl.rst): why no reply was sent. */
function arpIgnoreText(mode: number, target: number, dev: string): string {
  switch (mode) {
    case 1:
      return `${ip(target)} is not configured on ${dev} (arp_ignore 1)`;
    case 2:
      return `${ip(target)} is not on ${dev} in the sender's subnet (arp_ignore 2)`;
    case 3:
      return 'scope host address (arp_ignore 3)';
    default:
      return `arp_ignore ${mode}`;
  }
}

const UNREACH = ['net', 'host', 'protocol', 'port', 'fragmentation needed', 'source route failed', 'net unknown', 'host unknown', 'source host isolated', 'net prohibited', 'host prohibited', 'net unreachable for TOS', 'host unreachable for TOS', 'administratively prohibited'];

export function icmpDescription(m: IcmpMessage): string {
  if (m.type === ICMP_DEST_UNREACH) {
    const what = UNREACH[m.code] ?? `code ${m.code}`;
    return `ICMP destination unreachable (${what})${m.original ? ` about ${ip(m.original.src)} → ${ip(m.original.dst)}` : ''}`;
  }
  if (m.type === ICMP_TIME_EXCEEDED) return 'ICMP time exceeded in transit';
  if (m.type === ICMP_REDIRECT) return `ICMP redirect: use ${ip(m.gateway ?? 0)} for ${ip(m.original?.dst ?? 0)}`;
  if (m.type === ICMP_ECHO) return `ICMP echo request id ${m.id} seq ${m.seq}`;
  if (m.type === ICMP_ECHOREPLY) return `ICMP echo reply id ${m.id} seq ${m.seq}`;
  return `ICMP type ${m.type} code ${m.code}`;
}

function vxlanDropText(r: ReasonOf<'vxlan_drop'>): string {
  switch (r.detail) {
    case 'no_fdb':
      return `${r.dev} has no FDB entry for ${r.mac} and no default (00:00:00:00:00:00) entry: the frame is dropped`;
    case 'circular_route':
      return `the route to the remote VTEP leads back into ${r.dev}: the frame is dropped`;
    case 'own_mac':
      return `the frame comes from ${r.dev}'s own address ${r.mac}: a loop, dropped`;
    case 'static_moved':
      return `${r.mac} is a static entry of ${r.dev} at another VTEP: the frame is dropped`;
    case 'no_vni':
      return `no VXLAN device has VNI ${r.vni}: the datagram is dropped`;
  }
}
