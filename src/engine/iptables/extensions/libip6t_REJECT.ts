import { AF_INET6 } from '../../addr/family';
import { iptError } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';

/* libip6t_REJECT (ip6t_REJECT): drop and answer with an ICMPv6 error or a TCP reset; filter only. */

export type Reject6With =
  | 'icmp6-no-route' | 'icmp6-adm-prohibited' | 'icmp6-addr-unreachable' | 'icmp6-port-unreachable'
  | 'tcp-reset' | 'icmp6-policy-fail' | 'icmp6-reject-route';

export interface Reject6Info {
  name: 'REJECT';
  rejectWith: Reject6With;
}

/** libip6t_REJECT's reject_table: names and aliases matched by prefix, the first entry wins. */
const REJECT6_TYPES: [Reject6With, string][] = [
  ['icmp6-no-route', 'no-route'], ['icmp6-adm-prohibited', 'adm-prohibited'],
  ['icmp6-addr-unreachable', 'addr-unreach'], ['icmp6-port-unreachable', 'port-unreach'],
  ['tcp-reset', 'tcp-reset'], ['icmp6-policy-fail', 'policy-fail'], ['icmp6-reject-route', 'reject-route'],
];

export const REJECT6: XtTargetType<Reject6Info> = {
  kind: 'target',
  name: 'REJECT',
  family: AF_INET6,
  detail: 'drop and answer with an ICMPv6 error',
  options: [{ name: 'reject-with', hasArg: true, detail: 'REJECT answer', values: REJECT6_TYPES.map(([n]) => n) }],
  restriction: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  parser() {
    let rejectWith: Reject6With = 'icmp6-port-unreachable';
    return {
      parse(_o, value, _i, column) {
        const v = value.toLowerCase();
        const found = REJECT6_TYPES.find(([name, alias]) => name.startsWith(v) || alias.startsWith(v));
        if (!found) throw iptError(column, `unknown reject type "${value}"`);
        rejectWith = found[0];
      },
      finish: () => ({ name: 'REJECT', rejectWith }),
    };
  },
  // No IPv6 packet exists in the model (disable_ipv6=1 everywhere), so none is answered: it drops.
  // reject6_tg_check: a TCP reset only for a rule that is -p tcp.
  target: ({ rejectWith }) => ({ run: () => 'DROP', ...(rejectWith === 'tcp-reset' ? { proto: 6 } : {}) }),
  save: (info) => `-j REJECT --reject-with ${info.rejectWith}`,
  print: (info) => ` reject-with ${info.rejectWith}`,
};
