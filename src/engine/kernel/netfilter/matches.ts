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

/** xtables_chain_protos, then getprotobynumber over Debian's /etc/protocols: how iptables names a protocol. */
const PROTO_NAMES: Record<number, string> = {
  6: 'tcp', 132: 'sctp', 17: 'udp', 136: 'udplite', 1: 'icmp', 58: 'icmpv6', 50: 'esp', 51: 'ah', 135: 'mh', 0: 'all',
  2: 'igmp', 3: 'ggp', 4: 'ipencap', 5: 'st', 8: 'egp', 9: 'igp', 12: 'pup', 20: 'hmp', 22: 'xns-idp', 27: 'rdp',
  29: 'iso-tp4', 33: 'dccp', 36: 'xtp', 37: 'ddp', 38: 'idpr-cmtp', 41: 'ipv6', 43: 'ipv6-route', 44: 'ipv6-frag',
  45: 'idrp', 46: 'rsvp', 47: 'gre', 57: 'skip', 59: 'ipv6-nonxt', 60: 'ipv6-opts', 73: 'rspf', 81: 'vmtp', 88: 'eigrp',
  89: 'ospf', 93: 'ax.25', 94: 'ipip', 97: 'etherip', 98: 'encap', 103: 'pim', 108: 'ipcomp', 112: 'vrrp', 115: 'l2tp',
  124: 'isis', 133: 'fc', 137: 'mpls-in-ip', 138: 'manet', 139: 'hip', 140: 'shim6', 141: 'wesp', 142: 'rohc', 143: 'ethernet',
};
export function protocolName(proto: number): string {
  return PROTO_NAMES[proto] ?? String(proto);
}

/** xtables_save_string: bare when only [_-0-9A-Za-z], else double-quoted with \ before " \ and '. */
export function saveString(text: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(text)) return text;
  return `"${text.replace(/["\\']/g, (ch) => `\\${ch}`)}"`;
}

export function protocolMatch(proto: number, invert: boolean): Match {
  return {
    save: `${not(invert)}-p ${protocolName(proto)}`,
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

/** iptables' names for the TCP flags, in its order. */
const TCP_FLAG_NAMES: [number, string][] = [
  [0x01, 'FIN'],
  [0x02, 'SYN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
];

/** Flag bits as `--tcp-flags` prints them: "SYN,ACK", or NONE. */
export function tcpFlagNames(bits: number): string {
  const names = TCP_FLAG_NAMES.filter(([b]) => bits & b).map(([, n]) => n);
  return names.length ? names.join(',') : 'NONE';
}

/** The inverse of tcpFlagNames; ALL is every flag. */
export function tcpFlagBits(text: string): number {
  if (text === 'ALL') return 0x3f;
  return text.split(',').reduce((bits, n) => bits | (TCP_FLAG_NAMES.find(([, name]) => name === n)?.[0] ?? 0), 0);
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
/** The order libxt_conntrack prints states in, whatever order they were given. */
const CTSTATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

export function ctstateMatch(states: CtState[], invert: boolean, module: 'conntrack' | 'state'): Match {
  const text = CTSTATE_ORDER.filter((s) => (states as string[]).includes(s)).join(',');
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
    save: `-m statistic --mode random ${not(invert)}--probability ${(Math.round(probability * 0x80000000) / 0x80000000).toFixed(11)}`,
    test: (c) => (c.stack.env.random() < probability) !== invert,
  };
}

export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT' | 'THROW' | 'NAT' | 'XRESOLVE';
const ADDRTYPE_ORDER: AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

export interface AddrTypeSpec {
  src?: { types: AddrType[]; invert: boolean };
  dst?: { types: AddrType[]; invert: boolean };
  limitIfaceIn?: boolean;
  limitIfaceOut?: boolean;
}

export function addrtypeMatch(spec: AddrTypeSpec): Match {
  const parts = ['-m addrtype'];
  // libxt_addrtype prints the types in its table's order, not as given.
  const list = (types: AddrType[]) => ADDRTYPE_ORDER.filter((t) => types.includes(t)).join(',');
  if (spec.src) parts.push(`${not(spec.src.invert)}--src-type ${list(spec.src.types)}`);
  if (spec.dst) parts.push(`${not(spec.dst.invert)}--dst-type ${list(spec.dst.types)}`);
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
  return { save: `-m comment --comment ${saveString(text)}`, test: () => true };
}
