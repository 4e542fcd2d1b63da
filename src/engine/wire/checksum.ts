import type { Ip4 } from '../addr/ipv4';

/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
 * 16-bit big-endian words. IP, ICMP, TCP and UDP all use it; TCP and UDP also cover a
 * pseudo-header, so the sum is built in parts and folded once at the end.
 */

/** Adds the 16-bit words of `bytes` to a running 32-bit sum (an odd last byte is padded with zero). */
export function sumWords(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const evenLength = bytes.length & ~1;
  for (let i = 0; i < evenLength; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length & 1) sum += bytes[bytes.length - 1]! << 8;
  // Fold now and then so the sum stays a small integer however long the input.
  return foldCarries(sum);
}

function foldCarries(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum field value for `bytes` (whose own checksum field must be zero), plus an initial sum. */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  return ~foldCarries(sumWords(bytes, initial)) & 0xffff;
}

/** The sum of the TCP/UDP pseudo-header: source, destination, protocol and transport length. */
export function pseudoHeaderSum(src: Ip4, dst: Ip4, protocol: number, transportLength: number): number {
  return foldCarries(
    (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + transportLength,
  );
}

/**
 * The checksum field of a TCP or UDP header: complete, or with `partial` what Linux leaves for
 * the device to finish (CHECKSUM_PARTIAL): the folded pseudo-header sum, not complemented.
 */
export function transportChecksum(bytes: Uint8Array, pseudoSum: number, partial: boolean): number {
  return partial ? pseudoSum : internetChecksum(bytes, pseudoSum);
}

/**
 * Whether a captured TCP/UDP checksum field is Linux's unfinished one. A complete checksum
 * could equal the pseudo-header sum only by a 1 in 65536 chance; the bytes then decode as
 * partial and re-encode identically anyway.
 */
export function isPartialChecksum(field: number, pseudoSum: number): boolean {
  return field === pseudoSum;
}
