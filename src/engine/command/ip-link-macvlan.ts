import { Args, CommandError, matches } from './args';
import { incomplete } from './ip-names';
import type { MacvlanMode } from './types-ip';

/* `ip link add … type macvlan [mode MODE]` (iproute2 ip/iplink_macvlan.c macvlan_parse_opt). */

const MACVLAN_USAGE = `Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
MODE_OPTS: for mode "source":
\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]`;

const MODES: readonly string[] = ['private', 'vepa', 'bridge', 'passthru'];

/** The last `mode` given wins, as each one overwrites IFLA_MACVLAN_MODE's value. */
export function parseMacvlanOptions(args: Args): MacvlanMode | undefined {
  let mode: MacvlanMode | undefined;
  while (!args.done) {
    const word = args.take()!;
    if (matches(word.text, 'mode')) {
      const value = args.need(() => incomplete(args.endColumn));
      if (value.text === 'source') throw new CommandError(value.column, 'hairpin: macvlan mode source is not modelled', 2);
      if (!MODES.includes(value.text)) {
        throw new CommandError(value.column, `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${value.text}"`, 1);
      }
      mode = value.text as MacvlanMode;
    } else if (['flag', 'macaddr', 'bcqueuelen', 'nopromisc', 'nodst'].some((k) => matches(word.text, k))) {
      throw new CommandError(word.column, `hairpin: ip link add type macvlan option '${word.text}' is not supported`, 2);
    } else {
      throw new CommandError(word.column, `macvlan: unknown option "${word.text}"?\n${MACVLAN_USAGE}`, 1);
    }
  }
  return mode;
}
