import { prefixMask } from '../../../addr/ipv4';
import { hashMemsize, packetPort, type IpSetType } from './ip_set';

/*
 * ip_set_hash_ipportnet.c: address, protocol:port and a network (kube-proxy's
 * KUBE-LOAD-BALANCER-SOURCE-CIDR: a load balancer's address and port with a source range it
 * accepts). The third address is looked up under each prefix length the set holds, longest
 * first (nets[] of ip_set_hash_gen.h), as hash:net does.
 */

export const hashIpPortNet: IpSetType = {
  name: 'hash:ip,port,net',
  revision: 8,
  dimension: 3,
  bitmap: false,
  nomatch: true,
  key: (e) => `${e.ip},${e.proto}:${e.port},${e.ip2}/${e.cidr2}`,
  fromPacket: (pkt, src, set) => {
    const pp = packetPort(pkt, src[1]!);
    if (!pp) return [];
    const ip = src[0] ? pkt.src : pkt.dst;
    const ip2 = src[2] ? pkt.src : pkt.dst;
    return set.cidrs().map((cidr2) => ({ ip, ...pp, ip2: (ip2 & prefixMask(cidr2)) >>> 0, cidr2 }));
  },
  // struct hash_ipportnet4_elem: two addresses, port, cidr, nomatch and proto (12 bytes).
  memsize: hashMemsize(464, 12),
};
