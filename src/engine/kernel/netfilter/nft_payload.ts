import { ipProtocol } from '../../wire/types';
import { ipv4Length } from '../../wire/ipv4';
import type { NftKey } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_payload: a field of the network or transport header. A transport field of a packet of
 * another protocol breaks the rule (nft adds a `meta l4proto` dependency before it); `th` is
 * either of tcp and udp's ports.
 */
export function nftPayloadEval(key: Extract<NftKey, { kind: 'payload' }>, pkt: NftPktinfo): number | undefined {
  const ip = pkt.skb.pkt;
  const l4 = ip.payload;
  switch (key.proto) {
    case 'ip':
      if (key.field === 'saddr') return ip.src;
      if (key.field === 'daddr') return ip.dst;
      if (key.field === 'protocol') return ipProtocol(l4);
      if (key.field === 'ttl') return ip.ttl;
      if (key.field === 'length') return ipv4Length(ip);
      if (key.field === 'dscp') return ip.tos >> 2;
      return undefined;
    case 'tcp':
      if (l4.kind !== 'tcp') return undefined;
      return key.field === 'sport' ? l4.sport : key.field === 'dport' ? l4.dport : key.field === 'flags' ? l4.flags : undefined;
    case 'udp':
      if (l4.kind !== 'udp') return undefined;
      return key.field === 'sport' ? l4.sport : key.field === 'dport' ? l4.dport : undefined;
    case 'th':
      if (l4.kind !== 'tcp' && l4.kind !== 'udp') return undefined;
      return key.field === 'sport' ? l4.sport : key.field === 'dport' ? l4.dport : undefined;
    case 'icmp':
      if (l4.kind !== 'icmp') return undefined;
      return key.field === 'type' ? l4.type : key.field === 'code' ? l4.code : undefined;
  }
}
