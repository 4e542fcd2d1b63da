import { parseU32 } from '../../command/iptables-values';
import { iptError } from '../../command/iptables-values';
import type { Negatable, PortRange } from '../../command/types';
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
          if (option === 'source-port' || option === 'sport') {
            if (m.sport) throw iptError(column, `multiple --${option} flags not allowed`);
            m.sport = neg(parsePortRange(value, column), invert);
          } else if (option === 'destination-port' || option === 'dport') {
            if (m.dport) throw iptError(column, `multiple --${option} flags not allowed`);
            m.dport = neg(parsePortRange(value, column), invert);
          } else if (option === 'syn') {
            m.tcpFlags = neg({ mask: 0x17, comp: 0x02 }, invert);
          } else if (option === 'tcp-flags') {
            // --tcp-flags takes two words; the caller passes them joined by a space.
            const [mask = '', comp] = value.split(' ');
            if (comp === undefined) throw iptError(column, '--tcp-flags requires two args.');
            m.tcpFlags = neg({ mask: tcpFlags(mask, column), comp: tcpFlags(comp, column) }, invert);
          } else if (option === 'tcp-option') {
            const n = parseU32(value);
            if (n === undefined || n < 1 || n > 255) throw iptError(column, `Bad TCP option \`${value}'`);
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
      if (!tests.length) return undefined;
      if (tests.length === 1) return { test: tests[0]! };
      return { test: (c) => tests.every((t) => t(c)) };
    },
    save(info) {
      const parts: string[] = [];
      if (info.sport) parts.push(`${not(info.sport.negated)}--sport ${portRangeText(info.sport.value)}`);
      if (info.dport) parts.push(`${not(info.dport.negated)}--dport ${portRangeText(info.dport.value)}`);
      const f = info.tcpFlags;
      if (name === 'tcp' && f) parts.push(`${not(f.negated)}--tcp-flags ${tcpFlagNames(f.value.mask)} ${tcpFlagNames(f.value.comp)}`);
      return `-m ${name} ${parts.join(' ')}`;
    },
    print(info, f) {
      let s = ` ${name}`;
      for (const [port, label] of [[info.sport, 'spt'], [info.dport, 'dpt']] as const) {
        if (!port) continue;
        const r = port.value;
        const inv = port.negated ? '!' : '';
        s += r.min !== r.max ? ` ${label}s:${inv}${printPortRange(r, f.numeric, name)}` : ` ${label}:${inv}${printPortRange(r, f.numeric, name)}`;
      }
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
