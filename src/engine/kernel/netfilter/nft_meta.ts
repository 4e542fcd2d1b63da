import { ipProtocol } from '../../wire/types';
import type { NftKey, NftStmt } from '../../nft/ast';
import { NFPROTO_IPV4 } from './core';
import type { NftPktinfo } from './nft_pktinfo';

/* nft_meta: the packet's metadata (devices, mark, protocols, owner), and `meta mark set`. */

/** PACKET_HOST, PACKET_BROADCAST, PACKET_OTHERHOST as pkttype reads them. */
const PKT_TYPE = { host: 0, broadcast: 1, otherhost: 3 } as const;

export function nftMetaGetEval(key: Extract<NftKey, { kind: 'meta' }>, pkt: NftPktinfo): number | string | undefined {
  const { skb, inDev, outDev } = pkt;
  switch (key.key) {
    case 'iif':
      return inDev?.ifindex;
    case 'oif':
      return outDev?.ifindex;
    case 'iifname':
      return inDev?.name;
    case 'oifname':
      return outDev?.name;
    case 'mark':
      return skb.mark;
    case 'l4proto':
      return ipProtocol(skb.pkt.payload);
    case 'nfproto':
      return NFPROTO_IPV4;
    case 'pkttype':
      return skb.local ? PKT_TYPE.host : PKT_TYPE[skb.pktType];
    case 'skuid':
      return skb.sk?.cred?.uid;
    case 'nftrace':
      return skb.nftrace ? 1 : 0;
  }
}

/** Reads the key a `set … mark | V` statement combines with (the packet's or its connection's mark). */
export function combine(old: number, value: number, op: '&' | '|' | '^' | undefined): number {
  // No operator: the key read is the value (`meta mark set ct mark`).
  if (op === undefined) return old >>> 0;
  if (op === '&') return (old & value) >>> 0;
  if (op === '|') return (old | value) >>> 0;
  if (op === '^') return (old ^ value) >>> 0;
  return value >>> 0;
}

/**
 * nft_meta_set_eval: `meta mark set V`, and `meta nftrace set 1`, which marks the packet for
 * `nft monitor trace` (nf_tables_trace.ts). The kernel names a traced packet by a hash of its
 * skb (trace_fill_id); here a seeded draw, kept while the packet stays traced.
 */
export function nftMetaSetEval(stmt: Extract<NftStmt, { kind: 'meta-set' }>, pkt: NftPktinfo, readFrom: () => number | undefined): void {
  if (stmt.key === 'nftrace') {
    const on = (stmt.from ? combine(readFrom() ?? 0, stmt.value, stmt.from.op) : stmt.value) & 1;
    if (!on) pkt.skb.nftrace = 0;
    else if (!pkt.skb.nftrace) pkt.skb.nftrace = Math.floor(pkt.stack.env.random() * 0xffffffff) + 1;
    return;
  }
  const before = pkt.skb.mark;
  const base = stmt.from ? readFrom() : undefined;
  pkt.skb.mark = stmt.from ? combine(base ?? 0, stmt.value, stmt.from.op) : stmt.value >>> 0;
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: pkt.skb.pkt, reason: { code: 'nf_mark', before, after: pkt.skb.mark, nft: true } });
}
