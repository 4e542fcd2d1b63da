import { ipVsConnOutGet } from '../ipvs/ip_vs_conn';
import { ipvsProperty } from '../ipvs/ip_vs_xmit';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';

/*
 * xt_ipvs's view of a packet (ipvs_mt): whether IPVS sent it on (skb->ipvs_property), and the
 * IPVS entry it belongs to, found as ip_vs_conn_out_get finds it with the header inverted
 * (ip_vs_fill_iph_skb(..., true, ...)): a client's packet after IPVS, its source the entry's
 * client and its destination the real server. TCP and UDP (ip_vs_proto_get).
 */

export interface XtIpvsView {
  property: boolean;
  conn?: { vaddr: number; vport: number; fwd: number; controlVport?: number };
}

export function xtIpvs(stack: Stack, skb: SkBuff): XtIpvsView {
  const property = ipvsProperty.has(skb);
  const l4 = skb.pkt.payload;
  if (!property || (l4.kind !== 'tcp' && l4.kind !== 'udp')) return { property };
  const cp = ipVsConnOutGet(stack, l4.kind === 'tcp' ? 6 : 17, skb.pkt.dst, l4.dport, skb.pkt.src, l4.sport);
  if (!cp) return { property };
  return { property, conn: { vaddr: cp.vaddr, vport: cp.vport, fwd: cp.fwd, ...(cp.control ? { controlVport: cp.control.vport } : {}) } };
}
