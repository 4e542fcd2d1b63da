import { iptError } from '../../command/iptables-values';
import { withTtl } from '../../wire/ipv4';
import type { XtTargetType } from '../xtables';
import { uintOption } from './xt_uint';

/* libipt_TTL (xt_HL's ttl_tg): set, lower or raise the IPv4 TTL; the header checksum follows. */

export interface TtlInfo {
  name: 'TTL';
  mode: 'set' | 'dec' | 'inc';
  value: number;
}

const MODE_TEXT = { set: 'set to', dec: 'decrement by', inc: 'increment by' } as const;

export const TTL: XtTargetType<TtlInfo> = {
  kind: 'target',
  name: 'TTL',
  detail: 'set or change the TTL',
  options: [
    { name: 'ttl-set', hasArg: true, detail: 'TTL value' },
    { name: 'ttl-dec', hasArg: true, detail: 'TTL decrement' },
    { name: 'ttl-inc', hasArg: true, detail: 'TTL increment' },
  ],
  // xt_HL: .table = "mangle".
  restriction: { table: 'mangle' },
  parser() {
    let chosen: { option: string; info: TtlInfo } | undefined;
    return {
      parse(option, value, _i, column) {
        if (chosen) throw iptError(column, `TTL: option "--${chosen.option}" cannot be used together with "--${option}".\n`);
        const mode = option.slice(4) as TtlInfo['mode'];
        chosen = { option, info: { name: 'TTL', mode, value: uintOption('TTL', option, value, column, mode === 'set' ? 0 : 1, 255) } };
      },
      finish(column) {
        if (!chosen) throw iptError(column, 'TTL: You must specify an action');
        return chosen.info;
      },
    };
  },
  target: ({ mode, value }) => ({
    run: (c) => {
      const before = c.skb.pkt.ttl;
      const after = mode === 'set' ? value : mode === 'inc' ? Math.min(255, before + value) : Math.max(0, before - value);
      if (after !== before) {
        c.skb.pkt = withTtl(c.skb.pkt, after);
        c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_ttl', before, after } });
      }
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j TTL --ttl-${info.mode} ${info.value}`,
  print: (info) => ` TTL ${MODE_TEXT[info.mode]} ${info.value}`,
};
