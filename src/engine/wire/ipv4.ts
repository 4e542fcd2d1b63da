import { keptObjectMaker } from './kept-object';
import type { Ip4 } from '../addr/ipv4';
import { internetChecksum } from './checksum';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { decodeIcmp, encodeIcmp, quotedByteCount } from './icmp';
import { decodeTcp, encodeTcp, tcpHeaderLength } from './tcp';
import { decodeUdp, encodeUdp } from './udp';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, ipProtocol, type Ipv4Packet, type L4 } from './types';

/*
 * IPv4 (RFC 791) as Linux sends it: a 20-byte header without options, never fragmented by
 * the model. Total length and header checksum are derived here.
 */

export const IPV4_HEADER_LENGTH = 20;

/** The total length field the packet gets when encoded, without encoding it. */
export function ipv4Length(p: Ipv4Packet): number {
  const l4 = p.payload;
  if (l4.kind === 'tcp') return IPV4_HEADER_LENGTH + tcpHeaderLength(l4) + l4.data.length;
  if (l4.kind === 'udp') return IPV4_HEADER_LENGTH + 8 + l4.data.length;
  if (l4.kind === 'ipip') return IPV4_HEADER_LENGTH + ipv4Length(l4.inner);
  if (l4.original) return IPV4_HEADER_LENGTH + 8 + quotedByteCount(l4, ipv4Length(l4.original));
  return IPV4_HEADER_LENGTH + 8 + (l4.data?.length ?? 0);
}
const FLAG_DF = 0x4000;
const FLAG_MF = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

function encodeTransport(packet: Ipv4Packet): Uint8Array {
  const l4 = packet.payload;
  switch (l4.kind) {
    case 'tcp':
      return encodeTcp(l4, packet.src, packet.dst);
    case 'udp':
      return encodeUdp(l4, packet.src, packet.dst);
    case 'ipip':
      return encodeIpv4(l4.inner);
    case 'icmp': {
      const original = l4.original ? encodeIpv4(l4.original) : new Uint8Array(0);
      return encodeIcmp(l4, original.subarray(0, quotedByteCount(l4, original.length)));
    }
  }
}

export function encodeIpv4(packet: Ipv4Packet): Uint8Array {
  const transport = encodeTransport(packet);
  const bytes = new Uint8Array(IPV4_HEADER_LENGTH + transport.length);
  const view = viewOf(bytes);
  bytes[0] = 0x45; // version 4, 5 words of header
  bytes[1] = packet.tos;
  view.setUint16(2, bytes.length);
  view.setUint16(4, packet.id);
  view.setUint16(6, packet.df ? FLAG_DF : 0);
  bytes[8] = packet.ttl;
  bytes[9] = ipProtocol(packet.payload);
  view.setUint32(12, packet.src >>> 0);
  view.setUint32(16, packet.dst >>> 0);
  view.setUint16(10, internetChecksum(bytes.subarray(0, IPV4_HEADER_LENGTH)));
  bytes.set(transport, IPV4_HEADER_LENGTH);
  return bytes;
}

interface Ipv4Header {
  readonly packet: Omit<Ipv4Packet, 'payload'>;
  readonly protocol: number;
  readonly totalLength: number;
}

function decodeHeader(bytes: Uint8Array): Ipv4Header {
  requireLength(bytes, IPV4_HEADER_LENGTH, 'IPv4 header');
  const view = viewOf(bytes);
  const version = bytes[0]! >> 4;
  const headerLength = (bytes[0]! & 15) * 4;
  if (version !== 4) throw new WireDecodeError(`IPv4 header: version is ${version}`);
  if (headerLength !== IPV4_HEADER_LENGTH) {
    throw new WireDecodeError(`IPv4 header: ${headerLength - IPV4_HEADER_LENGTH} bytes of IP options are not modelled`);
  }
  const flagsAndOffset = view.getUint16(6);
  if (flagsAndOffset & (FLAG_MF | FRAGMENT_OFFSET_MASK)) {
    throw new WireDecodeError('IPv4 header: fragments are not modelled');
  }
  const totalLength = view.getUint16(2);
  if (totalLength < IPV4_HEADER_LENGTH) throw new WireDecodeError(`IPv4 header: total length ${totalLength}`);
  return {
    packet: {
      kind: 'ipv4',
      tos: bytes[1]!,
      id: view.getUint16(4),
      df: (flagsAndOffset & FLAG_DF) !== 0,
      ttl: bytes[8]!,
      src: view.getUint32(12),
      dst: view.getUint32(16),
    },
    protocol: bytes[9]!,
    totalLength,
  };
}

function decodeTransport(header: Ipv4Header, bytes: Uint8Array, quoted: boolean): L4 {
  const { src, dst } = header.packet;
  switch (header.protocol) {
    case IPPROTO_TCP:
      return decodeTcp(bytes, src, dst, quoted);
    case IPPROTO_UDP:
      return decodeUdp(bytes, src, dst, quoted);
    case IPPROTO_ICMP:
      return decodeIcmp(bytes, decodeQuotedIpv4);
    case IPPROTO_IPIP:
      return { kind: 'ipip', inner: quoted ? decodeQuotedIpv4(bytes) : decodeIpv4(bytes) };
    default:
      throw new WireDecodeError(`IPv4 protocol ${header.protocol} is not modelled`);
  }
}

/** Reads an IPv4 packet; bytes past its total length (Ethernet padding) are ignored. */
export function decodeIpv4(bytes: Uint8Array): Ipv4Packet {
  const header = decodeHeader(bytes);
  if (header.totalLength > bytes.length) {
    throw new WireDecodeError(`IPv4 total length ${header.totalLength} exceeds the ${bytes.length} bytes captured`);
  }
  const transport = bytes.subarray(IPV4_HEADER_LENGTH, header.totalLength);
  return { ...header.packet, payload: decodeTransport(header, transport, false) };
}

/**
 * Reads the datagram an ICMP error quotes, which is usually cut short. The bytes past the
 * quote are unknown; they are read as zeros so the packet keeps the length its header states
 * (a quote of 8 TCP bytes becomes a segment with those ports and seq, other fields zero, no
 * options, and zero data up to the stated length). Re-encoding it reproduces the quoted bytes,
 * except a complete UDP or ICMP checksum over data that was cut off (Linux's own partial
 * checksums cover no data, so they do come back).
 */
export function decodeQuotedIpv4(quote: Uint8Array): Ipv4Packet {
  const header = decodeHeader(quote);
  const available = Math.min(quote.length, header.totalLength);
  const transport = new Uint8Array(header.totalLength - IPV4_HEADER_LENGTH);
  transport.set(quote.subarray(IPV4_HEADER_LENGTH, available));
  return { ...header.packet, payload: decodeTransport(header, transport, true) };
}

/** A packet of every field, made by a constructor (wire/kept-object.ts: a run keeps the one each router hop makes). */
const Ipv4 = keptObjectMaker(function (this: { -readonly [K in keyof Ipv4Packet]: Ipv4Packet[K] }, tos: number, id: number, df: boolean, ttl: number, src: Ip4, dst: Ip4, payload: Ipv4Packet['payload']) {
  this.kind = 'ipv4'; this.tos = tos; this.id = id; this.df = df; this.ttl = ttl; this.src = src; this.dst = dst; this.payload = payload;
});

/** The same packet with another TTL, built field by field: one object shape for every packet. */
export function withTtl(p: Ipv4Packet, ttl: number): Ipv4Packet {
  return new Ipv4(p.tos, p.id, p.df, ttl, p.src, p.dst, p.payload);
}
