import type { Ip4 } from '../addr/ipv4';
import { isPartialChecksum, pseudoHeaderSum, transportChecksum } from './checksum';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { IPPROTO_TCP, type TcpOption, type TcpSegment } from './types';

/* TCP header (RFC 9293) with options; the checksum covers the IPv4 pseudo-header. */

const TCPOPT_EOL = 0;
const TCPOPT_NOP = 1;
const TCPOPT_MSS = 2;
const TCPOPT_WSCALE = 3;
const TCPOPT_SACK_PERM = 4;
const TCPOPT_SACK = 5;
const TCPOPT_TIMESTAMP = 8;
const MAX_HEADER_LENGTH = 60;

function encodeOption(option: TcpOption): number[] {
  const u16 = (n: number) => [(n >>> 8) & 255, n & 255];
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  switch (option.kind) {
    case 'nop':
      return [TCPOPT_NOP];
    case 'mss':
      return [TCPOPT_MSS, 4, ...u16(option.value)];
    case 'wscale':
      return [TCPOPT_WSCALE, 3, option.shift];
    case 'sackOK':
      return [TCPOPT_SACK_PERM, 2];
    case 'sack':
      return [TCPOPT_SACK, 2 + 8 * option.blocks.length, ...option.blocks.flatMap(([l, r]) => [...u32(l), ...u32(r)])];
    case 'timestamp':
      return [TCPOPT_TIMESTAMP, 10, ...u32(option.value), ...u32(option.echo)];
    case 'unknown':
      return [option.type, 2 + option.data.length, ...option.data];
  }
}

/**
 * Options in the order given. Linux always emits whole 32-bit words (it inserts its own NOPs),
 * so padding only happens for hand-made lists; it is zeros, i.e. end-of-options (RFC 9293 3.1).
 */
export function encodeTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const raw = options.flatMap(encodeOption);
  const padded = new Uint8Array(Math.ceil(raw.length / 4) * 4);
  padded.set(raw);
  return padded;
}

/** One option's encoded length, without encoding it (asked for every packet's length). */
function optionLength(option: TcpOption): number {
  switch (option.kind) {
    case 'nop':
      return 1;
    case 'mss':
      return 4;
    case 'wscale':
      return 3;
    case 'sackOK':
      return 2;
    case 'sack':
      return 2 + 8 * option.blocks.length;
    case 'timestamp':
      return 10;
    case 'unknown':
      return 2 + option.data.length;
  }
}

/** The options' length before padding; when not a multiple of 4, the padding reads as end-of-options. */
export function unpaddedTcpOptionsLength(options: readonly TcpOption[]): number {
  let n = 0;
  for (const option of options) n += optionLength(option);
  return n;
}

export function tcpHeaderLength(segment: TcpSegment): number {
  return 20 + Math.ceil(unpaddedTcpOptionsLength(segment.options) / 4) * 4;
}

export function encodeTcp(segment: TcpSegment, src: Ip4, dst: Ip4): Uint8Array {
  const options = encodeTcpOptions(segment.options);
  const headerLength = 20 + options.length;
  if (headerLength > MAX_HEADER_LENGTH) {
    throw new RangeError(`TCP options take ${options.length} bytes; at most 40 fit in a header`);
  }
  const bytes = new Uint8Array(headerLength + segment.data.length);
  const view = viewOf(bytes);
  view.setUint16(0, segment.sport);
  view.setUint16(2, segment.dport);
  view.setUint32(4, segment.seq >>> 0);
  view.setUint32(8, segment.ack >>> 0);
  bytes[12] = (headerLength / 4) << 4;
  bytes[13] = segment.flags & 0xff;
  view.setUint16(14, segment.window);
  view.setUint16(18, segment.urgent ?? 0);
  bytes.set(options, 20);
  bytes.set(segment.data, headerLength);
  const pseudoSum = pseudoHeaderSum(src, dst, IPPROTO_TCP, bytes.length);
  view.setUint16(16, transportChecksum(bytes, pseudoSum, segment.partialChecksum === true));
  return bytes;
}

function decodeOptions(bytes: Uint8Array): TcpOption[] {
  const options: TcpOption[] = [];
  const view = viewOf(bytes);
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i]!;
    if (type === TCPOPT_EOL) break; // the rest is padding
    if (type === TCPOPT_NOP) {
      options.push({ kind: 'nop' });
      i += 1;
      continue;
    }
    const length = bytes[i + 1];
    if (length === undefined || length < 2 || i + length > bytes.length) {
      throw new WireDecodeError(`TCP option ${type} at offset ${i} has a bad length`);
    }
    options.push(decodeOption(type, bytes.subarray(i + 2, i + length), view, i + 2));
    i += length;
  }
  return options;
}

/** One option from its data bytes; a known kind with an unexpected length stays 'unknown' so it re-encodes exactly. */
function decodeOption(type: number, data: Uint8Array, view: DataView, at: number): TcpOption {
  if (type === TCPOPT_MSS && data.length === 2) return { kind: 'mss', value: view.getUint16(at) };
  if (type === TCPOPT_WSCALE && data.length === 1) return { kind: 'wscale', shift: data[0]! };
  if (type === TCPOPT_SACK_PERM && data.length === 0) return { kind: 'sackOK' };
  if (type === TCPOPT_TIMESTAMP && data.length === 8) {
    return { kind: 'timestamp', value: view.getUint32(at), echo: view.getUint32(at + 4) };
  }
  if (type === TCPOPT_SACK && data.length % 8 === 0) {
    const blocks: [number, number][] = [];
    for (let j = 0; j < data.length; j += 8) blocks.push([view.getUint32(at + j), view.getUint32(at + j + 4)]);
    return { kind: 'sack', blocks };
  }
  return { kind: 'unknown', type, data: data.slice() };
}

/**
 * Reads a TCP segment that fills `bytes` (the IP payload between `src` and `dst`). `quoted`
 * accepts the zero-filled remains of an ICMP quote, whose data offset may be missing (zero):
 * it is taken as 20.
 */
export function decodeTcp(bytes: Uint8Array, src: Ip4, dst: Ip4, quoted = false): TcpSegment {
  requireLength(bytes, 20, 'TCP header');
  const view = viewOf(bytes);
  let headerLength = (bytes[12]! >> 4) * 4;
  if (quoted && headerLength < 20) headerLength = 20;
  if (headerLength < 20 || headerLength > bytes.length) {
    throw new WireDecodeError(`TCP header length ${headerLength} does not fit a ${bytes.length}-byte segment`);
  }
  const urgent = view.getUint16(18);
  return {
    kind: 'tcp',
    sport: view.getUint16(0),
    dport: view.getUint16(2),
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    flags: bytes[13]!,
    window: view.getUint16(14),
    ...(urgent ? { urgent } : {}),
    options: decodeOptions(bytes.subarray(20, headerLength)),
    data: bytes.slice(headerLength),
    ...(isPartialChecksum(view.getUint16(16), pseudoHeaderSum(src, dst, IPPROTO_TCP, bytes.length)) ? { partialChecksum: true } : {}),
  };
}
