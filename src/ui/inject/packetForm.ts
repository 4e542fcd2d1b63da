import { parseIp4 } from '../../engine/addr/ipv4';
import type { InjectProto, InjectSpec } from '../../engine/sim/inject';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../../engine/wire/types';

/*
 * The "Send a packet here" form as text, checked field by field with messages that name what
 * is wrong (as `hairpin trace` says it for the same packet), and turned into an injection spec.
 */

/** Where the packet starts: a port's name, or FROM_LOCAL (a process on the device sends it). */
export const FROM_LOCAL = '\0local';

export interface PacketForm {
  start: string;
  proto: InjectProto;
  src: string;
  sport: string;
  dst: string;
  dport: string;
  flags: number;
  mark: string;
}

export type PacketField = 'start' | 'src' | 'sport' | 'dst' | 'dport' | 'flags' | 'mark';

/** TCP flags in tcpdump's order and letters. */
export const TCP_FLAGS: { bit: number; name: string; letter: string }[] = [
  { bit: TCP_SYN, name: 'SYN', letter: 'S' },
  { bit: TCP_ACK, name: 'ACK', letter: '.' },
  { bit: TCP_FIN, name: 'FIN', letter: 'F' },
  { bit: TCP_RST, name: 'RST', letter: 'R' },
  { bit: TCP_PSH, name: 'PSH', letter: 'P' },
  { bit: TCP_URG, name: 'URG', letter: 'U' },
  { bit: TCP_ECE, name: 'ECE', letter: 'E' },
  { bit: TCP_CWR, name: 'CWR', letter: 'W' },
];

/** The address part of "91.99.148.215/32". */
export function addressOf(cidr: string | undefined): string {
  return cidr?.split('/')[0] ?? '';
}

/** A sensible first packet: a TCP SYN from a documentation address (RFC 5737) to the port's first address, port 22. */
export function initialForm(ports: readonly string[], addresses: Record<string, string[]>): PacketForm {
  const start = ports[0] ?? FROM_LOCAL;
  return { start, proto: 'tcp', src: start === FROM_LOCAL ? '' : '203.0.113.5', sport: '55234', dst: addressOf(addresses[start]?.[0]), dport: '22', flags: TCP_SYN, mark: '' };
}

function address(text: string): number | string {
  const t = text.trim();
  const ip = parseIp4(t);
  return ip ?? `"${t}" is not an IPv4 address (four numbers 0-255, like 203.0.113.5)`;
}

function port(text: string): number | string {
  const t = text.trim();
  return /^\d{1,5}$/.test(t) && Number(t) >= 1 && Number(t) <= 65535 ? Number(t) : `"${t}" is not a port (a number 1-65535)`;
}

/** The spec, or a message for each field that is wrong. */
export function checkForm(device: string, ports: readonly string[], f: PacketForm): { spec: InjectSpec } | { errors: Partial<Record<PacketField, string>> } {
  const errors: Partial<Record<PacketField, string>> = {};
  const fromLocal = f.start === FROM_LOCAL;
  if (!fromLocal && !ports.includes(f.start)) errors.start = `${device} has no port "${f.start}"`;
  let src: number | undefined;
  if (f.src.trim() === '') {
    if (!fromLocal) errors.src = 'a packet from outside needs its source address';
  } else {
    const a = address(f.src);
    if (typeof a === 'string') errors.src = a;
    else src = a;
  }
  let dst: number | undefined;
  if (f.dst.trim() === '') errors.dst = 'the destination address is missing';
  else {
    const a = address(f.dst);
    if (typeof a === 'string') errors.dst = a;
    else dst = a;
  }
  let sport: number | undefined;
  let dport: number | undefined;
  if (f.proto !== 'icmp') {
    if (f.sport.trim() !== '') {
      const p = port(f.sport);
      if (typeof p === 'string') errors.sport = p;
      else sport = p;
    }
    if (f.dport.trim() === '') errors.dport = `${f.proto.toUpperCase()} needs the destination port`;
    else {
      const p = port(f.dport);
      if (typeof p === 'string') errors.dport = p;
      else dport = p;
    }
  }
  let mark: number | undefined;
  if (fromLocal && f.mark.trim() !== '') {
    const t = f.mark.trim();
    const m = /^0x[0-9a-f]{1,8}$/i.test(t) || /^\d{1,10}$/.test(t) ? Number(t) : NaN;
    if (m >= 0 && m <= 0xffffffff) mark = m;
    else errors.mark = `"${t}" is not a mark (0-4294967295, or hex like 0x1)`;
  }
  if (Object.keys(errors).length) return { errors };
  const spec: InjectSpec = { device, proto: f.proto, dst: dst! };
  if (fromLocal) spec.fromLocal = true;
  else spec.inPort = f.start;
  if (src !== undefined) spec.src = src;
  if (sport !== undefined) spec.sport = sport;
  if (dport !== undefined) spec.dport = dport;
  if (f.proto === 'tcp') spec.flags = f.flags;
  if (mark !== undefined) spec.mark = mark;
  return { spec };
}
