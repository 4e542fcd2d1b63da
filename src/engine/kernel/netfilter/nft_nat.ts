import type { NftStmt, NftValue } from '../../nft/ast';
import type { NftKey } from '../../nft/ast';
import { nfNatMasquerade, nfNatRedirect, nfNatSetupInfo, type NatVerdict } from './nf_nat_masquerade';
import { nftMapLookup } from './nft_lookup';
import type { NftData, NftPktinfo } from './nft_pktinfo';

/*
 * nft_nat, nft_masq and nft_redir: the statements bind the connection through the NAT core
 * every front end shares (nf_nat_setup_info, nf_nat_masquerade_ipv4, nf_nat_redirect_ipv4) and
 * end the chain with its verdict (accept, or drop when no address can be had). `dnat to KEY
 * map { … }` picks the address by the packet's key; a key not in the map breaks the rule.
 */

type NatStmt = Extract<NftStmt, { kind: 'nat' }>;

function addressRange(v: NftValue): { minIp: number; maxIp: number } | undefined {
  if (v.kind === 'value' && 'value' in v.v) return { minIp: v.v.value, maxIp: v.v.value };
  if (v.kind === 'range') return { minIp: v.lo.value, maxIp: v.hi.value };
  if (v.kind === 'prefix') {
    const mask = v.len === 0 ? 0 : (0xffffffff << (32 - v.len)) >>> 0;
    return { minIp: (v.v.value & mask) >>> 0, maxIp: ((v.v.value & mask) | (~mask >>> 0)) >>> 0 };
  }
  return undefined;
}

/** The NAT core's verdict, or 'break' when a map has no element for the packet. */
export function nftNatEval(stmt: NatStmt, pkt: NftPktinfo, evalKey: (key: NftKey) => NftData | undefined): NatVerdict | 'break' {
  const ports = stmt.port ? { min: stmt.port.lo, max: stmt.port.hi } : undefined;
  const random = stmt.flags.includes('random') || stmt.flags.includes('fully-random');
  if (stmt.type === 'masquerade') return nfNatMasquerade(pkt.stack, pkt.skb, pkt.outDev!, ports, random);
  if (stmt.type === 'redirect') return nfNatRedirect(pkt.stack, pkt.skb, pkt.hook, pkt.inDev, ports, random);
  const manip = stmt.type === 'snat' ? 'src' : 'dst';
  let range: { minIp: number; maxIp: number } | undefined;
  if (!stmt.addr) {
    // Only a port: the address stays what it is.
    const own = manip === 'src' ? pkt.skb.pkt.src : pkt.skb.pkt.dst;
    range = { minIp: own, maxIp: own };
  } else if (stmt.addr.kind === 'map') {
    const got = evalKey(stmt.addr.key);
    const data = got === undefined ? undefined : nftMapLookup(stmt.addr.map, got, pkt);
    if (!data || data.kind === 'verdict') return 'break';
    range = addressRange(data);
  } else range = addressRange(stmt.addr);
  if (!range) return 'break';
  return nfNatSetupInfo(pkt.stack, pkt.skb, { ...range, minPort: ports?.min, maxPort: ports?.max, random, persistent: stmt.flags.includes('persistent') }, manip);
}
