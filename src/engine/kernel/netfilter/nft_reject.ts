import type { NftStmt } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';
import type { RejectWith } from './reject';

/*
 * nft_reject_ipv4 / nft_reject_inet: the reply the REJECT target would send (nf_reject_ipv4.c),
 * then the packet is dropped. Bare `reject` is port-unreachable; inet's icmpx codes map to
 * ICMP's (nft_reject_icmpx_to_icmp).
 */

const ICMP: Record<number, RejectWith> = {
  0: 'icmp-net-unreachable', 1: 'icmp-host-unreachable', 2: 'icmp-proto-unreachable', 3: 'icmp-port-unreachable',
  9: 'icmp-net-prohibited', 10: 'icmp-host-prohibited', 13: 'icmp-admin-prohibited',
};
const ICMPX: Record<number, RejectWith> = { 0: 'icmp-net-unreachable', 1: 'icmp-port-unreachable', 2: 'icmp-host-unreachable', 3: 'icmp-admin-prohibited' };

export function nftRejectEval(stmt: Extract<NftStmt, { kind: 'reject' }>, pkt: NftPktinfo): void {
  const w = stmt.with;
  const what: RejectWith = !w ? 'icmp-port-unreachable' : w.kind === 'tcp-reset' ? 'tcp-reset' : ((w.kind === 'icmpx' ? ICMPX : ICMP)[w.type] ?? 'icmp-port-unreachable');
  // nft_reject's tcp reset only answers a TCP segment (the implicit `meta l4proto tcp`).
  if (what === 'tcp-reset' && pkt.skb.pkt.payload.kind !== 'tcp') return;
  pkt.stack.nf.xt.reject(pkt.skb, what, pkt.hook);
}
