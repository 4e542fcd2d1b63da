import type { NftTable } from '../../nft/ruleset';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import type { Hook } from './x_tables';

/*
 * struct nft_pktinfo (nf_tables.h): the packet and the hook state every expression reads, and
 * the table whose chain runs (named sets and jumps are the table's own). A key's value is a
 * number (addresses, ports, marks, bits), an interface name, or the parts of a concatenation;
 * undefined when the packet has no such field (NFT_BREAK: the rule does not match).
 */
export interface NftPktinfo {
  readonly stack: Stack;
  readonly skb: SkBuff;
  readonly hook: Hook;
  readonly inDev?: NetDevice;
  readonly outDev?: NetDevice;
  readonly table: NftTable;
}

export type NftData = number | string | NftData[];
