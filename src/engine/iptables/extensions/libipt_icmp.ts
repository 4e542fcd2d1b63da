import { AF_INET } from '../../addr/family';
import { iptError } from '../../command/iptables-values';
import type { Negatable } from '../../command/types';
import { neg, not, type XtMatchType } from '../xtables';

/* libipt_icmp (ipt_icmp): --icmp-type TYPE[/CODE] or a name. */

export interface IcmpInfo {
  name: 'icmp';
  icmpType: Negatable<{ type: number; codeMin: number; codeMax: number } | 'any'>;
}

/** ICMP type names (libipt_icmp), matched by unique prefix; -L prints the first that fits. */
const ICMP_TYPES: [string, number, number, number][] = [
  ['any', 255, 0, 255], ['echo-reply', 0, 0, 255], ['destination-unreachable', 3, 0, 255],
  ['network-unreachable', 3, 0, 0], ['host-unreachable', 3, 1, 1], ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3], ['fragmentation-needed', 3, 4, 4], ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6], ['host-unknown', 3, 7, 7], ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10], ['TOS-network-unreachable', 3, 11, 11], ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13], ['host-precedence-violation', 3, 14, 14], ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255], ['redirect', 5, 0, 255], ['network-redirect', 5, 0, 0], ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2], ['TOS-host-redirect', 5, 3, 3], ['echo-request', 8, 0, 255],
  ['router-advertisement', 9, 0, 255], ['router-solicitation', 10, 0, 255], ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0], ['ttl-zero-during-reassembly', 11, 1, 1], ['parameter-problem', 12, 0, 255],
  ['ip-header-bad', 12, 0, 0], ['required-option-missing', 12, 1, 1], ['timestamp-request', 13, 0, 255],
  ['timestamp-reply', 14, 0, 255], ['address-mask-request', 17, 0, 255], ['address-mask-reply', 18, 0, 255],
];

/** The single code the kernel keeps (a full 0-255 range is none). */
function codeOf(v: { codeMin: number; codeMax: number }): number | undefined {
  return v.codeMin === 0 && v.codeMax === 255 ? undefined : v.codeMin;
}

export const icmp: XtMatchType<IcmpInfo> = {
  kind: 'match',
  name: 'icmp',
  family: AF_INET,
  detail: 'ICMP type (-p icmp)',
  options: [{ name: 'icmp-type', hasArg: true, detail: 'ICMP type', values: ICMP_TYPES.map(([n]) => n) }],
  parser() {
    let type: IcmpInfo | undefined;
    return {
      parse(_option, value, invert, column) {
        const lower = value.toLowerCase();
        const alias = lower === 'ping' ? 'echo-request' : lower === 'pong' ? 'echo-reply' : lower === 'ttl-exceeded' ? 'time-exceeded' : lower;
        const found = ICMP_TYPES.filter(([n]) => n.toLowerCase().startsWith(alias));
        const exact = found.find(([n]) => n.toLowerCase() === alias);
        if (exact || found.length === 1) {
          const [n, t, min, max] = exact ?? found[0]!;
          type = { name: 'icmp', icmpType: neg(n === 'any' ? 'any' : { type: t, codeMin: min, codeMax: max }, invert) };
          return;
        }
        if (found.length > 1) throw iptError(column, `Ambiguous ICMP type \`${value}': \`${found[0]![0]}' or \`${found[1]![0]}'?`);
        const m = /^(\d+)(?:\/(\d+))?$/.exec(value);
        if (!m) throw iptError(column, `Unknown ICMP type \`${value}'`);
        const t = Number(m[1]);
        const code = m[2] === undefined ? undefined : Number(m[2]);
        if (t > 255) throw iptError(column, `Unknown ICMP type \`${value}'`);
        if (code !== undefined && code > 255) throw iptError(column, `Unknown ICMP code \`${value}'`);
        type = { name: 'icmp', icmpType: neg({ type: t, codeMin: code ?? 0, codeMax: code ?? 255 }, invert) };
      },
      // -m icmp without -p icmp passes iptables and fails in the kernel (RULE_APPEND failed).
      finish() {
        return type ?? { name: 'icmp', icmpType: neg('any', false) };
      },
    };
  },
  match(info) {
    const t = info.icmpType;
    // xt_match.proto: the kernel refuses -m icmp in a rule that is not -p icmp (EINVAL).
    if (t.value === 'any') return { proto: 1, test: (c) => (c.skb.pkt.payload.kind === 'icmp') !== t.negated };
    const type = t.value.type;
    const code = codeOf(t.value);
    return {
      proto: 1,
      test: (c) => {
        const l4 = c.skb.pkt.payload;
        return l4.kind === 'icmp' && (l4.type === type && (code === undefined || l4.code === code)) !== t.negated;
      },
    };
  },
  save(info) {
    const t = info.icmpType;
    if (t.value === 'any') return `-m icmp ${not(t.negated)}--icmp-type any`;
    const code = codeOf(t.value);
    return `-m icmp ${not(t.negated)}--icmp-type ${t.value.type}${code !== undefined ? `/${code}` : ''}`;
  },
  print(info, f) {
    const t = info.icmpType;
    const invert = t.negated;
    const code = t.value === 'any' ? undefined : codeOf(t.value);
    const type = t.value === 'any' ? 255 : t.value.type;
    const codeMin = code ?? 0;
    const codeMax = code ?? 255;
    if (!f.numeric) {
      const named = ICMP_TYPES.find(([, ty, lo, hi]) => ty === type && lo === codeMin && hi === codeMax);
      if (named) return ` icmp ${invert ? '!' : ''}${named[0]}`;
    }
    let s = ` icmp${invert ? ' !' : ''}type ${type}`;
    if (codeMin === codeMax) s += ` code ${codeMin}`;
    else if (codeMin !== 0 || codeMax !== 255) s += ` codes ${codeMin}-${codeMax}`;
    return s;
  },
};
