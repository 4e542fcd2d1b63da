import type { NftKey, NftStmt } from '../../nft/ast';
import { combine } from './nft_meta';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_ct: the packet's conntrack state and its connection's status, mark, direction and
 * tuples; `ct mark set`; and nft_ct's notrack (the packet is left untracked). A packet
 * conntrack did not see is `ct state invalid`, and any other ct key breaks the rule.
 */

/** NF_CT_STATE_*_BIT as `ct state` reads them. */
const STATE_BIT = { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 } as const;
/** IPS_* bits of a connection's status. */
const IPS_SEEN_REPLY = 2, IPS_ASSURED = 4, IPS_CONFIRMED = 8, IPS_SRC_NAT = 16, IPS_DST_NAT = 32;

export function nftCtGetEval(key: Extract<NftKey, { kind: 'ct' }>, pkt: NftPktinfo): number | undefined {
  const { skb } = pkt;
  if (key.key === 'state') {
    if (skb.ctInfo === 'untracked') return STATE_BIT.untracked;
    if (!skb.ct || !skb.ctInfo || skb.ctInfo === 'invalid') return STATE_BIT.invalid;
    return STATE_BIT[skb.ctInfo];
  }
  const ct = skb.ct;
  if (!ct || skb.ctInfo === 'untracked') return undefined;
  switch (key.key) {
    case 'status':
      return (ct.seenReply ? IPS_SEEN_REPLY : 0) | (ct.assured ? IPS_ASSURED : 0) | (ct.confirmed ? IPS_CONFIRMED : 0) | (ct.srcNat ? IPS_SRC_NAT : 0) | (ct.dstNat ? IPS_DST_NAT : 0);
    case 'mark':
      return ct.mark;
    case 'direction':
      return skb.ctReply ? 1 : 0;
    case 'saddr':
      return (key.dir === 'reply' ? ct.reply : ct.orig).src;
    case 'daddr':
      return (key.dir === 'reply' ? ct.reply : ct.orig).dst;
  }
}

/** nft_ct_set_eval: `ct mark set V` on the packet's connection (none: nothing happens). */
export function nftCtSetEval(stmt: Extract<NftStmt, { kind: 'ct-set' }>, pkt: NftPktinfo, readFrom: () => number | undefined): void {
  const ct = pkt.skb.ct;
  if (!ct || pkt.skb.ctInfo === 'untracked') return;
  ct.mark = stmt.from ? combine(readFrom() ?? 0, stmt.value, stmt.from.op) : stmt.value >>> 0;
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: pkt.skb.pkt, reason: { code: 'nf_connmark', restore: false, mark: ct.mark, nft: true } });
}

/** nft_notrack_eval: a packet conntrack has not yet seen is left untracked (no entry, no NAT). */
export function nftNotrackEval(pkt: NftPktinfo): void {
  const { skb } = pkt;
  if (skb.ct) return;
  skb.ctInfo = 'untracked';
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: skb.pkt, reason: { code: 'nf_notrack', nft: true } });
}
