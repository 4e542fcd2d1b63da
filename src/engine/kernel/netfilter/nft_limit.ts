import type { NftStmt } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';
import { ipv4Length } from '../../wire/ipv4';

/*
 * nft_limit: a bucket of nanoseconds per rule, full at the start (nft_limit_init: burst
 * packets' worth; in bytes, unit * (rate + burst) / rate), each packet costing unit/rate (in
 * bytes, unit * its length / rate: nft_limit_bytes_eval), refilled by the virtual time since
 * the last packet (nft_limit_eval). Over the limit the rule breaks; `over` turns that round.
 */

type LimitStmt = Extract<NftStmt, { kind: 'limit' }>;

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 } as const;
/** NFT_LIMIT_PKT_BURST_DEFAULT: a burst of 0 is 5 packets. */
const BURST_DEFAULT = 5;

/** Whether the packet is within the limit (the rule goes on). */
export function nftLimitEval(stmt: LimitStmt, pkt: NftPktinfo): boolean {
  const now = pkt.stack.env.now();
  const nsecs = UNIT_SECONDS[stmt.unit] * 1e9;
  const cost = stmt.bytes ? Math.floor((nsecs * (pkt.skb.pkt.kind === 'ipv4' ? ipv4Length(pkt.skb.pkt) : 0)) / stmt.rate) : Math.floor(nsecs / stmt.rate);
  const max = stmt.bytes ? Math.floor((nsecs * (stmt.rate + stmt.burst)) / stmt.rate) : cost * (stmt.burst || BURST_DEFAULT);
  // The rule's own bucket, on the rule as its counters are: a later commit of other rules keeps it.
  const b = (stmt.bucket ??= { tokens: max, last: now });
  const tokens = Math.min(b.tokens + now - b.last, max);
  b.last = now;
  const within = tokens - cost >= 0;
  b.tokens = within ? tokens - cost : tokens;
  return within !== stmt.over;
}
