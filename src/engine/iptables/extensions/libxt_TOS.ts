import { iptError, parseU32 } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';
import { hex2, uintOption } from './xt_uint';

/*
 * libxt_TOS revision 1 (xt_DSCP's tos_tg): TOS byte = (tos & ~mask) ^ value. --and/--or/--xor
 * are kept in that form, as the kernel gets them; a symbolic --set-tos masks 0x3f.
 */

export interface TosInfo {
  name: 'TOS';
  value: number;
  mask: number;
}

/** tos_values.c. */
const TOS_NAMES: Record<string, number> = { 'Minimize-Cost': 0x02, 'Maximize-Reliability': 0x04, 'Maximize-Throughput': 0x08, 'Minimize-Delay': 0x10, 'Normal-Service': 0x00 };

/** xtopt_parse_tosmask: `value[/mask]` up to 0xff, else a symbolic name (mask 0x3f). */
function parseTosMask(text: string, column: number): { value: number; mask: number } {
  const slash = text.indexOf('/');
  const value = parseU32(slash < 0 ? text : text.slice(0, slash));
  if (value !== undefined && value <= 0xff) {
    if (slash < 0) return { value, mask: 0xff };
    const mask = parseU32(text.slice(slash + 1));
    if (mask === undefined || mask > 0xff) throw iptError(column, `Illegal value: "${text}"`);
    return { value, mask };
  }
  const named = Object.entries(TOS_NAMES).find(([name]) => name.toLowerCase() === text.toLowerCase());
  if (!named) throw iptError(column, `Symbolic name "${text}" is unknown`);
  return { value: named[1], mask: 0x3f };
}

export const TOS: XtTargetType<TosInfo> = {
  kind: 'target',
  name: 'TOS',
  detail: 'set or change the TOS byte',
  options: [
    { name: 'set-tos', hasArg: true, detail: 'TOS value[/mask] or name', values: Object.keys(TOS_NAMES) },
    { name: 'and-tos', hasArg: true },
    { name: 'or-tos', hasArg: true },
    { name: 'xor-tos', hasArg: true },
  ],
  // xt_DSCP's TOS: .table = "mangle".
  restriction: { table: 'mangle' },
  parser() {
    let chosen: string | undefined;
    let info: TosInfo = { name: 'TOS', value: 0, mask: 0 };
    return {
      parse(option, text, _i, column) {
        if (chosen) throw iptError(column, `TOS: option "--${chosen}" cannot be used together with "--${option}".\n`);
        chosen = option;
        if (option === 'set-tos') {
          info = { name: 'TOS', ...parseTosMask(text, column) };
          return;
        }
        const bits = uintOption('TOS', option, text, column, 0, 255);
        if (option === 'and-tos') info = { name: 'TOS', value: 0, mask: ~bits & 0xff };
        else if (option === 'or-tos') info = { name: 'TOS', value: bits, mask: bits };
        else info = { name: 'TOS', value: bits, mask: 0 };
      },
      finish(column) {
        if (!chosen) throw iptError(column, 'TOS: An action is required');
        return info;
      },
    };
  },
  target: ({ value, mask }) => ({
    run: (c) => {
      const before = c.skb.pkt.tos;
      const after = (before & ~mask & 0xff) ^ value;
      if (after !== before) {
        c.skb.pkt = { ...c.skb.pkt, tos: after };
        c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_tos', target: 'TOS', before, after } });
      }
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j TOS --set-tos ${hex2(info.value)}/${hex2(info.mask)}`,
  print(info, f) {
    if (f.numeric) return ` TOS set ${hex2(info.value)}/${hex2(info.mask)}`;
    // tos_try_print_symbolic prints its own space before the prefix, and none before the name.
    const named = info.mask === 0x3f ? Object.entries(TOS_NAMES).find(([, v]) => v === info.value) : undefined;
    if (named) return `  TOS set${named[0]}`;
    if (info.value === 0) return ` TOS and ${hex2(~info.mask & 0xff)}`;
    if (info.value === info.mask) return ` TOS or ${hex2(info.value)}`;
    if (info.mask === 0) return ` TOS xor ${hex2(info.value)}`;
    return ` TOS set ${hex2(info.value)}/${hex2(info.mask)}`;
  },
};
