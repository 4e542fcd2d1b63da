import { internetChecksum } from './checksum';
import { requireLength, viewOf } from './bytes';
import {
  ICMP_DEST_UNREACH,
  ICMP_REDIRECT,
  ICMP_TIME_EXCEEDED,
  type IcmpMessage,
  type Ipv4Packet,
} from './types';

/*
 * ICMP (RFC 792). The 4 bytes after the checksum depend on the type: id/seq for echo and the
 * other queries, the gateway for a redirect, the next-hop MTU for "fragmentation needed", the
 * pointer for a parameter problem. Errors and redirects then quote the offending datagram.
 */

export const ICMP_SOURCE_QUENCH = 4;
export const ICMP_PARAMETER_PROBLEM = 12;
export const ICMP_FRAG_NEEDED_CODE = 4;

/**
 * Linux quotes at most 576 - 20 (new IP header) - 8 (ICMP header) bytes of the offending
 * datagram (icmp_send, net/ipv4/icmp.c), so a 60-byte SYN is quoted whole.
 */
export const LINUX_ICMP_QUOTE_LIMIT = 548;

/** Types whose body quotes a datagram instead of carrying id, sequence and data. */
export function isIcmpError(type: number): boolean {
  return (
    type === ICMP_DEST_UNREACH ||
    type === ICMP_SOURCE_QUENCH ||
    type === ICMP_REDIRECT ||
    type === ICMP_TIME_EXCEEDED ||
    type === ICMP_PARAMETER_PROBLEM
  );
}

/** How many bytes of an encoded original the message quotes. */
export function quotedByteCount(message: IcmpMessage, originalLength: number): number {
  return Math.min(originalLength, message.quotedLength ?? LINUX_ICMP_QUOTE_LIMIT);
}

/**
 * `quote` is the already encoded (and truncated) original datagram; the caller encodes it
 * because that needs the IPv4 encoder, which needs this one.
 */
export function encodeIcmp(message: IcmpMessage, quote: Uint8Array): Uint8Array {
  const error = isIcmpError(message.type);
  const body = error ? quote : (message.data ?? new Uint8Array(0));
  const bytes = new Uint8Array(8 + body.length);
  const view = viewOf(bytes);
  bytes[0] = message.type;
  bytes[1] = message.code;
  if (!error) {
    view.setUint16(4, message.id ?? 0);
    view.setUint16(6, message.seq ?? 0);
  } else if (message.type === ICMP_REDIRECT) {
    view.setUint32(4, (message.gateway ?? 0) >>> 0);
  } else if (message.type === ICMP_DEST_UNREACH) {
    view.setUint16(6, message.mtu ?? 0);
  } else if (message.type === ICMP_PARAMETER_PROBLEM) {
    bytes[4] = message.pointer ?? 0;
  }
  bytes.set(body, 8);
  view.setUint16(2, internetChecksum(bytes));
  return bytes;
}

/**
 * Reads an ICMP message filling `bytes`. An error's quote goes to `decodeQuote`, which must
 * accept a truncated datagram; quotedLength records how many bytes were actually quoted.
 */
export function decodeIcmp(bytes: Uint8Array, decodeQuote: (quote: Uint8Array) => Ipv4Packet): IcmpMessage {
  requireLength(bytes, 8, 'ICMP header');
  const view = viewOf(bytes);
  const type = bytes[0]!;
  const code = bytes[1]!;
  if (!isIcmpError(type)) {
    return { kind: 'icmp', type, code, id: view.getUint16(4), seq: view.getUint16(6), data: bytes.slice(8) };
  }
  const quote = bytes.subarray(8);
  const extra =
    type === ICMP_REDIRECT
      ? { gateway: view.getUint32(4) }
      : type === ICMP_DEST_UNREACH && view.getUint16(6) !== 0
        ? { mtu: view.getUint16(6) }
        : type === ICMP_PARAMETER_PROBLEM
          ? { pointer: bytes[4]! }
          : {};
  return { kind: 'icmp', type, code, ...extra, original: decodeQuote(quote), quotedLength: quote.length };
}
