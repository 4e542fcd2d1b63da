import { packetPort, type IpSetType } from './ip_set';

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
  // struct bitmap_port and BITS_TO_LONGS(last - first) longs; a timeout adds one per port.
  memsize: (p, _n) => 72 + 8 * Math.ceil((p.last! - p.first!) / 64) + (p.timeout !== undefined ? 8 * (p.last! - p.first! + 2) : 0),
};
