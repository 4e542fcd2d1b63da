import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { IP_VS_CONN_F_MASQ } from './ip_vs';
import type { IpVsConn } from './ip_vs_conn';

/*
 * ip_vs_nfct.c: IPVS and conntrack. With net.ipv4.vs.conntrack 0 (the default) IPVS's packets
 * leave conntrack (ip_vs_notrack); with 1 (IP_VS_CONN_F_NFCT, as kube-proxy's IPVS mode sets it)
 * a NAT connection's still unconfirmed entry gets the reply the real server will send
 * (nf_conntrack_alter_reply), so iptables rules (MASQUERADE) and the table see it.
 */

/** ip_vs_conntrack_enabled: read when a connection is made (it keeps IP_VS_CONN_F_NFCT). */
export const ipVsConntrackEnabled = (stack: Stack) => !!stack.sysctl.global['net.ipv4.vs.conntrack'];

/** ip_vs_notrack. */
export function ipVsNotrack(skb: SkBuff): void {
  skb.ct = undefined;
  skb.ctInfo = 'untracked';
}

/** ip_vs_update_conntrack: outin for the client's packet (the reply will come from the real server), else the real server's. */
export function ipVsUpdateConntrack(skb: SkBuff, cp: IpVsConn, outin: boolean): void {
  const ct = skb.ct;
  if (!ct || ct.confirmed || cp.fwd !== IP_VS_CONN_F_MASQ || skb.ctReply) return;
  const reply = ct.reply;
  const ports = reply.proto === 6 || reply.proto === 17;
  ct.reply = outin
    ? { ...reply, src: cp.daddr, ...(ports ? { sport: cp.dport } : {}) }
    : { ...reply, dst: cp.vaddr, ...(ports ? { dport: cp.vport } : {}) };
}

/** What ip_vs_nat_send_or_cont, ip_vs_send_or_cont and handle_response do with conntrack. */
export function ipVsConntrack(skb: SkBuff, cp: IpVsConn, outin: boolean): void {
  if (!cp.nfct) ipVsNotrack(skb);
  else ipVsUpdateConntrack(skb, cp, outin);
}
