import { CommandError } from '../../command/args';
import { iptError } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';

/*
 * libxt_CT (xt_CT) and its alias NOTRACK: in the raw table, before conntrack sees the packet.
 * --notrack marks it untracked (nf_ct_set(skb, NULL, IP_CT_UNTRACKED)): conntrack leaves it
 * alone, so it gets no entry, no NAT, and `--ctstate UNTRACKED` matches it. A bare `-j CT`
 * attaches an empty template, which changes nothing.
 */

export interface CtTargetInfo {
  name: 'CT' | 'NOTRACK';
  notrack: boolean;
}

/** The CT options that would need conntrack zones, helpers, event masks or timeout policies. */
const UNMODELLED = ['helper', 'ctevents', 'expevents', 'zone-orig', 'zone-reply', 'zone', 'timeout'];

const ctTarget = (info: CtTargetInfo): ReturnType<XtTargetType<CtTargetInfo>['target']> => ({
  // xt_ct_tg_check takes conntrack (nf_ct_netns_get) even for --notrack.
  needsConntrack: true,
  run: (c) => {
    if (info.notrack && !c.skb.ct) {
      c.skb.ctInfo = 'untracked';
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_notrack' } });
    }
    return 'CONTINUE';
  },
});

export const CT: XtTargetType<CtTargetInfo> = {
  kind: 'target',
  name: 'CT',
  detail: 'conntrack template: --notrack',
  options: [{ name: 'notrack', hasArg: false }, ...UNMODELLED.map((name) => ({ name, hasArg: true }))],
  // xt_CT: .table = "raw".
  restriction: { table: 'raw' },
  parser() {
    let notrack = false;
    return {
      parse(option, _value, _i, column) {
        if (option !== 'notrack') throw new CommandError(column, `hairpin: CT --${option} is not simulated`, 2);
        notrack = true;
      },
      finish: () => ({ name: 'CT', notrack }),
    };
  },
  target: ctTarget,
  save: (info) => `-j CT${info.notrack ? ' --notrack' : ''}`,
  print: (info) => ` CT${info.notrack ? ' notrack' : ''}`,
};

export const NOTRACK: XtTargetType<CtTargetInfo> = {
  kind: 'target',
  name: 'NOTRACK',
  kernelName: 'CT',
  detail: 'leave the packet untracked',
  options: [],
  restriction: { table: 'raw' },
  parser: () => ({ parse() {}, finish: () => ({ name: 'NOTRACK', notrack: true }) }),
  target: ctTarget,
  save: () => '-j NOTRACK',
  print: () => ' NOTRACK',
};
