import { hashMemsize, type IpSetType } from './ip_set';

/* ip_set_hash_ip.c: single IPv4 addresses. */

export const hashIp: IpSetType = {
  name: 'hash:ip',
  revision: 6,
  dimension: 1,
  bitmap: false,
  key: (e) => String(e.ip),
  fromPacket: (pkt, src) => [{ ip: src[0] ? pkt.src : pkt.dst }],
  memsize: hashMemsize(216, 4),
};
