import { hashMemsize, packetPort, type IpSetType } from './ip_set';

/*
 * ip_set_hash_ipportip.c: address, protocol:port and a second address, three dimensions read
 * from the packet as the rule's flags say (kube-proxy's KUBE-LOOP-BACK: `dst,dst,src`, a pod
 * sending to its own endpoint address and port).
 */

export const hashIpPortIp: IpSetType = {
  name: 'hash:ip,port,ip',
  revision: 6,
  dimension: 3,
  bitmap: false,
  key: (e) => `${e.ip},${e.proto}:${e.port},${e.ip2}`,
  fromPacket: (pkt, src) => {
    const pp = packetPort(pkt, src[1]!);
    return pp ? [{ ip: src[0] ? pkt.src : pkt.dst, ...pp, ip2: src[2] ? pkt.src : pkt.dst }] : [];
  },
  // struct hash_ipportip4_elem: two addresses, port, proto and padding (12 bytes).
  memsize: hashMemsize(208, 12),
};
