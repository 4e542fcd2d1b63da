import type { Ipv4Packet } from '../../wire/types';
import { IPV4_HEADER_LENGTH, ipv4Length, withTtl } from '../../wire/ipv4';
import { icmpSend } from '../icmp';
import { ecnEncapsulate } from '../ipip';
import { ipLocalOut } from '../ip_output';
import { routeOutput } from '../route';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { IP_VS_CONN_F_TUNNEL_TYPE_IPIP, TUNNEL_TYPE_NAMES } from './ip_vs';
import type { IpVsConn } from './ip_vs_conn';
import { ipVsConntrack } from './ip_vs_nfct';

/*
 * ip_vs_xmit.c: how a scheduled packet leaves the director. NAT rewrites the destination to
 * the real server and routes it there; DR routes the unchanged packet with the real server as
 * the known next hop, so only the frame's destination MAC changes. Either way the packet goes
 * through LOCAL_OUT and out as the director's own (ip_vs_send_or_cont / ip_vs_nat_send_or_cont),
 * marked as IPVS's (ipvs_property) so IPVS's hooks leave it alone, and untracked unless
 * net.ipv4.vs.conntrack is set (ip_vs_nfct.ts).
 */

/** skb->ipvs_property: packets IPVS has already handled. */
export const ipvsProperty = new WeakSet<SkBuff>();

const endpoint = (p: Ipv4Packet, dst: boolean) => {
  const l4 = p.payload;
  const port = l4.kind === 'tcp' || l4.kind === 'udp' ? (dst ? l4.dport : l4.sport) : undefined;
  return { addr: dst ? p.dst : p.src, ...(port !== undefined ? { port } : {}) };
};

/** __ip_vs_get_out_rt for the real server, with decrement_ttl: false when the packet went no further. */
function outRoute(stack: Stack, skb: SkBuff, cp: IpVsConn) {
  const route = routeOutput(stack, { dst: cp.daddr, anySrc: true });
  if (!route.ok) {
    stack.trace({ layer: 'ip', kind: 'drop', packet: skb.pkt, reason: { code: 'ipvs_no_route', dest: cp.daddr } });
    return undefined;
  }
  if (skb.pkt.ttl <= 1) {
    stack.trace({ layer: 'ip', kind: 'drop', port: skb.inDev?.name, packet: skb.pkt, reason: { code: 'ttl_expired', ttl: skb.pkt.ttl } });
    icmpSend(stack, skb, 11, 0, 0);
    return undefined;
  }
  skb.pkt = withTtl(skb.pkt, skb.pkt.ttl - 1);
  return route;
}

function sendOn(stack: Stack, skb: SkBuff, cp: IpVsConn, route: Parameters<typeof ipLocalOut>[2]): void {
  ipvsProperty.add(skb);
  ipVsConntrack(skb, cp, true);
  ipLocalOut(stack, skb, route);
}

/** ip_vs_nat_xmit: the destination becomes the real server's address and port. */
export function ipVsNatXmit(stack: Stack, skb: SkBuff, cp: IpVsConn): void {
  const route = outRoute(stack, skb, cp);
  if (!route) return;
  const before = skb.pkt;
  const l4 = before.payload;
  const payload = l4.kind === 'tcp' || l4.kind === 'udp' ? { ...l4, dport: cp.dport } : l4;
  skb.pkt = { ...before, dst: cp.daddr, payload };
  if (stack.tracing) stack.trace({ layer: 'netfilter', kind: 'nat', packet: skb.pkt, before, dir: 'original', reason: { code: 'ipvs_nat', reply: false, from: endpoint(before, true), to: endpoint(skb.pkt, true) } });
  sendOn(stack, skb, cp, route);
}

/** ip_vs_dr_xmit: the same packet, the real server as next hop (IP_VS_RT_MODE_KNOWN_NH). */
export function ipVsDrXmit(stack: Stack, skb: SkBuff, cp: IpVsConn): void {
  const route = outRoute(stack, skb, cp);
  if (!route) return;
  if (stack.tracing) stack.trace({ layer: 'ip', kind: 'forward', port: route.dev.name, packet: skb.pkt, reason: { code: 'ipvs_dr', dest: cp.daddr } });
  sendOn(stack, skb, cp, { ...route, gateway: cp.daddr });
}

/**
 * ip_vs_tunnel_xmit (IPIP): the client's packet, unchanged but for its TTL, goes inside a new
 * IPv4 header to the real server, from the source the route to it picks, with the inner
 * packet's TOS (CE as ECT(0)) and TTL and, while net.ipv4.vs.pmtu_disc is on, its DF bit. The room left is the
 * route's MTU less 20 bytes: a DF packet that does not fit gets ICMP fragmentation needed
 * (ensure_mtu_is_adequate). GUE and GRE encapsulation are accepted but not simulated.
 */
export function ipVsTunnelXmit(stack: Stack, skb: SkBuff, cp: IpVsConn): void {
  const dest = cp.dest;
  if (dest.tunType !== IP_VS_CONN_F_TUNNEL_TYPE_IPIP) {
    stack.trace({ layer: 'netfilter', kind: 'drop', packet: skb.pkt, reason: { code: 'ipvs_tun_not_modelled', dest: cp.daddr, tunType: TUNNEL_TYPE_NAMES[dest.tunType] ?? String(dest.tunType) } });
    return;
  }
  // __ip_vs_get_out_rt: the route and the TTL first, then the room the tunnel leaves.
  const route = outRoute(stack, skb, cp);
  if (!route) return;
  const pmtuDisc = !!stack.sysctl.global['net.ipv4.vs.pmtu_disc'];
  const mtu = route.dev.mtu - IPV4_HEADER_LENGTH;
  const len = ipv4Length(skb.pkt);
  // __ip_vs_get_out_rt: less than 68 bytes of room is an error of its own, without ICMP.
  if (mtu < 68) {
    stack.trace({ layer: 'netfilter', kind: 'drop', port: skb.inDev?.name, packet: skb.pkt, reason: { code: 'ipvs_frag_needed', dest: cp.daddr, mtu, len } });
    return;
  }
  if (pmtuDisc && skb.pkt.df && len > mtu) {
    stack.trace({ layer: 'netfilter', kind: 'drop', port: skb.inDev?.name, packet: skb.pkt, reason: { code: 'ipvs_frag_needed', dest: cp.daddr, mtu, len } });
    icmpSend(stack, skb, 3, 4, mtu);
    return;
  }
  const inner = skb.pkt;
  const df = pmtuDisc && inner.df;
  // ip_select_ident: no socket, so a DF packet's ID is 0.
  skb.pkt = { kind: 'ipv4', tos: ecnEncapsulate(inner.tos, inner.tos), id: df ? 0 : stack.nextIpId(), df, ttl: inner.ttl, src: route.src, dst: cp.daddr, payload: { kind: 'ipip', inner } };
  if (stack.tracing) stack.trace({ layer: 'ip', kind: 'forward', port: route.dev.name, packet: skb.pkt, reason: { code: 'ipvs_tunnel', dest: cp.daddr, src: route.src } });
  // ip_vs_tunnel_xmit_prepare: IPVS's packet, and nf_reset_ct: conntrack sees the outer packet afresh.
  ipvsProperty.add(skb);
  skb.ct = undefined;
  skb.ctInfo = undefined;
  skb.ctReply = undefined;
  ipLocalOut(stack, skb, route);
}

/** ip_vs_out's handle_response for NAT: the reply's source becomes the virtual service again. */
export function ipVsSnat(stack: Stack, skb: SkBuff, cp: IpVsConn): void {
  const before = skb.pkt;
  const l4 = before.payload;
  const payload = l4.kind === 'tcp' || l4.kind === 'udp' ? { ...l4, sport: cp.vport } : l4;
  skb.pkt = { ...before, src: cp.vaddr, payload };
  if (stack.tracing) stack.trace({ layer: 'netfilter', kind: 'nat', packet: skb.pkt, before, dir: 'reply', reason: { code: 'ipvs_nat', reply: true, from: endpoint(before, false), to: endpoint(skb.pkt, false) } });
  ipvsProperty.add(skb);
  ipVsConntrack(skb, cp, false);
}

/**
 * ip_vs_nat_icmp for an ICMP error a NAT real server sent about a client's packet: the outer
 * source becomes the VIP, and so does the quoted packet's destination (with the service's port).
 */
export function ipVsNatIcmpOut(stack: Stack, skb: SkBuff, cp: IpVsConn): void {
  const before = skb.pkt;
  const icmp = before.payload;
  if (icmp.kind !== 'icmp' || !icmp.original) return;
  const inner = icmp.original;
  const l4 = inner.payload;
  const innerPayload = l4.kind === 'tcp' || l4.kind === 'udp' ? { ...l4, dport: cp.vport } : l4;
  skb.pkt = { ...before, src: cp.vaddr, payload: { ...icmp, original: { ...inner, dst: cp.vaddr, payload: innerPayload } } };
  if (stack.tracing) stack.trace({ layer: 'netfilter', kind: 'nat', packet: skb.pkt, before, dir: 'reply', reason: { code: 'ipvs_nat', reply: true, from: { addr: before.src }, to: { addr: cp.vaddr } } });
  ipvsProperty.add(skb);
  ipVsConntrack(skb, cp, false);
}
