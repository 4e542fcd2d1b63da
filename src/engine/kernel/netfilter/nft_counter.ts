import type { NftStmt } from '../../nft/ast';
import { ipv4Length } from '../../wire/ipv4';
import type { NftPktinfo } from './nft_pktinfo';

/* nft_counter: packets and bytes (the IP packet's length) on the rule itself, as `nft list` prints them. */
export function nftCounterEval(stmt: Extract<NftStmt, { kind: 'counter' }>, pkt: NftPktinfo): void {
  stmt.packets += 1;
  stmt.bytes += ipv4Length(pkt.skb.pkt);
}
