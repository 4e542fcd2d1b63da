import { AF_INET6 } from '../../addr/family';
import { iptError } from '../../command/iptables-values';
import type { Negatable } from '../../command/types';
import { neg, not, type XtMatchType } from '../xtables';

/* libip6t_icmp6 (ip6t_icmp6): --icmpv6-type TYPE[/CODE] or a name; ip6tables only. */

export interface Icmp6Info {
  name: 'icmp6';
  icmpv6Type: Negatable<{ type: number; codeMin: number; codeMax: number }>;
}

/** libip6t_icmp6's icmpv6_codes: names (and aliases) matched by prefix, the first that fits wins. */
const ICMPV6_TYPES: [string, number, number, number][] = [
  ['destination-unreachable', 1, 0, 255], ['no-route', 1, 0, 0], ['communication-prohibited', 1, 1, 1],
  ['beyond-scope', 1, 2, 2], ['address-unreachable', 1, 3, 3], ['port-unreachable', 1, 4, 4],
  ['failed-policy', 1, 5, 5], ['reject-route', 1, 6, 6], ['packet-too-big', 2, 0, 255],
  ['time-exceeded', 3, 0, 255], ['ttl-exceeded', 3, 0, 255], ['ttl-zero-during-transit', 3, 0, 0],
  ['ttl-zero-during-reassembly', 3, 1, 1], ['parameter-problem', 4, 0, 255], ['bad-header', 4, 0, 0],
  ['unknown-header-type', 4, 1, 1], ['unknown-option', 4, 2, 2], ['echo-request', 128, 0, 255],
  ['ping', 128, 0, 255], ['echo-reply', 129, 0, 255], ['pong', 129, 0, 255],
  ['router-solicitation', 133, 0, 255], ['router-advertisement', 134, 0, 255],
  ['neighbour-solicitation', 135, 0, 255], ['neighbor-solicitation', 135, 0, 255],
  ['neighbour-advertisement', 136, 0, 255], ['neighbor-advertisement', 136, 0, 255], ['redirect', 137, 0, 255],
];

export const icmp6: XtMatchType<Icmp6Info> = {
  kind: 'match',
  name: 'icmp6',
  family: AF_INET6,
  detail: 'ICMPv6 type (-p ipv6-icmp)',
  options: [{ name: 'icmpv6-type', hasArg: true, detail: 'ICMPv6 type', values: ICMPV6_TYPES.map(([n]) => n) }],
  parser() {
    let info: Icmp6Info | undefined;
    return {
      parse(_option, value, invert, column) {
        const lower = value.toLowerCase();
        const found = ICMPV6_TYPES.filter(([n]) => n.startsWith(lower));
        if (found.length > 1) {
          throw iptError(column, `Ambiguous ICMPv6 type \`${value}': \`${found[0]![0]}' or \`${found[1]![0]}'?`);
        }
        if (found.length) {
          const [, type, codeMin, codeMax] = found[0]!;
          info = { name: 'icmp6', icmpv6Type: neg({ type, codeMin, codeMax }, invert) };
          return;
        }
        const m = /^(\d+)(?:\/(\d+))?$/.exec(value);
        if (!m || Number(m[1]) > 255) throw iptError(column, `Unknown ICMPv6 type \`${value}'`);
        if (m[2] !== undefined && Number(m[2]) > 255) throw iptError(column, `Unknown ICMPv6 code \`${value}'`);
        const code = m[2] === undefined ? undefined : Number(m[2]);
        info = { name: 'icmp6', icmpv6Type: neg({ type: Number(m[1]), codeMin: code ?? 0, codeMax: code ?? 255 }, invert) };
      },
      finish(column) {
        if (!info) throw iptError(column, 'icmp6: option "--icmpv6-type" must be specified\n');
        return info;
      },
    };
  },
  // The model carries IPv4 packets only (every namespace has disable_ipv6=1): none is ICMPv6.
  match: () => ({ proto: 58, test: () => false }),
  save(info) {
    const t = info.icmpv6Type;
    const code = t.value.codeMin !== 0 || t.value.codeMax !== 255 ? `/${t.value.codeMin}` : '';
    return `-m icmp6 ${not(t.negated)}--icmpv6-type ${t.value.type}${code}`;
  },
  print(info, f) {
    const { value: v, negated } = info.icmpv6Type;
    if (!f.numeric) {
      const named = ICMPV6_TYPES.find(([, t, lo, hi]) => t === v.type && lo === v.codeMin && hi === v.codeMax);
      if (named) return ` ipv6-icmp ${negated ? '!' : ''}${named[0]}`;
    }
    let s = ` ipv6-icmp${negated ? ' !' : ''}type ${v.type}`;
    if (v.codeMin === v.codeMax) s += ` code ${v.codeMin}`;
    else if (v.codeMin !== 0 || v.codeMax !== 255) s += ` codes ${v.codeMin}-${v.codeMax}`;
    return s;
  },
};
