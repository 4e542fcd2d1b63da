import { iptError } from '../../command/iptables-values';
import type { CtState } from '../../command/types';
import type { SkBuff } from '../../kernel/skbuff';
import type { Match } from '../../kernel/netfilter/x_tables';

/* The state test libxt_conntrack's --ctstate and libxt_state's --state share (xt_conntrack). */

export function parseStates(value: string, column: number, allowed: CtState[], what: string): CtState[] {
  return value.split(',').map((s) => {
    const state = allowed.find((a) => a === s.toUpperCase());
    if (!state) throw iptError(column, `Bad ${what} "${s}"`);
    return state;
  });
}

/** SNAT and DNAT are connection statuses, not packet states: xt_state knows only the latter. */
function packetStates(states: readonly CtState[]): CtState[] {
  return states.filter((s) => s !== 'SNAT' && s !== 'DNAT');
}

/** The order libxt_conntrack prints states in, whatever order they were given. */
const CTSTATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

export function statesText(states: readonly CtState[]): string {
  return CTSTATE_ORDER.filter((s) => (states as string[]).includes(s)).join(',');
}

/** xt_state: the packet's conntrack info as the state a rule names. */
export function ctStateOf(skb: SkBuff): CtState {
  switch (skb.ctInfo) {
    case 'new':
      return 'NEW';
    case 'established':
      return 'ESTABLISHED';
    case 'related':
      return 'RELATED';
    case 'untracked':
      return 'UNTRACKED';
    default:
      return 'INVALID';
  }
}

export function ctstateTest(states: readonly CtState[], invert: boolean): Omit<Match, 'info'> {
  const kept = packetStates(states) as string[];
  return { needsConntrack: true, test: (c) => kept.includes(ctStateOf(c.skb)) !== invert };
}
