import { iptError, parseMarkMask } from '../../command/iptables-values';
import type { MarkMask, Negatable } from '../../command/types';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import { hex, neg, not, type XtMatchType } from '../xtables';

/* libxt_mark (xt_mark) and, with the connection's mark, libxt_connmark: --mark VALUE[/MASK]. */

export interface MarkInfo {
  name: 'mark' | 'connmark';
  mark: Negatable<MarkMask>;
}

const markText = (m: MarkMask) => `${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;

export function markExtension(name: 'mark' | 'connmark'): XtMatchType<MarkInfo> {
  const markOf = name === 'mark' ? (c: XtContext) => c.skb.mark : (c: XtContext) => c.skb.ct?.mark;
  return {
    kind: 'match',
    name,
    detail: name === 'mark' ? 'packet mark' : 'connection mark',
    options: [{ name: 'mark', hasArg: true, detail: `-m ${name}` }],
    parser() {
      let mark: MarkInfo | undefined;
      return {
        parse(_o, value, invert, column) {
          const mm = parseMarkMask(value, () => iptError(column, `${name}: bad integer value for option "--mark", or out of range.\n`));
          mark = { name, mark: neg(mm, invert) };
        },
        finish(column) {
          if (!mark) throw iptError(column, `${name}: option "--mark" must be specified\n`);
          return mark;
        },
      };
    },
    match(info) {
      const { value, mask } = info.mark.value;
      const invert = info.mark.negated;
      return {
        needsConntrack: name === 'connmark' || undefined,
        test: (c) => {
          const m = markOf(c);
          return m !== undefined && (((m & mask) >>> 0) === value) !== invert;
        },
      };
    },
    save: (info) => `-m ${name} ${not(info.mark.negated)}--mark ${markText(info.mark.value)}`,
    print: (info) =>
      name === 'mark' ? ` mark match${info.mark.negated ? ' !' : ''} ${markText(info.mark.value)}` : ` connmark match ${info.mark.negated ? '!' : ''} ${markText(info.mark.value)}`,
  };
}

export const mark = markExtension('mark');
