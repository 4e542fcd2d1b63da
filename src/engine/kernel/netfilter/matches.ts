import { formatIp4, inPrefix, type Ip4 } from '../../addr/ipv4';
import { ctStateOf, type CtState } from './conntrack';
import type { Match, XtContext } from './x_tables';

/* iptables matches (iptables-extensions(8)): each a predicate plus its `iptables -S` text. */

const not = (invert: boolean) => (invert ? '! ' : '');
export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

function addrText(addr: Ip4, len: number): string {
  return `${formatIp4(addr)}/${len}`;
}

export function sourceMatch(addr: Ip4, len: number, invert: boolean): Match {
  return { save: `${not(invert)}-s ${addrText(addr, len)}`, test: (c) => inPrefix(c.skb.pkt.src, addr, len) !== invert };
}
export function destinationMatch(addr: Ip4, len: number, invert: boolean): Match {
  return { save: `${not(invert)}-d ${addrText(addr, len)}`, test: (c) => inPrefix(c.skb.pkt.dst, addr, len) !== invert };
}

/** Interface names; a trailing `+` matches any name with that prefix. */
function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
export function inInterfaceMatch(name: string, invert: boolean): Match {
  return { save: `${not(invert)}-i ${name}`, test: (c) => ifaceMatches(name, c.inDev?.name) !== invert };
}
export function outInterfaceMatch(name: string, invert: boolean): Match {
  return { save: `${not(invert)}-o ${name}`, test: (c) => ifaceMatches(name, c.outDev?.name) !== invert };
}

const PROTO_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };
export function protocolMatch(proto: number, invert: boolean): Match {
  return {
    save: `${not(invert)}-p ${PROTO_NAMES[proto] ?? proto}`,
    test: (c) => (c.skb.pkt.payload.kind === 'icmp' ? 1 : c.skb.pkt.payload.kind === 'tcp' ? 6 : 17) === proto !== invert,
  };
}

export interface PortRange {
  min: number;
  max: number;
}
const rangeText = (r: PortRange) => (r.min === r.max ? `${r.min}` : `${r.min}:${r.max}`);
function portOf(c: XtContext, which: 'sport' | 'dport'): number | undefined {
  const l4 = c.skb.pkt.payload;
  return l4.kind === 'tcp' || l4.kind === 'udp' ? l4[which] : undefined;
}

/** `-m tcp|udp --sport/--dport` (implicit with -p). */
export function portMatch(proto: 'tcp' | 'udp', which: 'sport' | 'dport', range: PortRange, invert: boolean): Match {
  return {
    save: `-m ${proto} ${not(invert)}--${which} ${rangeText(range)}`,
    test: (c) => {
      const p = portOf(c, which);
      return p !== undefined && (p >= range.min && p <= range.max) !== invert;
    },
  };
}

export function tcpFlagsMatch(mask: number, comp: number, invert: boolean, save: string): Match {
  return {
    save,
    test: (c) => {
      const l4 = c.skb.pkt.payload;
      return l4.kind === 'tcp' && ((l4.flags & mask) === comp) !== invert;
    },
  };
}

export function icmpTypeMatch(type: number, code: number | undefined, invert: boolean, save: string): Match {
  return {
    save,
    test: (c) => {
      const l4 = c.skb.pkt.payload;
      return l4.kind === 'icmp' && (l4.type === type && (code === undefined || l4.code === code)) !== invert;
    },
  };
}

export function multiportMatch(which: 'sports' | 'dports' | 'ports', ranges: PortRange[], invert: boolean, proto: string): Match {
  return {
    save: `-m multiport ${not(invert)}--${which} ${ranges.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}:${r.max}`)).join(',')}`,
    test: (c) => {
      const ports = which === 'sports' ? [portOf(c, 'sport')] : which === 'dports' ? [portOf(c, 'dport')] : [portOf(c, 'sport'), portOf(c, 'dport')];
      const hit = ports.some((p) => p !== undefined && ranges.some((r) => p >= r.min && p <= r.max));
      return hit !== invert;
    },
  };
  void proto;
}

/** `-m conntrack --ctstate` and `-m state --state` (the same test, printed differently). */
export function ctstateMatch(states: CtState[], invert: boolean, module: 'conntrack' | 'state'): Match {
  const text = states.join(',');
  return {
    needsConntrack: true,
    save: module === 'conntrack' ? `-m conntrack ${not(invert)}--ctstate ${text}` : `-m state ${not(invert)}--state ${text}`,
    test: (c) => states.includes(ctStateOf(c.skb)) !== invert,
  };
}

export function markMatch(value: number, mask: number, invert: boolean): Match {
  return {
    save: `-m mark ${not(invert)}--mark ${hex(value)}${mask === 0xffffffff ? '' : `/${hex(mask)}`}`,
    test: (c) => (((c.skb.mark & mask) >>> 0) === value) !== invert,
  };
}

export function connmarkMatch(value: number, mask: number, invert: boolean): Match {
  return {
    needsConntrack: true,
    save: `-m connmark ${not(invert)}--mark ${hex(value)}${mask === 0xffffffff ? '' : `/${hex(mask)}`}`,
    test: (c) => c.skb.ct !== undefined && (((c.skb.ct.mark & mask) >>> 0) === value) !== invert,
  };
}

/** `-m statistic --mode nth`: a counter per rule, shared by every packet that reaches it. */
export function statisticNthMatch(every: number, packet: number, invert: boolean): Match {
  let count = 0;
  return {
    save: `-m statistic --mode nth ${not(invert)}--every ${every} --packet ${packet}`,
    test: () => {
      const hit = count === packet;
      count = (count + 1) % every;
      return hit !== invert;
    },
  };
}

/** `-m statistic --mode random` with the simulation's seeded generator. */
export function statisticRandomMatch(probability: number, invert: boolean): Match {
  return {
    save: `-m statistic --mode random ${not(invert)}--probability ${probability.toFixed(11)}`,
    test: (c) => (c.stack.env.random() < probability) !== invert,
  };
}

export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT' | 'THROW' | 'NAT' | 'XRESOLVE';

export interface AddrTypeSpec {
  src?: { types: AddrType[]; invert: boolean };
  dst?: { types: AddrType[]; invert: boolean };
  limitIfaceIn?: boolean;
  limitIfaceOut?: boolean;
}

export function addrtypeMatch(spec: AddrTypeSpec): Match {
  const parts = ['-m addrtype'];
  if (spec.src) parts.push(`${not(spec.src.invert)}--src-type ${spec.src.types.join(',')}`);
  if (spec.dst) parts.push(`${not(spec.dst.invert)}--dst-type ${spec.dst.types.join(',')}`);
  if (spec.limitIfaceIn) parts.push('--limit-iface-in');
  if (spec.limitIfaceOut) parts.push('--limit-iface-out');
  const typeOf = (c: XtContext, ip: Ip4): AddrType => {
    const dev = spec.limitIfaceIn ? c.inDev : spec.limitIfaceOut ? c.outDev : undefined;
    if (dev && c.stack.addrType(ip) === 'local') return dev.addrs.some((a) => a.local === ip) || dev.loopback ? 'LOCAL' : 'UNICAST';
    return c.stack.addrType(ip).toUpperCase() as AddrType;
  };
  return {
    save: parts.join(' '),
    test: (c) =>
      (!spec.src || spec.src.types.includes(typeOf(c, c.skb.pkt.src)) !== spec.src.invert) &&
      (!spec.dst || spec.dst.types.includes(typeOf(c, c.skb.pkt.dst)) !== spec.dst.invert),
  };
}

export function commentMatch(text: string): Match {
  return { save: `-m comment --comment ${/^[\w.-]+$/.test(text) ? text : JSON.stringify(text)}`, test: () => true };
}
