import type { NftStmt } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_exthdr_tcp_set_eval for `tcp option maxseg size set V`, with nft_rt's `rt mtu`
 * (NFT_RT_TCPMSS, get_tcpmss): the MSS option of a TCP segment lowered to V, or to the smaller
 * of the way out's and the way back's MTU less 40 (536 when that is not a usable MTU). A segment
 * without the option is left as it is (unlike iptables' TCPMSS, which adds one), and an MSS is
 * never raised. Not TCP, or `rt mtu` with no route yet: the rule stops (NFT_BREAK).
 */

const MINLEN = 20 + 20;
const TCP_MSS_DEFAULT = 536;

export function nftExthdrTcpmssEval(stmt: Extract<NftStmt, { kind: 'tcpmss-set' }>, pkt: NftPktinfo): boolean {
  const seg = pkt.skb.pkt.payload;
  if (seg.kind !== 'tcp') return false;
  let mss = stmt.value;
  if (mss === 'rt mtu') {
    const out = pkt.outDev ?? pkt.skb.dst?.dev;
    if (!out) return false;
    const mtu = Math.min(out.mtu, pkt.stack.nf.xt.reverseMtu(pkt.skb));
    mss = mtu <= MINLEN || mtu > 0xffff ? TCP_MSS_DEFAULT : mtu - MINLEN;
  }
  const at = seg.options.findIndex((o) => o.kind === 'mss');
  const old = at >= 0 ? (seg.options[at] as { value: number }).value : undefined;
  if (old === undefined || old <= mss) return true;
  const options = seg.options.map((o, i) => (i === at ? { kind: 'mss' as const, value: mss as number } : o));
  pkt.skb.pkt = { ...pkt.skb.pkt, payload: { ...seg, options } };
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: pkt.skb.pkt, reason: { code: 'nf_tcpmss', old, mss, nft: true } });
  return true;
}
