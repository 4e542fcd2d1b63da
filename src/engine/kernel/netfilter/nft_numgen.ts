import type { NftKey } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_numgen.c: `numgen random mod N [offset M]` draws afresh for each packet
 * (nft_ng_random_eval: get_random_u32 scaled to N); `numgen inc` counts per expression
 * (nft_ng_inc_eval: an atomic counter in the expression's private data). kube-proxy's nftables
 * mode picks a Service's endpoint with a random draw and a verdict map, so the trace shows
 * what each draw said (the kernel reports it nowhere; the playground shows it as it shows
 * iptables' `-m statistic` draws).
 */

const incCounters = new WeakMap<NftKey, number>();

export function nftNumgenEval(key: Extract<NftKey, { kind: 'numgen' }>, pkt: NftPktinfo): number {
  let drawn: number;
  if (key.mode === 'random') drawn = Math.floor(pkt.stack.env.random() * key.mod);
  else {
    const n = incCounters.get(key) ?? 0;
    incCounters.set(key, n + 1);
    drawn = n % key.mod;
  }
  const value = key.offset + drawn;
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: pkt.skb.pkt, reason: { code: 'nft_numgen', mode: key.mode, mod: key.mod, offset: key.offset, value } });
  return value;
}
