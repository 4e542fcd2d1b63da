import type { Ip4 } from '../addr/ipv4';
import { isPartialChecksum, pseudoHeaderSum, transportChecksum } from './checksum';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { IPPROTO_UDP, type UdpDatagram } from './types';

/* UDP (RFC 768). Linux always fills the IPv4 UDP checksum; a computed 0 is sent as 0xffff. */

export function encodeUdp(datagram: UdpDatagram, src: Ip4, dst: Ip4): Uint8Array {
  const bytes = new Uint8Array(8 + datagram.data.length);
  const view = viewOf(bytes);
  view.setUint16(0, datagram.sport);
  view.setUint16(2, datagram.dport);
  view.setUint16(4, bytes.length);
  bytes.set(datagram.data, 8);
  const pseudoSum = pseudoHeaderSum(src, dst, IPPROTO_UDP, bytes.length);
  const checksum = transportChecksum(bytes, pseudoSum, datagram.partialChecksum === true);
  view.setUint16(6, checksum === 0 ? 0xffff : checksum);
  return bytes;
}

/**
 * Reads a UDP datagram from the IP payload; the data ends where the UDP length says.
 * `quoted` accepts the zero-filled remains of an ICMP quote whose length field is missing.
 */
export function decodeUdp(bytes: Uint8Array, src: Ip4, dst: Ip4, quoted = false): UdpDatagram {
  requireLength(bytes, 8, 'UDP header');
  const view = viewOf(bytes);
  let length = view.getUint16(4);
  if (quoted && (length < 8 || length > bytes.length)) length = bytes.length;
  if (length < 8 || length > bytes.length) {
    throw new WireDecodeError(`UDP length ${length} does not fit a ${bytes.length}-byte IP payload`);
  }
  const partial = isPartialChecksum(view.getUint16(6), pseudoHeaderSum(src, dst, IPPROTO_UDP, length));
  return {
    kind: 'udp',
    sport: view.getUint16(0),
    dport: view.getUint16(2),
    data: bytes.slice(8, length),
    ...(partial ? { partialChecksum: true } : {}),
  };
}
