import { prefixMask } from '../../../addr/ipv4';
import { hashMemsize, type IpSetType } from './ip_set';

/*
 * ip_set_hash_net.c: networks of any prefix length. A packet is looked up under each prefix
 * length the set holds, longest first (the nets[] array of ip_set_hash_gen.h).
 */

export const hashNet: IpSetType = {
  name: 'hash:net',
  revision: 7,
  dimension: 1,
  bitmap: false,
  nomatch: true,
  key: (e) => `${e.ip}/${e.cidr}`,
  fromPacket: (pkt, src, set) => {
    const ip = src[0] ? pkt.src : pkt.dst;
    return set.cidrs().map((cidr) => ({ ip: (ip & prefixMask(cidr)) >>> 0, cidr }));
  },
  memsize: hashMemsize(456, 8),
};
