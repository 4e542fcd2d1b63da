import { bitmapMemsize, packetPort, type IpSetType } from './ip_set';

/* ip_set_bitmap_port.c: a bitmap of TCP/UDP ports within the set's range (any protocol of the two). */

export const bitmapPort: IpSetType = {
  name: 'bitmap:port',
  revision: 3,
  dimension: 1,
  bitmap: true,
  key: (e) => String(e.port),
  fromPacket: (pkt, src) => {
    const pp = packetPort(pkt, src[0]!);
    return pp && pp.proto !== 1 ? [{ port: pp.port }] : [];
  },
  inRange: (e, p) => e.port! >= p.first! && e.port! <= p.last!,
  memsize: (p) => bitmapMemsize(p),
};
