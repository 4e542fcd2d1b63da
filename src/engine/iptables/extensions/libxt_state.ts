import { iptError } from '../../command/iptables-values';
import type { CtState, Negatable } from '../../command/types';
import { neg, not, type XtMatchType } from '../xtables';
import { ctstateTest, parseStates, statesText } from './ctstate';

/* libxt_state: --state, the older spelling of -m conntrack --ctstate. */

export interface StateInfo {
  name: 'state';
  state: Negatable<CtState[]>;
}

export const state: XtMatchType<StateInfo> = {
  kind: 'match',
  name: 'state',
  detail: 'connection state (old spelling)',
  options: [{ name: 'state', hasArg: true, detail: 'connection state', values: ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'NEW,ESTABLISHED', 'ESTABLISHED,RELATED'] }],
  parser() {
    let st: Negatable<CtState[]> | undefined;
    return {
      parse(_o, value, invert, column) {
        st = neg(parseStates(value, column, ['INVALID', 'ESTABLISHED', 'NEW', 'RELATED', 'UNTRACKED'], 'state'), invert);
      },
      finish(column) {
        if (!st) throw iptError(column, 'state: option "--state" must be specified\n');
        return { name: 'state', state: st };
      },
    };
  },
  match: (info) => ctstateTest(info.state.value, info.state.negated),
  save: (info) => `-m state ${not(info.state.negated)}--state ${statesText(info.state.value)}`,
  print: (info) => `${info.state.negated ? ' !' : ''} state ${statesText(info.state.value)}`,
};
