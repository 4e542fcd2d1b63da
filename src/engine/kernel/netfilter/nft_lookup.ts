import type { NftElement, NftScalar, NftValue, NftVerdict } from '../../nft/ast';
import { findSet } from '../../nft/ruleset';
import { liveElements } from '../../nft/transaction';
import type { NftData, NftPktinfo } from './nft_pktinfo';

/*
 * nft_lookup and nft_cmp/nft_range: whether a key's value is a constant, in a prefix or range,
 * or an element of a set (anonymous or named: plain, interval, concatenated); and a map's or
 * verdict map's data for it.
 */

/** An interface name matches nft's `eth*` as a prefix (the name is compared up to the `*`). */
function scalarMatches(v: NftScalar, got: NftData): boolean {
  if (v.type === 'iface_index' && 'ifindex' in v) return got === v.ifindex;
  if ('name' in v) return typeof got === 'string' && (v.name.endsWith('*') ? got.startsWith(v.name.slice(0, -1)) : got === v.name);
  return got === v.value;
}

export function valueMatches(right: NftValue, got: NftData, pkt: NftPktinfo): boolean {
  switch (right.kind) {
    case 'value':
      return scalarMatches(right.v, got);
    case 'prefix': {
      if (typeof got !== 'number') return false;
      if (right.len === 0) return true;
      const shift = 32 - right.len;
      return ((got >>> shift) ^ (right.v.value >>> shift)) === 0;
    }
    case 'range':
      return typeof got === 'number' && got >= right.lo.value && got <= right.hi.value;
    case 'concat':
      return Array.isArray(got) && right.parts.every((p, i) => got[i] !== undefined && valueMatches(p, got[i]!, pkt));
    case 'set':
      return right.elements.some((e) => valueMatches(e.key, got, pkt));
    case 'setref':
      return elementsOf(right, pkt).some((e) => valueMatches(e.key, got, pkt));
  }
}

/** The elements of an anonymous or named map. */
function elementsOf(map: NftValue, pkt: NftPktinfo): readonly NftElement[] {
  if (map.kind === 'set') return map.elements;
  // An element whose timeout ran out is not there any more.
  if (map.kind === 'setref') return liveElements(findSet(pkt.table, map.name)?.elements ?? [], pkt.stack.env.now());
  return [];
}

/** nft_lookup with a map: the data of the element the key is in, or undefined (the rule breaks). */
export function nftMapLookup(map: NftValue, got: NftData, pkt: NftPktinfo): NftValue | NftVerdict | undefined {
  return elementsOf(map, pkt).find((e) => valueMatches(e.key, got, pkt))?.data;
}
