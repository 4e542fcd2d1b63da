import { iptError, parseIptAddress, parsePortRange, parseProtocol } from '../../command/iptables-values';
import type { Cidr, CtState, Negatable, PortRange } from '../../command/types';
import { neg, not, type XtMatchType } from '../xtables';
import { ctstateTest, parseStates, statesText } from './ctstate';

/* libxt_conntrack (xt_conntrack): --ctstate and the tuple options (parsed; only --ctstate is tested). */

export interface ConntrackInfo {
  name: 'conntrack';
  ctstate?: Negatable<CtState[]>;
  ctproto?: Negatable<number>;
  ctorigsrc?: Negatable<Cidr>;
  ctorigdst?: Negatable<Cidr>;
  ctreplsrc?: Negatable<Cidr>;
  ctrepldst?: Negatable<Cidr>;
  ctorigsrcport?: Negatable<PortRange>;
  ctorigdstport?: Negatable<PortRange>;
  ctstatus?: Negatable<string[]>;
  ctdir?: 'ORIGINAL' | 'REPLY';
}

const CT_STATES: CtState[] = ['INVALID', 'ESTABLISHED', 'NEW', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];

export const conntrack: XtMatchType<ConntrackInfo> = {
  kind: 'match',
  name: 'conntrack',
  detail: 'connection tracking state',
  options: [
    { name: 'ctstate', hasArg: true, detail: 'conntrack state', values: ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'NEW,ESTABLISHED', 'ESTABLISHED,RELATED'] },
    ...['ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport', 'ctstatus'].map((name) => ({ name, hasArg: true })),
    { name: 'ctdir', hasArg: true, noInvert: true, values: ['ORIGINAL', 'REPLY'] },
  ],
  parser() {
    const m: Omit<ConntrackInfo, 'name'> = {};
    let any = false;
    return {
      parse(option, value, invert, column) {
        any = true;
        if (option === 'ctstate') m.ctstate = neg(parseStates(value, column, CT_STATES, 'ctstate'), invert);
        else if (option === 'ctproto') m.ctproto = neg(parseProtocol(value, column), invert);
        else if (option === 'ctorigsrc' || option === 'ctorigdst' || option === 'ctreplsrc' || option === 'ctrepldst') {
          m[option] = neg(parseIptAddress(value, column), invert);
        } else if (option === 'ctorigsrcport' || option === 'ctorigdstport') {
          m[option] = neg(parsePortRange(value, column), invert);
        } else if (option === 'ctstatus') {
          const names = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];
          m.ctstatus = neg(value.split(',').map((s) => {
            if (!names.includes(s.toUpperCase())) throw iptError(column, `Bad ctstatus "${s}"`);
            return s.toUpperCase();
          }), invert);
        } else if (option === 'ctdir') {
          const dir = value.toUpperCase();
          if (dir !== 'ORIGINAL' && dir !== 'REPLY') throw iptError(column, `Unknown --ctdir "${value}"`);
          m.ctdir = dir;
        }
      },
      finish(column) {
        if (!any) throw iptError(column, 'conntrack: At least one option is required');
        return { name: 'conntrack', ...m };
      },
    };
  },
  match: (info) => (info.ctstate ? ctstateTest(info.ctstate.value, info.ctstate.negated) : undefined),
  save: (info) => `-m conntrack ${not(info.ctstate!.negated)}--ctstate ${statesText(info.ctstate!.value)}`,
  print: (info) => `${info.ctstate!.negated ? ' !' : ''} ctstate ${statesText(info.ctstate!.value)}`,
};
