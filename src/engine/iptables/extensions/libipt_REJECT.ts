import { AF_INET } from '../../addr/family';
import { iptError } from '../../command/iptables-values';
import type { RejectWith } from '../../kernel/netfilter/reject';
import type { XtTargetType } from '../xtables';

/* libipt_REJECT (ipt_REJECT): drop and answer with an ICMP error or a TCP reset; filter only. */

export interface RejectInfo {
  name: 'REJECT';
  rejectWith: RejectWith;
}

/** libipt_REJECT's table: names and aliases matched by prefix, first entry wins. */
const REJECT_TYPES: [RejectWith, string][] = [
  ['icmp-net-unreachable', 'net-unreach'], ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-port-unreachable', 'port-unreach'], ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-net-prohibited', 'net-prohib'], ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'], ['icmp-admin-prohibited', 'admin-prohib'],
];

export const REJECT: XtTargetType<RejectInfo> = {
  kind: 'target',
  name: 'REJECT',
  family: AF_INET,
  detail: 'drop and answer with an error',
  options: [{ name: 'reject-with', hasArg: true, detail: 'REJECT answer', values: REJECT_TYPES.map(([n]) => n) }],
  restriction: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  parser() {
    let rejectWith: RejectWith = 'icmp-port-unreachable';
    return {
      parse(_o, value, _i, column) {
        const v = value.toLowerCase();
        const found = REJECT_TYPES.find(([name, alias]) => name.startsWith(v) || alias.startsWith(v));
        if (!found || v === '') throw iptError(column, `unknown reject type "${value}"`);
        rejectWith = found[0];
      },
      finish: () => ({ name: 'REJECT', rejectWith }),
    };
  },
  target: ({ rejectWith }) => ({
    // reject_tg_check: a TCP reset only for a rule that is -p tcp (else EINVAL).
    ...(rejectWith === 'tcp-reset' ? { proto: 6 } : {}),
    run: (c) => {
      c.stack.nf.xt.reject(c.skb, rejectWith, c.hook);
      return 'DROP';
    },
  }),
  save: (info) => `-j REJECT --reject-with ${info.rejectWith}`,
  print: (info) => ` reject-with ${info.rejectWith}`,
};
