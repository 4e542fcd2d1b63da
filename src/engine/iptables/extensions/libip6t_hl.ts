import { AF_INET6 } from '../../addr/family';
import { parseCNumber } from '../../command/args';
import { iptError } from '../../command/iptables-values';
import type { XtMatchType } from '../xtables';

/* libip6t_hl (ip6t_hl): the IPv6 hop limit equal to, not equal to, below or above a value; ip6tables only. */

type HlMode = 'eq' | 'ne' | 'lt' | 'gt';

export interface HlInfo {
  name: 'hl';
  mode: HlMode;
  hopLimit: number;
}

const SAVE: Record<HlMode, string> = { eq: '--hl-eq', ne: '! --hl-eq', lt: '--hl-lt', gt: '--hl-gt' };
const PRINT: Record<HlMode, string> = { eq: '==', ne: '!=', lt: '<', gt: '>' };

export const hl: XtMatchType<HlInfo> = {
  kind: 'match',
  name: 'hl',
  family: AF_INET6,
  detail: 'IPv6 hop limit (--hl-eq, --hl-lt, --hl-gt)',
  options: [
    { name: 'hl-eq', hasArg: true, detail: 'hop limit equals' },
    { name: 'hl-lt', hasArg: true, noInvert: true, detail: 'hop limit below' },
    { name: 'hl-gt', hasArg: true, noInvert: true, detail: 'hop limit above' },
  ],
  parser() {
    let chosen: { option: string; info: HlInfo } | undefined;
    return {
      parse(option, value, invert, column) {
        // The three options exclude each other (XTOPT excl), whichever came first is named.
        if (chosen) throw iptError(column, `hl: option "--${option}" cannot be used together with "--${chosen.option}".\n`);
        const n = parseCNumber(value, 255);
        if (n === undefined) throw iptError(column, `hl: bad value for option "--${option}", or out of range (0-255).\n`);
        const mode: HlMode = option === 'hl-eq' ? (invert ? 'ne' : 'eq') : option === 'hl-lt' ? 'lt' : 'gt';
        chosen = { option, info: { name: 'hl', mode, hopLimit: n } };
      },
      finish(column) {
        if (!chosen) throw iptError(column, "HL match: You must specify one of `--hl-eq', `--hl-lt', `--hl-gt'");
        return chosen.info;
      },
    };
  },
  // The model carries IPv4 packets only (every namespace has disable_ipv6=1): no hop limit to test.
  match: () => ({ test: () => false }),
  save: (info) => `-m hl ${SAVE[info.mode]} ${info.hopLimit}`,
  print: (info) => ` HL match HL ${PRINT[info.mode]} ${info.hopLimit}`,
};
