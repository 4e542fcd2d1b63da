import type { NftElement, NftKey, NftStmt, NftType, NftValue } from '../../nft/ast';
import { findSet } from '../../nft/ruleset';
import { liveElements } from '../../nft/transaction';
import { valueMatches } from './nft_lookup';
import type { NftData, NftPktinfo } from './nft_pktinfo';

/*
 * nft_dynset: `add @SET { KEY [timeout T] }` puts the packet's key in the named set unless it is
 * there; `update` does too, and renews the timeout of one that is. The element's timeout is the
 * statement's, else the set's; a full set (its size) takes no more and the rule stops there
 * (NFT_BREAK), as does a packet without the key.
 */

function valueOf(type: NftType, got: NftData): NftValue | undefined {
  if (typeof got === 'number') return { kind: 'value', v: { type, value: got } };
  if (typeof got === 'string') return { kind: 'value', v: { type: 'ifname', name: got } };
  return undefined;
}

export function nftDynsetEval(stmt: Extract<NftStmt, { kind: 'dynset' }>, pkt: NftPktinfo, evalKey: (key: NftKey) => NftData | undefined): boolean {
  const set = findSet(pkt.table, stmt.set.name);
  const got = evalKey(stmt.key);
  if (!set || got === undefined) return false;
  const now = pkt.stack.env.now();
  set.elements = liveElements(set.elements, now);
  const ttl = stmt.timeout ?? set.spec.timeout;
  const expires = ttl === undefined ? {} : { expires: now + ttl * 1_000_000 };
  const found = set.elements.find((e) => valueMatches(e.key, got, pkt));
  if (found) {
    if (stmt.op === 'update' && ttl !== undefined) Object.assign(found, expires);
    return true;
  }
  if (set.elements.length >= (set.spec.size ?? Infinity)) return false;
  const types = set.spec.keyType;
  const key = Array.isArray(got) ? { kind: 'concat' as const, parts: got.map((g, i) => valueOf(types[i] ?? 'integer', g)) } : valueOf(types[0] ?? 'integer', got);
  if (!key || (key.kind === 'concat' && key.parts.some((p) => !p))) return false;
  const element: NftElement = { key: key as NftValue, ...(stmt.timeout !== undefined ? { timeout: stmt.timeout } : {}), ...expires };
  set.elements.push(element);
  return true;
}
