import { formatIp4, prefixMask } from '../addr/ipv4';
import { IPSET_BANNER, type IpsetCommand } from '../command/ipset';
import { parseCNumber } from '../command/args';
import { getservbyname } from '../command/netdb';
import type { Word } from '../command/types';
import type { IpSetElem, IpSetParams } from '../kernel/netfilter/ipset/ip_set';
import { IP_SET_TYPES, type IpSet, type IpSetError } from '../kernel/netfilter/ipset/ip_set_core';
import type { Stack } from '../kernel/stack';
import { CommandFailure, type Output } from './libnetlink';

/*
 * ipset's side of the IP_SET netlink family: create options and elements read for the set's
 * type (lib/parse.c), requests to the namespace's sets, and the kernel's answers worded as
 * ipset words them (lib/errcode.c).
 */

const ERRORS: Record<IpSetError, string> = {
  'no-comment': 'Comment cannot be used: set was created without comment support',
  'set-exists': 'Set cannot be created: set with the same name already exists',
  'no-set': 'The set with the given name does not exist',
  exists: "Element cannot be added to the set: it's already added",
  'not-added': "Element cannot be deleted from the set: it's not added",
  'out-of-range': 'Element is out of the range of the set',
  'no-timeout': 'Timeout cannot be used: set was created without timeout support',
  'in-use': 'Set cannot be destroyed: it is in use by a kernel component',
  full: 'Hash is full, cannot add more elements',
  'rename-exists': 'Set cannot be renamed: a set with the new name already exists',
  referenced: 'Set cannot be renamed: it is in use by another system',
  'type-mismatch': 'The sets cannot be swapped: their type does not match',
  'no-second-set': 'Sets cannot be swapped: the second set does not exist',
};

const fail = (text: string, column?: number) => new CommandFailure(`${IPSET_BANNER}: ${text}`, 1, column);
const syntax = (text: string, column?: number) => fail(`Syntax error: ${text}`, column);
const refuse = (e: IpSetError | undefined, column?: number) => {
  if (e) throw fail(ERRORS[e], column);
};

/** ipset_parse_uint32 and friends: a decimal number within [min, max]. */
function number(text: string, min: number, max: number, column: number): number {
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
  if (addr!.includes('-')) throw new CommandFailure('hairpin: address ranges (FROM-TO) in ipset elements are not simulated; give a /CIDR', 2, column);
  return { ip: ipv4(addr!, column), cidr: cidr === undefined ? 32 : number(cidr, 0, 32, column) };
}

/** How many entries one element word may stand for here (a full default set, and the refusal after it). */
const RANGE_LIMIT = 65537;

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
function port(text: string, proto: string, column: number): number {
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
}

/**
 * An address standing for a range: FROM-TO (either way round), or /CIDR (/0 is the kernel's
 * IPSET_ERR_INVALID_CIDR). `ip` is the address as written first, which test looks up.
 */
function ipRange(text: string, column: number): { ip: number; base: number; count: number } {
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const from = ipv4(text.slice(0, dash), column);
    const to = text.slice(dash + 1) === '' ? ipv4(text, column) : ipv4(text.slice(dash + 1), column);
    return { ip: from, base: Math.min(from, to), count: Math.abs(to - from) + 1 };
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
      const third = thirdDimension(set.type.name, parts.slice(2).join(','), word.column);
      return {
        first: { ip, proto, port: ports[0]!, ...third },
        *elements() {
          for (let i = 0; i < count; i++) for (const port of ports) yield { ip: base + i, proto, port, ...third };
        },
        ipRange: count > 1,
        portRange: ports.length > 1,
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
  const { ip, cidr } = ipNet(text, column);
  // The kernel refuses a zero prefix length (IPSET_ERR_INVALID_CIDR).
  if (cidr === 0) throw fail('The value of the CIDR parameter of the IP address is invalid', column);
  return { ip2: (ip & prefixMask(cidr)) >>> 0, cidr2: cidr };
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

/** create's options for the type (ipset_parse_* per option of lib/ipset_hash_*.c, lib/ipset_bitmap_port.c). */
function createParams(c: IpsetCommand, bitmap: boolean): IpSetParams {
  const p: IpSetParams = { family: 'inet', hashsize: 1024, maxelem: 65536 };
  let range = false;
  for (let i = 0; i < c.rest.length; i++) {
    const w = c.rest[i]!;
    const value = (): Word => {
      const v = c.rest[++i];
      if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
      return v;
    };
    // The comment extension is a flag without a value.
    if (w.text === 'comment') {
      p.comment = true;
      continue;
    }
    const known = bitmap ? ['range', 'timeout'] : ['family', 'hashsize', 'maxelem', 'timeout', 'bucketsize', 'initval'];
    if (!known.includes(w.text)) {
      if (['counters', 'skbinfo', 'forceadd', 'netmask', 'markmask'].includes(w.text)) throw new CommandFailure(`hairpin: ipset's ${w.text} option is not simulated`, 2, w.column);
      throw new CommandFailure(`${IPSET_BANNER}: Unknown argument: \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
    }
    const v = value();
    if (w.text === 'family') {
      if (v.text === 'inet6') throw new CommandFailure('hairpin: IPv6 sets (family inet6) are not simulated', 2, v.column);
      if (v.text !== 'inet') throw syntax(`unknown family ${v.text}`, v.column);
    } else if (w.text === 'hashsize') {
      // Rounded up to a power of two, at least 64.
      const n = number(v.text, 0, 0xffffffff, v.column);
      p.hashsize = Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));
    } else if (w.text === 'maxelem') p.maxelem = number(v.text, 0, 0xffffffff, v.column);
    else if (w.text === 'timeout') p.timeout = number(v.text, 0, 2147483, v.column);
    else if (w.text === 'range') {
      const dash = v.text.indexOf('-');
      const a = port(dash < 0 ? v.text : v.text.slice(0, dash), 'tcp', v.column);
      const b = dash < 0 ? a : port(v.text.slice(dash + 1), 'tcp', v.column);
      [p.first, p.last] = a <= b ? [a, b] : [b, a];
      range = true;
    } else if (w.text === 'bucketsize') {
      // Rounded up to even, at most AHASH_MAX_TUNED (12).
      const n = number(v.text, 0, 255, v.column);
      p.bucketsize = Math.min(12, Math.max(2, n + (n % 2)));
    } else {
      const n = parseCNumber(v.text);
      if (n === undefined) throw syntax(`'${v.text}' is invalid as number`, v.column);
      p.initval = n;
    }
  }
  if (bitmap) {
    delete (p as Partial<IpSetParams>).hashsize;
    delete (p as Partial<IpSetParams>).maxelem;
    if (!range) throw new CommandFailure(`${IPSET_BANNER}: Mandatory option \`range' is missing\nTry \`ipset help' for more information.`, 2, c.column);
  }
  if (p.timeout === 0) delete p.timeout;
  return p;
}

/** An element's options: `timeout N` and `comment TEXT` are modelled. */
function elementOptions(c: IpsetCommand): { timeout?: number; comment?: string } {
  let timeout: number | undefined;
  let comment: string | undefined;
  for (let i = 0; i < c.rest.length; i++) {
    const w = c.rest[i]!;
    if (w.text === 'comment' && c.op === 'add') {
      const v = c.rest[++i];
      if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`comment'\nTry \`ipset help' for more information.`, 2, w.column);
      // IPSET_MAX_COMMENT_SIZE.
      if (new TextEncoder().encode(v.text).length > 255) throw syntax('Comment is longer than the maximum allowed 255 characters', v.column);
      comment = v.text;
      continue;
    }
    if (w.text !== 'timeout' || c.op !== 'add') {
      if (['nomatch', 'packets', 'bytes', 'skbmark', 'skbprio', 'skbqueue'].includes(w.text)) throw new CommandFailure(`hairpin: ipset's ${w.text} element option is not simulated`, 2, w.column);
      throw new CommandFailure(`${IPSET_BANNER}: Unknown argument: \`${w.text}'\nTry \`ipset help' for more information.`, 2, w.column);
    }
    const v = c.rest[++i];
    if (!v) throw new CommandFailure(`${IPSET_BANNER}: Missing mandatory argument of option \`timeout'\nTry \`ipset help' for more information.`, 2, w.column);
    timeout = number(v.text, 0, 2147483, v.column);
  }
  return { timeout, comment };
}

/** The set a command names, or the kernel's "does not exist". */
export function namedSet(stack: Stack, c: IpsetCommand): IpSet {
  const set = stack.nf.ipset.find(c.set!.text);
  if (!set) throw fail(ERRORS['no-set'], c.set!.column);
  return set;
}

/** create, add, del, flush and destroy. */
export function ipset(stack: Stack, c: IpsetCommand): Output {
  const sets = stack.nf.ipset;
  const none = { stdout: '', stderr: '' };
  switch (c.op) {
    case 'create': {
      const type = IP_SET_TYPES.find((t) => t.name === c.arg!.text);
      if (!type) throw syntax(`typename '${c.arg!.text}' is unknown`, c.arg!.column);
      refuse(sets.create(c.set!.text, type, createParams(c, type.bitmap), c.exist), c.set!.column);
      return none;
    }
    case 'add':
    case 'del': {
      const set = namedSet(stack, c);
      const { timeout, comment } = elementOptions(c);
      const now = stack.env.now();
      // One element after another, as the kernel's uadt loop goes: the first refusal ends it, what came before stays.
      let n = 0;
      for (const e of parseElements(set, c.arg!).elements()) {
        if (++n > RANGE_LIMIT) throw new CommandFailure(`hairpin: an ipset element standing for more than ${RANGE_LIMIT} entries is not simulated`, 2, c.arg!.column);
        refuse(c.op === 'add' ? set.add(e, now, c.exist, timeout, comment) : set.del(e, now, c.exist), c.arg!.column);
      }
      return none;
    }
    case 'flush':
      refuse(sets.flush(c.set?.text), c.set?.column);
      return none;
    case 'rename':
      refuse(sets.rename(c.set!.text, c.arg!.text), c.set!.column);
      return none;
    case 'swap':
      refuse(sets.swap(c.set!.text, c.arg!.text), c.set!.column);
      return none;
    case 'destroy':
      refuse(sets.destroy(c.set?.text), c.set?.column);
      return none;
    case 'restore':
      return restore(stack, c);
    default:
      throw new CommandFailure(`hairpin: ipset ${c.op} only prints`, 2);
  }
}

/**
 * restore mode: each line runs in turn and stays done; the first refusal ends it. The kernel's
 * refusals and element syntax errors (status 1) name the input's line, usage errors (2) do not.
 */
function restore(stack: Stack, c: IpsetCommand): Output {
  for (const l of c.restore ?? []) {
    if ('error' in l) throw new CommandFailure(l.error, l.status, l.column, l.line);
    try {
      ipset(stack, l.command);
    } catch (e) {
      if (!(e instanceof CommandFailure)) throw e;
      const banner = `${IPSET_BANNER}: `;
      const message = e.exitStatus === 1 && e.message.startsWith(banner) ? `${banner}Error in line ${l.index}: ${e.message.slice(banner.length)}` : e.message;
      throw new CommandFailure(message, e.exitStatus, e.column ?? l.command.column, l.line);
    }
  }
  return { stdout: '', stderr: '' };
}
