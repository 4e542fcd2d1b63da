import { formatIp4, prefixMask } from '../addr/ipv4';
import { IPSET_BANNER } from '../command/ipset';
import { getservbyname } from '../command/netdb';
import type { Word } from '../command/types';
import type { IpSetElem } from '../kernel/netfilter/ipset/ip_set';
import type { IpSet } from '../kernel/netfilter/ipset/ip_set_core';
import { CommandFailure } from './libnetlink';

/*
 * ipset's reading and printing of elements (lib/parse.c, lib/print.c): addresses, networks and
 * ranges, proto:port, what one element word stands for in a set's type, and how ipset prints one.
 */

export const fail = (text: string, column?: number) => new CommandFailure(`${IPSET_BANNER}: ${text}`, 1, column);
export const syntax = (text: string, column?: number) => fail(`Syntax error: ${text}`, column);

/** ipset_parse_uint32 and friends: a decimal number within [min, max]. */
export function number(text: string, min: number, max: number, column: number): number {
  if (!/^\d+$/.test(text)) throw syntax(`'${text}' is invalid as number`, column);
  const n = Number(text);
  if (n < min || n > max) throw syntax(`'${text}' is out of range ${min}-${max}`, column);
  return n;
}

/** An IPv4 address as getaddrinfo reads a numeric one (the lab has no names to resolve). */
function ipv4(text: string, column: number): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m || m.slice(1).some((p) => Number(p) > 255)) throw syntax(`cannot parse ${text}: resolving to IPv4 address failed`, column);
  return m.slice(1).reduce((a, p) => a * 256 + Number(p), 0);
}

/** `addr[/cidr]` (ipset_parse_ipnet). */
function ipNet(text: string, column: number): { ip: number; cidr: number } {
  const [addr, cidr] = text.split('/');
  return { ip: ipv4(addr!, column), cidr: cidr === undefined ? 32 : number(cidr, 0, 32, column) };
}

/** `from-to` (either way round), as ipset_parse_iprange reads it. */
function fromTo(text: string, column: number): { from: number; to: number } {
  const dash = text.indexOf('-');
  const a = ipv4(text.slice(0, dash), column);
  const b = text.slice(dash + 1) === '' ? ipv4(text, column) : ipv4(text.slice(dash + 1), column);
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

/** ip_set_range_to_cidr: a range as the largest aligned networks that cover it, in order. */
function* rangeToCidrs(from: number, to: number): Generator<{ ip: number; cidr: number }> {
  let ip = from;
  while (ip <= to) {
    let cidr = 32;
    // Widen while the block stays aligned and inside the range.
    while (cidr > 0 && ip % 2 ** (33 - cidr) === 0 && ip + 2 ** (33 - cidr) - 1 <= to) cidr--;
    yield { ip, cidr };
    ip += 2 ** (32 - cidr);
  }
}

/** A network dimension: addr[/cidr] (/0 is the kernel's IPSET_ERR_INVALID_CIDR), or FROM-TO as networks. */
function nets(text: string, column: number): { ip: number; cidr: number }[] | Generator<{ ip: number; cidr: number }> {
  if (text.includes('-')) {
    const { from, to } = fromTo(text, column);
    return rangeToCidrs(from, to);
  }
  const { ip, cidr } = ipNet(text, column);
  if (cidr === 0) throw fail('The value of the CIDR parameter of the IP address is invalid', column);
  return [{ ip: (ip & prefixMask(cidr)) >>> 0, cidr }];
}

const PROTOS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, sctp: 132, udplite: 136 };
export const PROTO_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PROTOS).map(([k, v]) => [v, k]));

/** lib/icmp.c's names, as ipset prints and reads an ICMP element. */
const ICMP_NAMES: [string, number][] = [
  ['echo-reply', 0x0000], ['pong', 0x0000], ['network-unreachable', 0x0300], ['host-unreachable', 0x0301], ['protocol-unreachable', 0x0302],
  ['port-unreachable', 0x0303], ['fragmentation-needed', 0x0304], ['source-route-failed', 0x0305], ['network-unknown', 0x0306],
  ['host-unknown', 0x0307], ['network-prohibited', 0x0309], ['host-prohibited', 0x030a], ['communication-prohibited', 0x030d],
  ['source-quench', 0x0400], ['network-redirect', 0x0500], ['host-redirect', 0x0501], ['echo-request', 0x0800], ['ping', 0x0800],
  ['router-advertisement', 0x0900], ['router-solicitation', 0x0a00], ['ttl-zero-during-transit', 0x0b00],
  ['ttl-zero-during-reassembly', 0x0b01], ['ip-header-bad', 0x0c00], ['required-option-missing', 0x0c01],
  ['timestamp-request', 0x0d00], ['timestamp-reply', 0x0e00], ['address-mask-request', 0x1100], ['address-mask-reply', 0x1200],
];

/** ipset_parse_tcp_port: a number or an /etc/services name, with the three lines ipset prints for a bad one. */
export function port(text: string, proto: string, column: number): number {
  const named = getservbyname(text, proto);
  if (named !== undefined) return named;
  if (/^\d+$/.test(text) && Number(text) <= 65535) return Number(text);
  const first = /^\d+$/.test(text) ? `'${text}' is out of range 0-65535` : `'${text}' is invalid as number`;
  throw syntax(`${first}\nSyntax error: '${proto}' is invalid as number\ncannot parse '${text}' as a ${proto} port`, column);
}

/** `[proto:]port[-port]` (ipset_parse_proto_port): the ports it names. */
function protoPorts(text: string, column: number): { proto: number; ports: number[] } {
  const colon = text.indexOf(':');
  const protoName = colon < 0 ? 'tcp' : text.slice(0, colon);
  const value = colon < 0 ? text : text.slice(colon + 1);
  const proto = PROTOS[protoName];
  if (proto === undefined) throw syntax(`cannot parse '${protoName}' as a protocol`, column);
  if (proto === 1) {
    const named = ICMP_NAMES.find(([n]) => n === value);
    const tc = /^(\d+)\/(\d+)$/.exec(value);
    if (named) return { proto, ports: [named[1]] };
    if (tc && Number(tc[1]) < 256 && Number(tc[2]) < 256) return { proto, ports: [(Number(tc[1]) << 8) | Number(tc[2])] };
    throw syntax(`cannot parse ${value} as ICMP type/code or name`, column);
  }
  return { proto, ports: portRange(value, protoName, column) };
}

function portRange(text: string, proto: string, column: number): number[] {
  const dash = text.indexOf('-');
  const from = port(dash < 0 ? text : text.slice(0, dash), proto, column);
  const to = dash < 0 ? from : port(text.slice(dash + 1), proto, column);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** What one element word stands for in the set's type: a CIDR and a port range are several. */
export interface ParsedElement {
  /** The element a test looks up: the address as written (not masked), the one port. */
  first: IpSetElem;
  /** The elements add and del go through, in the kernel's order (addresses, then ports). */
  elements(): Iterable<IpSetElem>;
  /** An IP/CIDR range or a FROM-TO port range (test refuses them for the two- and three-dimensional types). */
  ipRange: boolean;
  portRange: boolean;
  /** A FROM-TO range of networks (hash:net's test refuses it). */
  netRange?: boolean;
}

/**
 * An address standing for a range: FROM-TO (either way round), or /CIDR (/0 is the kernel's
 * IPSET_ERR_INVALID_CIDR). `ip` is the address as written first, which test looks up.
 */
function ipRange(text: string, column: number): { ip: number; base: number; count: number } {
  if (text.includes('-')) {
    const { from, to } = fromTo(text, column);
    return { ip: ipv4(text.slice(0, text.indexOf('-')), column), base: from, count: to - from + 1 };
  }
  const { ip, cidr } = ipNet(text, column);
  if (cidr === 0) throw fail('The value of the CIDR parameter of the IP address is invalid', column);
  return { ip, base: (ip & prefixMask(cidr)) >>> 0, count: 2 ** (32 - cidr) };
}

/** The elements one element word stands for in this set's type (lib/parse.c, the type's uadt). */
export function parseElements(set: IpSet, word: Word): ParsedElement {
  const text = word.text;
  switch (set.type.name) {
    case 'hash:ip': {
      const { ip, base, count } = ipRange(text, word.column);
      return {
        first: { ip },
        *elements() {
          for (let i = 0; i < count; i++) yield { ip: base + i };
        },
        ipRange: count > 1,
        portRange: false,
      };
    }
    case 'hash:net': {
      if (text.includes('-')) {
        const { from, to } = fromTo(text, word.column);
        return { first: { ip: from, cidr: 32 }, elements: () => rangeToCidrs(from, to), ipRange: false, portRange: false, netRange: true };
      }
      const { ip, cidr } = ipNet(text, word.column);
      const e = { ip: (ip & prefixMask(cidr)) >>> 0, cidr };
      return { first: e, elements: () => [e], ipRange: false, portRange: false };
    }
    case 'hash:ip,port':
    case 'hash:ip,port,ip':
    case 'hash:ip,port,net': {
      const parts = text.split(',');
      if (parts.length < 2) throw syntax(`Second element is missing from ${text}.`, word.column);
      if (parts.length < set.type.dimension) throw syntax(`Third element is missing from ${text}.`, word.column);
      const { ip, base, count } = ipRange(parts[0]!, word.column);
      const { proto, ports } = protoPorts(set.type.dimension === 2 ? parts.slice(1).join(',') : parts[1]!, word.column);
      const thirdText = parts.slice(2).join(',');
      const third = thirdDimension(set.type.name, thirdText, word.column);
      return {
        first: { ip, proto, port: ports[0]!, ...third },
        *elements() {
          for (let i = 0; i < count; i++) for (const port of ports) {
            // hash:ip,port,net: a FROM-TO third part is its networks, innermost in the kernel's loop.
            if (set.type.name !== 'hash:ip,port,net' || !thirdText.includes('-')) yield { ip: base + i, proto, port, ...third };
            else for (const n of nets(thirdText, word.column)) yield { ip: base + i, proto, port, ip2: n.ip, cidr2: n.cidr };
          }
        },
        ipRange: count > 1,
        portRange: ports.length > 1,
        netRange: set.type.name === 'hash:ip,port,net' && thirdText.includes('-'),
      };
    }
    default: {
      const ports = portRange(text, 'tcp', word.column);
      return { first: { port: ports[0]! }, elements: () => ports.map((port) => ({ port })), ipRange: false, portRange: ports.length > 1 };
    }
  }
}

/** hash:ip,port,ip's plain address, or hash:ip,port,net's network (ipset_parse_ip / ipset_parse_ipnet). */
function thirdDimension(type: string, text: string, column: number): Pick<IpSetElem, 'ip2' | 'cidr2'> {
  if (type === 'hash:ip,port') return {};
  if (type === 'hash:ip,port,ip') {
    if (text.includes('/')) throw syntax(`plain IP address must be supplied: ${text}`, column);
    return { ip2: ipv4(text, column) };
  }
  // A FROM-TO range: its first network here (a test looks it up); elements() goes through them all.
  const [n] = nets(text, column);
  return { ip2: n!.ip, cidr2: n!.cidr };
}

/** An element as ipset prints it (list, save, test). */
export function elementText(e: IpSetElem): string {
  if (e.ip === undefined) return String(e.port);
  const ip = formatIp4(e.ip);
  if (e.proto !== undefined) {
    const icmp = e.proto === 1 ? ICMP_NAMES.find(([, v]) => v === e.port)?.[0] ?? `${e.port! >> 8}/${e.port! & 0xff}` : undefined;
    const third = e.ip2 === undefined ? '' : `,${formatIp4(e.ip2)}${e.cidr2 !== undefined && e.cidr2 !== 32 ? `/${e.cidr2}` : ''}`;
    return `${ip},${PROTO_NAMES[e.proto] ?? e.proto}:${icmp ?? e.port}${third}`;
  }
  return e.cidr !== undefined && e.cidr !== 32 ? `${ip}/${e.cidr}` : ip;
}
