import { AF_INET6, type Family } from '../addr/family';
import { formatIp4, type Ip4 } from '../addr/ipv4';
import { formatIp6, maskToLength6, networkOf6, parseIp6, type Ip6 } from '../addr/ipv6';
import { CommandError, parseCNumber } from './args';
import { maskToLength } from './inet';
import { getprotobyname, getservbyname } from './netdb';
import type { Cidr, Cidr6, IptCidr, MarkMask, PortRange } from './types';

/** The program banner iptables puts before its parameter errors (the nf_tables variant here). */
export const IPTABLES_BANNER = 'iptables v1.8.9 (nf_tables)';
export const TRY_HELP = "Try `iptables -h' or 'iptables --help' for more information.";

/**
 * xtables_error(PARAMETER_PROBLEM, msg): banner, message, the help hint; exit 2.
 * Messages that end in "\n" in the C source leave a blank line before the hint.
 */
export function iptError(column: number, msg: string): CommandError {
  return new CommandError(column, `${IPTABLES_BANNER}: ${msg}\n${TRY_HELP}`, 2);
}

/** "Bad argument" is printed without the banner. */
export function iptBadArgument(column: number, text: string): CommandError {
  return new CommandError(column, `Bad argument \`${text}'\n${TRY_HELP}`, 2);
}

/** What the kernel side of iptables prints (for the netfilter model; exit status 1). */
export const IPTABLES_RUNTIME_ERRORS = {
  noChain: 'iptables: No chain/target/match by that name.',
  chainExists: 'iptables: Chain already exists.',
  insertTooBig: 'iptables: Index of insertion too big.',
  deleteTooBig: 'iptables: Index of deletion too big.',
  replaceTooBig: 'iptables: Index of replacement too big.',
  badRule: 'iptables: Bad rule (does a matching rule exist in that chain?).',
  badBuiltin: 'iptables: Bad built-in chain name.',
  badPolicy: "iptables: Bad policy name. Run `dmesg' for more information.",
  chainNotEmpty: 'iptables: Directory not empty.',
  chainInUse: 'iptables: Too many links.',
  /** -j CHAIN where CHAIN does not exist (exit 2, with the help hint). */
  jumpToMissing: (chain: string) => `${IPTABLES_BANNER}: Chain '${chain}' does not exist\n${TRY_HELP}`,
} as const;

/**
 * xtables_numeric_to_ipaddr: one to four dotted decimal parts, missing ones zero
 * (`10.1` is 10.1.0.0, unlike inet_aton).
 */
export function parseXtablesIp(text: string): Ip4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) value = value * 256 + Number(parts[i] ?? 0);
  return value;
}

/**
 * -s/-d: `addr[/len|/mask]`; the address is masked to the network. A name iptables would
 * resolve through DNS is refused with the message it prints when resolution fails.
 */
export function parseIptAddress(text: string, column: number): Cidr {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  let len = 32;
  if (slash >= 0) {
    const maskText = text.slice(slash + 1);
    if (maskText.includes('.')) {
      const mask = parseXtablesIp(maskText);
      const l = mask === undefined ? undefined : maskToLength(mask);
      if (l === undefined) throw iptError(column, `invalid mask \`${maskText}' specified`);
      len = l;
    } else {
      const l = /^\d+$/.test(maskText) ? Number(maskText) : undefined;
      if (l === undefined || l > 32) throw iptError(column, `invalid mask \`${maskText}' specified`);
      len = l;
    }
  }
  const addr = parseXtablesIp(host);
  if (addr === undefined) throw iptError(column, `host/network \`${host}' not found`);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return { addr: (addr & mask) >>> 0, len };
}

/** xtables_ip6parse_any: `addr[/len|/mask]` (an IPv6 literal), masked to the network. */
export function parseIpt6Address(text: string, column: number): Cidr6 {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  let len = 128;
  if (slash >= 0) {
    const maskText = text.slice(slash + 1);
    const mask = maskText.includes(':') ? parseIp6(maskText) : undefined;
    const l = mask ? maskToLength6(mask) : /^\d+$/.test(maskText) && Number(maskText) <= 128 ? Number(maskText) : undefined;
    // A mask with holes is valid to ip6tables; the model keeps prefixes only.
    if (l === undefined) throw iptError(column, `invalid mask \`${maskText}' specified`);
    len = l;
  }
  const addr = parseIp6(host);
  if (addr === undefined) throw iptError(column, `host/network \`${host}' not found`);
  return { addr: networkOf6(addr, len), len };
}

/** -s/-d and the tuple addresses of the rule's family: IPv4 for iptables, IPv6 for ip6tables. */
export function parseIptAddressOf(family: Family | undefined, text: string, column: number): IptCidr {
  return family === AF_INET6 ? parseIpt6Address(text, column) : parseIptAddress(text, column);
}

/** An address of either family as the tools print it. */
export function formatIptAddr(addr: Ip4 | Ip6): string {
  return typeof addr === 'number' ? formatIp4(addr) : formatIp6(addr);
}

/** ip6tables' wording of an iptables message: its own name in the banner, the hint and the errors. */
export function ip6tablesWording(message: string): string {
  // Only where the tool names itself: a chain or comment that says "iptables" stays as written.
  return message
    .replace(/(^|\n)iptables(-restore)?(?=: | v\d)/g, '$1ip6tables$2')
    .replace(/`iptables(-restore)? -h' or 'iptables(-restore)? --help'/g, "`ip6tables$1 -h' or 'ip6tables$2 --help'")
    .replace(/^(Perhaps |hairpin: )iptables /gm, '$1ip6tables ')
    .replace(/ in iptables-restore\.$/gm, ' in ip6tables-restore.');
}

/**
 * xtables_parse_port: a service name for `proto` (getservbyname; any protocol when undefined),
 * else a number up to 65535 in C notation (`0x16`, `022` is octal).
 */
export function parsePortNumber(text: string, proto?: string): number | undefined {
  return getservbyname(text, proto) ?? parseCNumber(text, 65535);
}

export function parsePort(text: string, column: number, proto?: string): number {
  const port = parsePortNumber(text, proto);
  if (port === undefined) throw iptError(column, `invalid port/service \`${text}' specified`);
  return port;
}

/** `port`, `a:b`, `:b`, `a:` (tcp --sport/--dport, multiport entries), names for `proto`. */
export function parsePortRange(text: string, column: number, proto?: string): PortRange {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text, column, proto);
    return { min: p, max: p };
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const min = a ? parsePort(a, column, proto) : 0;
  const max = b ? parsePort(b, column, proto) : 65535;
  if (min > max) throw iptError(column, 'invalid portrange (min > max)');
  return { min, max };
}

/** xtables_strtoui for a u32, base 0. */
export function parseU32(text: string): number | undefined {
  return parseCNumber(text);
}

/** `value[/mask]` as the mark, connmark, MARK and CONNMARK options take it. */
export function parseMarkMask(text: string, onError: () => CommandError): MarkMask {
  const slash = text.indexOf('/');
  const value = parseU32(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? 0xffffffff : parseU32(text.slice(slash + 1));
  if (value === undefined || mask === undefined) throw onError();
  return { value, mask };
}

/** xtables_chain_protos: the names iptables knows without /etc/protocols. */
const CHAIN_PROTOS: Record<string, number> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, esp: 50, ah: 51, 'ipv6-mh': 135, mh: 135, all: 0,
};

/**
 * xtables_parse_protocol on the lowercased word (do_parse lowercases -p): a number up to 255
 * in C notation, `all`, a name from /etc/protocols (getprotobyname), or one of its own.
 */
export function parseProtocol(text: string, column: number): number {
  const lower = text.toLowerCase();
  const n = parseCNumber(lower, 255);
  if (n !== undefined) return n;
  if (lower === 'all') return 0;
  const found = getprotobyname(lower) ?? (Object.hasOwn(CHAIN_PROTOS, lower) ? CHAIN_PROTOS[lower] : undefined);
  if (found === undefined) throw iptError(column, `unknown protocol "${lower}" specified`);
  return found;
}
