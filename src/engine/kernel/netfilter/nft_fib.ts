import type { NftKey } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_fib (nft_fib_ipv4.c): a FIB lookup keyed by the packet's source or destination.
 * `fib daddr type` is the address type in the whole namespace (inet_dev_addr_type with no
 * device: the router's address on another interface is local too), or on the incoming device
 * with `. iif`. `fib saddr . iif oif` is the reverse-path check: the device the route back to
 * the source leaves by, or nothing (0) when that is not the device the packet came in on.
 */

/** RTN_* as fib_addrtype numbers them. */
const RTN = { unicast: 1, local: 2, broadcast: 3, multicast: 5 } as const;

export function nftFibEval(key: Extract<NftKey, { kind: 'fib' }>, pkt: NftPktinfo): number | string | undefined {
  const { skb, inDev, stack } = pkt;
  const useSaddr = key.flags.includes('saddr');
  const addr = useSaddr ? skb.pkt.src : skb.pkt.dst;
  if (key.result === 'type') {
    const type = stack.addrType(addr);
    if (key.flags.includes('iif') && inDev && type === 'local') return inDev.addrs.some((a) => a.local === addr) || inDev.loopback ? RTN.local : RTN.unicast;
    return RTN[type];
  }
  // nft_fib4_eval: a lookup from lo; a local route answers nothing; with `. iif` (or `. oif`) the
  // route must use that device, which is then the answer.
  const res = stack.nf.xt.fibLookup({ dst: addr, src: useSaddr ? skb.pkt.dst : skb.pkt.src, mark: key.flags.includes('mark') ? skb.mark : 0, tos: skb.pkt.tos & 0xfc, iif: 'lo' });
  const must = key.flags.includes('oif') ? pkt.outDev : key.flags.includes('iif') ? inDev : undefined;
  let found = res && res.type !== 'local' ? res.devs[0] : undefined;
  if (found && must) found = res!.devs.includes(must) ? must : undefined;
  // NFTA_FIB_F_PRESENT (`… oif missing`/`exists`): whether anything was found.
  if (key.type === 'boolean') return found ? 1 : 0;
  if (key.result === 'oifname') return found?.name ?? '';
  return found?.ifindex ?? 0;
}
