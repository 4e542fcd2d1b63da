import { iptError, parseMarkMask, parseU32 } from '../../command/iptables-values';
import { hex, type XtTargetType } from '../xtables';

/* libxt_MARK (xt_MARK): the packet's mark = (mark & ~mask) ^ value. */

/** Normalised as the kernel applies it: mark = (mark & ~mask) ^ value. */
export interface MarkTargetInfo {
  name: 'MARK';
  value: number;
  mask: number;
}

/** MARK and CONNMARK --set/and/or/xor-mark, normalised to the kernel's (mask, xor value). */
export function markOperation(option: string, text: string, onError: () => never): { value: number; mask: number } {
  if (option === 'set-xmark') return parseMarkMask(text, onError);
  if (option === 'set-mark') {
    const { value, mask } = parseMarkMask(text, onError);
    return { value, mask: (mask | value) >>> 0 };
  }
  const bits = parseU32(text);
  if (bits === undefined) onError();
  if (option === 'and-mark') return { value: 0, mask: ~bits! >>> 0 };
  if (option === 'or-mark') return { value: bits!, mask: bits! };
  return { value: bits!, mask: 0 };
}

export const MARK_OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

/** How -L names a (value, mask) operation: and, or, xor, set or xset. */
export function markOperationText(name: string, value: number, mask: number): string {
  value >>>= 0;
  mask >>>= 0;
  if (value === 0) return ` ${name} and 0x${(~mask >>> 0).toString(16)}`;
  if (value === mask) return ` ${name} or 0x${value.toString(16)}`;
  if (mask === 0) return ` ${name} xor 0x${value.toString(16)}`;
  if (mask === 0xffffffff) return ` ${name} set 0x${value.toString(16)}`;
  return ` ${name} xset 0x${value.toString(16)}/0x${mask.toString(16)}`;
}

export const MARK: XtTargetType<MarkTargetInfo> = {
  kind: 'target',
  name: 'MARK',
  detail: 'set the packet mark',
  options: MARK_OPS.map((name) => ({ name, hasArg: true, ...(name === 'set-mark' ? { detail: 'MARK' } : {}) })),
  parser() {
    let chosen: { option: string; value: number; mask: number } | undefined;
    return {
      parse(option, value, _i, column) {
        if (chosen) throw iptError(column, `MARK: option "--${option}" cannot be used together with "--${chosen.option}".\n`);
        const op = markOperation(option, value, () => {
          throw iptError(column, `MARK: bad integer value for option "--${option}", or out of range.\n`);
        });
        chosen = { option, ...op };
      },
      finish(column) {
        if (!chosen) throw iptError(column, 'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
        return { name: 'MARK', value: chosen.value, mask: chosen.mask };
      },
    };
  },
  target: ({ value, mask }) => ({
    run: (c) => {
      const before = c.skb.mark;
      c.skb.mark = ((c.skb.mark & ~mask) ^ value) >>> 0;
      c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_mark', before, after: c.skb.mark }, facts: { mark: hex(c.skb.mark) } });
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j MARK --set-xmark ${hex(info.value)}/${hex(info.mask)}`,
  print: (info) => markOperationText('MARK', info.value, info.mask),
};
