import { iptError } from '../../command/iptables-values';
import type { Match } from '../../kernel/netfilter/x_tables';
import { ipv4Length } from '../../wire/ipv4';
import { not, type XtMatchType } from '../xtables';

/* libxt_length (xt_length): the IP packet's total length within MIN[:MAX]. */

export interface LengthInfo {
  name: 'length';
  min: number;
  max: number;
  invert: boolean;
}

/** XTTYPE_UINT16RC: `N`, `N:M`, `:M` (0:M), `N:` (N:65535); a reversed range is kept and never matches. */
function parseLength(value: string, column: number): { min: number; max: number } {
  const bad = () => iptError(column, `length: bad value for option "--length" near "${value}", or out of range (0-65535).\n`);
  const num = (t: string, dflt: number) => {
    if (t === '') return dflt;
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw bad();
    const n = Number(t);
    if (n > 65535) throw bad();
    return n;
  };
  const colon = value.indexOf(':');
  if (colon < 0) {
    if (value === '') throw bad();
    const n = num(value, 0);
    return { min: n, max: n };
  }
  return { min: num(value.slice(0, colon), 0), max: num(value.slice(colon + 1), 65535) };
}

const lengthText = (i: LengthInfo) => (i.min === i.max ? `${i.min}` : `${i.min}:${i.max}`);

export const length: XtMatchType<LengthInfo> = {
  kind: 'match',
  name: 'length',
  detail: 'IP packet length (N or MIN:MAX)',
  options: [{ name: 'length', hasArg: true, detail: 'length or MIN:MAX' }],
  parser() {
    let info: LengthInfo | undefined;
    return {
      parse(_option, value, invert, column) {
        info = { name: 'length', ...parseLength(value, column), invert };
      },
      finish(column) {
        if (!info) throw iptError(column, 'length: option "--length" must be specified\n');
        return info;
      },
    };
  },
  /** length_mt: ntohs(iph->tot_len) between min and max, xor invert. */
  match({ min, max, invert }): Omit<Match, 'info'> {
    return {
      test: (c) => {
        const len = ipv4Length(c.skb.pkt);
        return (len >= min && len <= max) !== invert;
      },
    };
  },
  save: (info) => `-m length ${not(info.invert)}--length ${lengthText(info)}`,
  print: (info) => ` length ${info.invert ? '!' : ''}${lengthText(info)}`,
};
