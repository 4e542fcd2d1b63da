import { unpaddedTcpOptionsLength } from './tcp';
import { formatTextProtocol, tcpTextProtocol } from './tcpdump-text';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG, type TcpOption, type TcpSegment } from './types';

/*
 * The TCP part of a `tcpdump -n -S` line (print-tcp.c in tcpdump 4.99), checked against the
 * real tcpdump by tcpdump.test.ts. Sequence numbers are absolute, as with -S: plain tcpdump
 * prints relative numbers once it has seen a connection's SYN, which depends on what else the
 * capture holds; -S keeps one frame's line a function of that frame alone.
 */

/** Flag letters in tcpdump's order: FIN, SYN, RST, PUSH, ACK, URG, ECE, CWR. */
const FLAG_LETTERS: readonly [number, string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

export function formatTcpFlags(flags: number): string {
  const letters = FLAG_LETTERS.filter(([bit]) => flags & bit).map(([, letter]) => letter).join('');
  return letters === '' ? 'none' : letters;
}

/** Option kinds tcpdump names; the model keeps them as 'unknown' with raw data. */
const NAMED_KINDS: Record<number, string> = {
  6: 'echo',
  7: 'echoreply',
  11: 'cc',
  12: 'ccnew',
  13: '',
  19: 'md5',
  20: 'scps',
  28: 'uto',
  29: 'tcp-ao',
  30: 'mptcp',
  34: 'tfo',
  254: 'exp',
};

const hex = (data: Uint8Array) => Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Kinds the model keeps raw. Linux sends them only when configured for them (TCP_MD5SIG, fast
 * open, user timeout), which the playground does not model; md5, tfo and uto follow tcpdump,
 * the rest print as "name 0x<data>", which tcpdump does only for kinds it does not know.
 */
function formatOtherOption(type: number, data: Uint8Array): string {
  const name = NAMED_KINDS[type] ?? `unknown-${type}`;
  if (type === 19 && data.length === 16) return `md5 shared secret not supplied with -M, can't check - ${hex(data)}`;
  if (type === 34 && data.length === 0) return 'tfo  cookiereq';
  if (type === 34 && data.length >= 4 && data.length <= 16 && data.length % 2 === 0) return `tfo  cookie ${hex(data)}`;
  if (type === 28 && data.length === 2) {
    const value = (data[0]! << 8) | data[1]!;
    // tcpdump takes the granularity from bit 0 (RFC 5482 puts it in bit 15): minutes when set.
    return `uto 0x${value.toString(16)} ${value & 1 ? (value >> 1) * 60 : value >> 1}`;
  }
  return data.length > 0 ? `${name} 0x${hex(data)}` : name;
}

function formatOption(option: TcpOption): string {
  switch (option.kind) {
    case 'nop':
      return 'nop';
    case 'mss':
      return `mss ${option.value}`;
    case 'wscale':
      return `wscale ${option.shift}`;
    case 'sackOK':
      return 'sackOK';
    case 'timestamp':
      return `TS val ${option.value >>> 0} ecr ${option.echo >>> 0}`;
    case 'sack':
      return `sack ${option.blocks.length} ${option.blocks.map(([l, r]) => `{${l >>> 0}:${r >>> 0}}`).join('')}`;
    case 'unknown':
      return formatOtherOption(option.type, option.data);
  }
}

/** "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7"; padding prints as a final "eol", where tcpdump stops. */
export function formatTcpOptions(options: readonly TcpOption[]): string {
  const parts = options.map(formatOption);
  if (unpaddedTcpOptionsLength(options) % 4 !== 0) parts.push('eol');
  return parts.join(',');
}

/** "Flags [S], seq 123, win 64240, options [...], length 0": the text after "src.port > dst.port: ". */
export function formatTcp(segment: TcpSegment): string {
  const length = segment.data.length;
  let text = `Flags [${formatTcpFlags(segment.flags)}]`;
  if (length > 0 || segment.flags & (TCP_SYN | TCP_FIN | TCP_RST)) {
    text += `, seq ${segment.seq >>> 0}`;
    if (length > 0) text += `:${(segment.seq + length) >>> 0}`;
  }
  if (segment.flags & TCP_ACK) text += `, ack ${segment.ack >>> 0}`;
  text += `, win ${segment.window}`;
  if (segment.flags & TCP_URG) text += `, urg ${segment.urgent ?? 0}`;
  if (segment.options.length > 0) text += `, options [${formatTcpOptions(segment.options)}]`;
  text += `, length ${length}`;
  const textProtocol = length > 0 ? tcpTextProtocol(segment.sport, segment.dport) : undefined;
  if (textProtocol) text += formatTextProtocol(textProtocol, segment.data);
  return text;
}
