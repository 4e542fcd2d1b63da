import { iptError } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';

/* libxt_CLASSIFY (xt_CLASSIFY): skb->priority = the tc class MAJOR:MINOR, for the qdisc to sort by. */

export interface ClassifyInfo {
  name: 'CLASSIFY';
  priority: number;
}

/** sscanf("%x:%x") then TC_H_MAKE(major << 16, minor): each half keeps its low 16 bits. */
function parseClass(text: string, column: number): number {
  const m = /^\s*[+-]?(?:0[xX])?([0-9a-fA-F]+):\s*[+-]?(?:0[xX])?([0-9a-fA-F]+)/.exec(text);
  if (!m) throw iptError(column, `Bad class value "${text}"`);
  const major = parseInt(m[1]!.slice(-8), 16) & 0xffff;
  const minor = parseInt(m[2]!.slice(-8), 16) & 0xffff;
  return ((major << 16) | minor) >>> 0;
}

export const CLASSIFY: XtTargetType<ClassifyInfo> = {
  kind: 'target',
  name: 'CLASSIFY',
  detail: 'set the tc class (skb priority)',
  options: [{ name: 'set-class', hasArg: true, detail: 'MAJOR:MINOR' }],
  // xt_CLASSIFY: any table, hooks LOCAL_OUT, FORWARD and POST_ROUTING.
  restriction: { hooks: ['OUTPUT', 'FORWARD', 'POSTROUTING'] },
  parser() {
    let priority: number | undefined;
    return {
      parse(_option, value, _i, column) {
        priority = parseClass(value, column);
      },
      finish(column) {
        if (priority === undefined) throw iptError(column, 'CLASSIFY: option "--set-class" must be specified\n');
        return { name: 'CLASSIFY', priority };
      },
    };
  },
  target: ({ priority }) => ({
    run: (c) => {
      c.skb.priority = priority;
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_classify', priority } });
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j CLASSIFY --set-class ${(info.priority >>> 16).toString(16).padStart(4, '0')}:${(info.priority & 0xffff).toString(16).padStart(4, '0')}`,
  print: (info) => ` CLASSIFY set ${(info.priority >>> 16).toString(16)}:${(info.priority & 0xffff).toString(16)}`,
};
