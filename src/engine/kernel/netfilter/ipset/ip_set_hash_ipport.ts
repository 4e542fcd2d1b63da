import { packetPort, hashMemsize, type IpSetType } from './ip_set';

/* ip_set_hash_ipport.c: address, protocol and port (ICMP: type and code) together. */

export const hashIpPort: IpSetType = {
  name: 'hash:ip,port',
  revision: 7,
  dimension: 2,
  bitmap: false,
  key: (e) => `${e.ip},${e.proto}:${e.port}`,
  fromPacket: (pkt, src) => {
    const pp = packetPort(pkt, src[1]!);
    return pp ? [{ ip: src[0] ? pkt.src : pkt.dst, ...pp }] : [];
  },
  memsize: hashMemsize(216, 8),
};
