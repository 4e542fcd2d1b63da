import { AF_INET6, type Family } from '../../addr/family';
import { parseIp6, type Ip6 } from '../../addr/ipv6';
import { formatIptAddr, iptError, parseXtablesIp } from '../../command/iptables-values';
import type { Negatable } from '../../command/types';
import type { Match } from '../../kernel/netfilter/x_tables';
import { neg, not, type XtMatchType } from '../xtables';

/* libxt_iprange (xt_iprange): the source or destination address within FROM-TO, both ends included. */

export interface IpRange {
  min: number;
  max: number;
}

/** ip6tables' range (iprange_mt6). */
export interface IpRange6 {
  min: Ip6;
  max: Ip6;
}

export interface IprangeInfo {
  name: 'iprange';
  src?: Negatable<IpRange | IpRange6>;
  dst?: Negatable<IpRange | IpRange6>;
}

/** iprange_parse_range: `A-B` or a single address (A-A); each end as xtables_numeric_to_ipaddr reads it. */
function parseRange(option: string, value: string, column: number, family?: Family): IpRange | IpRange6 {
  const dash = value.indexOf('-');
  const parse: (t: string) => number | Ip6 | undefined = family === AF_INET6 ? parseIp6 : parseXtablesIp;
  const min = parse(dash < 0 ? value : value.slice(0, dash));
  const max = dash < 0 ? min : parse(value.slice(dash + 1));
  if (min === undefined || max === undefined) throw iptError(column, `iprange: Bad value for "--${option}" option: "${dash < 0 ? value : max === undefined ? value.slice(dash + 1) : value.slice(0, dash)}"`);
  // A reversed range is accepted (iptables warns on stderr); it never matches.
  return { min, max } as IpRange | IpRange6;
}

const rangeText = (r: IpRange | IpRange6) => `${formatIptAddr(r.min)}-${formatIptAddr(r.max)}`;

// An IPv4 address is never inside an IPv6 range (ip6tables' rules see no IPv4 packet anyway).
function inRange(r: Negatable<IpRange | IpRange6>, ip: number): boolean {
  const { min, max } = r.value;
  return typeof min === 'number' && typeof max === 'number' && (ip >= min && ip <= max) !== r.negated;
}

export const iprange: XtMatchType<IprangeInfo> = {
  kind: 'match',
  name: 'iprange',
  detail: 'address within a range (FROM-TO)',
  options: [
    { name: 'src-range', hasArg: true, detail: 'source address range FROM-TO' },
    { name: 'dst-range', hasArg: true, detail: 'destination address range FROM-TO' },
  ],
  parser() {
    const m: Omit<IprangeInfo, 'name'> = {};
    return {
      parse(option, value, invert, column, ctx) {
        const r = neg(parseRange(option, value, column, ctx.family), invert);
        if (option === 'src-range') m.src = r;
        else m.dst = r;
      },
      finish(column) {
        if (!m.src && !m.dst) throw iptError(column, "iprange match: You must specify `--src-range' or `--dst-range'");
        return { name: 'iprange', ...m };
      },
    };
  },
  /** iprange_mt4: each given range tests its address, `!` flipping it. */
  match(info): Omit<Match, 'info'> {
    const { src, dst } = info;
    return { test: (c) => (!src || inRange(src, c.skb.pkt.src)) && (!dst || inRange(dst, c.skb.pkt.dst)) };
  },
  save(info) {
    const parts = ['-m iprange'];
    if (info.src) parts.push(`${not(info.src.negated)}--src-range ${rangeText(info.src.value)}`);
    if (info.dst) parts.push(`${not(info.dst.negated)}--dst-range ${rangeText(info.dst.value)}`);
    return parts.join(' ');
  },
  print(info) {
    let s = '';
    if (info.src) s += ` source IP range ${info.src.negated ? '! ' : ''}${rangeText(info.src.value)}`;
    if (info.dst) s += ` destination IP range ${info.dst.negated ? '! ' : ''}${rangeText(info.dst.value)}`;
    return s;
  },
};
