import { formatIp4 } from '../addr/ipv4';
import { viewOf } from './bytes';
import { isIcmpError, quotedByteCount } from './icmp';
import { encodeIpv4 } from './ipv4';
import { IPPROTO_TCP, IPPROTO_UDP, type IcmpMessage } from './types';

/*
 * The ICMP part of a `tcpdump -n` line (print-icmp.c in tcpdump 4.99), checked against the
 * real tcpdump by tcpdump.test.ts. Errors name the quoted datagram's destination, so they
 * read the quote as bytes, exactly as tcpdump does (a port unreachable about an ICMP packet
 * prints the quoted ICMP checksum as the "port").
 */

const UNREACHABLE: Record<number, string> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff',
};

const REDIRECT: Record<number, string> = {
  0: 'redirect %s to net %s',
  1: 'redirect %s to host %s',
  2: 'redirect-tos %s to net %s',
  3: 'redirect-tos %s to host %s',
};

const SIMPLE_TYPES: Record<number, string> = {
  4: 'source quench',
  10: 'router solicitation',
  15: 'information request',
  16: 'information reply',
  17: 'address mask request',
};

/** What tcpdump prints when a header it needs is cut short (nd_print_trunc). */
export const ICMP_TRUNCATED = ' [|icmp]';

function fill(format: string, ...values: string[]): string {
  let i = 0;
  return format.replace(/%s/g, () => values[i++] ?? '');
}

/** Milliseconds since midnight UT as hh:mm:ss.mmm (icmp_tstamp_print). */
function timestamp(ms: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const seconds = Math.floor(ms / 1000);
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(ms % 1000).padStart(3, '0')}`;
}

function routerLifetime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${two(seconds % 60)}`;
  return `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** The description for an error; undefined when the quote is too short for what tcpdump reads. */
function describeError(message: IcmpMessage, quote: Uint8Array): string | undefined {
  const view = viewOf(quote);
  const quotedDst = quote.length >= 20 ? formatIp4(view.getUint32(16)) : undefined;
  switch (message.type) {
    case 3: {
      if (quotedDst === undefined) return undefined;
      if (message.code === 2) return `${quotedDst} protocol ${quote[9]} unreachable`;
      if (message.code === 3) {
        const transport = (quote[0]! & 15) * 4;
        if (quote.length < transport + 4) return undefined;
        const port = view.getUint16(transport + 2);
        const protocol = quote[9]!;
        if (protocol === IPPROTO_TCP) return `${quotedDst} tcp port ${port} unreachable`;
        if (protocol === IPPROTO_UDP) return `${quotedDst} udp port ${port} unreachable`;
        return `${quotedDst} protocol ${protocol} port ${port} unreachable`;
      }
      if (message.code === 4) {
        return message.mtu ? `${quotedDst} unreachable - need to frag (mtu ${message.mtu})` : `${quotedDst} unreachable - need to frag`;
      }
      return fill(UNREACHABLE[message.code] ?? `%s unreachable - #${message.code}`, quotedDst);
    }
    case 5:
      if (quotedDst === undefined) return undefined;
      return fill(REDIRECT[message.code] ?? `redirect-#${message.code} %s to %s`, quotedDst, formatIp4(message.gateway ?? 0));
    case 11:
      if (quotedDst === undefined) return undefined;
      return message.code === 0
        ? 'time exceeded in-transit'
        : message.code === 1
          ? 'ip reassembly time exceeded'
          : `time exceeded-#${message.code}`;
    case 12:
      return message.code === 0 ? `parameter problem - octet ${message.pointer ?? 0}` : `parameter problem - code ${message.code}`;
    default:
      return SIMPLE_TYPES[message.type] ?? `type-#${message.type}`;
  }
}

/** Queries and replies: echo, timestamps, router discovery, masks (bytes 4-7 are id and seq in the model). */
function describeQuery(message: IcmpMessage, data: Uint8Array): string | undefined {
  const id = message.id ?? 0;
  const seq = message.seq ?? 0;
  const view = viewOf(data);
  switch (message.type) {
    case 0:
      return `echo reply, id ${id}, seq ${seq}`;
    case 8:
      return `echo request, id ${id}, seq ${seq}`;
    case 9: {
      const [count, size] = [id >> 8, id & 255];
      let text = `router advertisement lifetime ${routerLifetime(seq)} ${count}:`;
      if (size !== 2) return `${text} [size ${size}]`;
      for (let i = 0; i < count; i++) {
        if (data.length < 8 * i + 8) return undefined;
        text += ` {${formatIp4(view.getUint32(8 * i))} ${view.getUint32(8 * i + 4)}}`;
      }
      return text;
    }
    case 13:
      return `time stamp query id ${id} seq ${seq}`;
    case 14:
      if (data.length < 12) return undefined;
      return `time stamp reply id ${id} seq ${seq}: org ${timestamp(view.getUint32(0))}, recv ${timestamp(view.getUint32(4))}, xmit ${timestamp(view.getUint32(8))}`;
    case 18:
      if (data.length < 4) return undefined;
      return `address mask is 0x${view.getUint32(0).toString(16).padStart(8, '0')}`;
    default:
      return SIMPLE_TYPES[message.type] ?? `type-#${message.type}`;
  }
}

/** "ICMP echo request, id 42, seq 1, length 64": the text after "src > dst: ". */
export function formatIcmp(message: IcmpMessage): string {
  const isError = isIcmpError(message.type);
  let body: Uint8Array;
  if (isError) {
    const original = message.original ? encodeIpv4(message.original) : new Uint8Array(0);
    body = original.subarray(0, quotedByteCount(message, original.length));
  } else {
    body = message.data ?? new Uint8Array(0);
  }
  const description = isError ? describeError(message, body) : describeQuery(message, body);
  if (description === undefined) return ICMP_TRUNCATED;
  return `ICMP ${description}, length ${8 + body.length}`;
}
