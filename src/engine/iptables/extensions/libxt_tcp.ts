import { parseU32 } from '../../command/iptables-values';
import { iptError } from '../../command/iptables-values';
import { getservbyname } from '../../command/netdb';
import type { Negatable, PortRange } from '../../command/types';
import type { TcpOption } from '../../wire/types';
import type { Match } from '../../kernel/netfilter/x_tables';
import { neg, not, opts, type XtMatchType } from '../xtables';
import { parsePortRange, portOf, portRangeText, printPortRange } from './ports';

/* libxt_tcp and libxt_udp (xt_tcpudp): --sport, --dport, and for tcp --tcp-flags, --syn. */

export interface TcpUdpInfo {
  name: 'tcp' | 'udp';
  sport?: Negatable<PortRange>;
  dport?: Negatable<PortRange>;
  tcpFlags?: Negatable<{ mask: number; comp: number }>;
  tcpOption?: Negatable<number>;
}

const TCP_FLAGS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0 };

function tcpFlags(text: string, column: number): number {
  let bits = 0;
  for (const name of text.split(',')) {
    const bit = TCP_FLAGS[name.toUpperCase()];
    if (bit === undefined) throw iptError(column, `Unknown TCP flag \`${name}'`);
    bits |= bit;
  }
  return bits;
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

const hex2 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/** The option kinds a segment carries, in order (tcp_find_option walks them). */
const OPTION_KIND: Record<TcpOption['kind'], number> = { nop: 1, mss: 2, wscale: 3, sackOK: 4, sack: 5, timestamp: 8, unknown: 0 };
const optionKind = (o: TcpOption) => (o.kind === 'unknown' ? o.type : OPTION_KIND[o.kind]);

/**
 * udp's --sport/--dport (XTTYPE_PORTRC, xtopt_parse_mport): up to two `:`-separated parts, each
 * empty (0, or 65535 for the second), a decimal number taken modulo 65536 as getaddrinfo
 * reads it, or a service name of any protocol. A reversed range is kept; it never matches.
 */
function parseMport(option: string, value: string, column: number): PortRange {
  const parts = value.split(':');
  const long = option === 'sport' || option === 'source-port' ? 'source-port' : 'destination-port';
  if (parts.length > 2) throw iptError(column, `udp: Too many components for option "--${long}" (max: 2)\n`);
  const ports = parts.map((p, i) => {
    if (p === '') return i === 0 ? 0 : 65535;
    if (/^\d+$/.test(p)) return Number(BigInt(p) % 65536n);
    const named = getservbyname(p, 'tcp') ?? getservbyname(p, 'udp');
    if (named === undefined) throw iptError(column, `Port "${p}" does not resolve to anything.\n`);
    return named;
  });
  return { min: ports[0]!, max: ports[1] ?? ports[0]! };
}

const isFullRange = (r: PortRange) => r.min === 0 && r.max === 65535;

function portTest(which: 'sport' | 'dport', range: PortRange, invert: boolean): Match['test'] {
  return (c) => {
    const p = portOf(c, which);
    return p !== undefined && (p >= range.min && p <= range.max) !== invert;
  };
}

function portsExtension(name: 'tcp' | 'udp'): XtMatchType<TcpUdpInfo> {
  return {
    kind: 'match',
    name,
    detail: name === 'tcp' ? 'TCP ports and flags (-p tcp)' : 'UDP ports (-p udp)',
    options: [
      ...opts('source-port', 'sport', 'destination-port', 'dport').map((o) => ({ ...o, detail: o.name.includes('d') ? 'destination port' : 'source port' })),
      ...(name === 'tcp' ? opts('syn!', 'tcp-flags', 'tcp-option') : []),
    ],
    parser() {
      const m: Omit<TcpUdpInfo, 'name'> = {};
      return {
        parse(option, value, invert, column) {
          const onlyOnce = (long: string) => iptError(column, name === 'tcp' ? `Only one \`--${long}' allowed` : `udp: option "--${long}" can only be used once.\n`);
          const ports = () => (name === 'tcp' ? parsePortRange(value, column, 'tcp') : parseMport(option, value, column));
          if (option === 'source-port' || option === 'sport') {
            if (m.sport) throw onlyOnce('source-port');
            m.sport = neg(ports(), invert);
          } else if (option === 'destination-port' || option === 'dport') {
            if (m.dport) throw onlyOnce('destination-port');
            m.dport = neg(ports(), invert);
          } else if (option === 'syn' || option === 'tcp-flags') {
            if (m.tcpFlags) throw iptError(column, "Only one of `--syn' or `--tcp-flags'  allowed");
          }
          if (option === 'syn') {
            m.tcpFlags = neg({ mask: 0x17, comp: 0x02 }, invert);
          } else if (option === 'tcp-flags') {
            // --tcp-flags takes two words; the caller passes them joined by a space.
            const [mask = '', comp] = value.split(' ');
            if (comp === undefined) throw iptError(column, '--tcp-flags requires two args.');
            m.tcpFlags = neg({ mask: tcpFlags(mask, column), comp: tcpFlags(comp, column) }, invert);
          } else if (option === 'tcp-option') {
            const n = parseU32(value);
            if (n === undefined || n < 1 || n > 255) throw iptError(column, `Bad TCP option "${value}"`);
            m.tcpOption = neg(n, invert);
          }
        },
        finish(column, ctx) {
          const wanted = name === 'tcp' ? 6 : 17;
          if (ctx.protocol !== wanted || ctx.protocolInverted) {
            throw iptError(column, `${name.toUpperCase()} match requires '-p ${name}'`);
          }
          return { name, ...m };
        },
      };
    },
    match(info) {
      const tests: Match['test'][] = [];
      if (info.sport) tests.push(portTest('sport', info.sport.value, info.sport.negated));
      if (info.dport) tests.push(portTest('dport', info.dport.value, info.dport.negated));
      const f = info.tcpFlags;
      if (name === 'tcp' && f) {
        const { mask, comp } = f.value;
        tests.push((c) => {
          const l4 = c.skb.pkt.payload;
          return l4.kind === 'tcp' && ((l4.flags & mask) === comp) !== f.negated;
        });
      }
      const o = info.tcpOption;
      if (name === 'tcp' && o) {
        tests.push((c) => {
          const l4 = c.skb.pkt.payload;
          return l4.kind === 'tcp' && l4.options.some((opt) => optionKind(opt) === o.value) !== o.negated;
        });
      }
      // Nothing to test (`-p tcp -m tcp`, or a range of every port), yet iptables-nft keeps the
      // match and -S prints `-m tcp` (recorded): -p already decided, so it passes every packet.
      if (!tests.length) return { test: () => true };
      if (tests.length === 1) return { test: tests[0]! };
      return { test: (c) => tests.every((t) => t(c)) };
    },
    save(info) {
      const parts: string[] = [];
      // tcp_save leaves out a port range that covers every port.
      if (info.sport && !isFullRange(info.sport.value)) parts.push(`${not(info.sport.negated)}--sport ${portRangeText(info.sport.value)}`);
      if (info.dport && !isFullRange(info.dport.value)) parts.push(`${not(info.dport.negated)}--dport ${portRangeText(info.dport.value)}`);
      if (name === 'tcp' && info.tcpOption) parts.push(`${not(info.tcpOption.negated)}--tcp-option ${info.tcpOption.value}`);
      const f = info.tcpFlags;
      if (name === 'tcp' && f) parts.push(`${not(f.negated)}--tcp-flags ${tcpFlagNames(f.value.mask)} ${tcpFlagNames(f.value.comp)}`);
      return [`-m ${name}`, ...parts].join(' ');
    },
    print(info, f) {
      let s = ` ${name}`;
      for (const [port, label] of [[info.sport, 'spt'], [info.dport, 'dpt']] as const) {
        if (!port || (isFullRange(port.value) && !port.negated)) continue;
        const r = port.value;
        const inv = port.negated ? '!' : '';
        s += r.min !== r.max ? ` ${label}s:${inv}${printPortRange(r, f.numeric, name)}` : ` ${label}:${inv}${printPortRange(r, f.numeric, name)}`;
      }
      if (name === 'tcp' && info.tcpOption) s += ` option=${info.tcpOption.negated ? '!' : ''}${info.tcpOption.value}`;
      const flags = info.tcpFlags;
      if (name === 'tcp' && flags) {
        const { mask, comp } = flags.value;
        s += ` flags:${flags.negated ? '!' : ''}${f.numeric ? `${hex2(mask)}/${hex2(comp)}` : `${tcpFlagNames(mask)}/${tcpFlagNames(comp)}`}`;
      }
      return s;
    },
  };
}

export const tcp = portsExtension('tcp');
export const udp = portsExtension('udp');
