import { CommandError } from './args';
import type { Word } from './types';

/*
 * brctl (bridge-utils 1.7.1), read only: `brctl show [BRIDGE...]` and `brctl -V`. The commands
 * that change a bridge are refused by name (ip link add … type bridge, ip link set … master do
 * it here); anything else gets brctl's own complaint and usage.
 */

export interface BrctlCommand {
  kind: 'brctl';
  op: 'show' | 'version';
  /** `brctl show BR…`: only these, in the order given. */
  bridges: Word[];
}

const USAGE = `Usage: brctl [commands]
commands:
\taddbr     \t<bridge>\t\tadd bridge
\tdelbr     \t<bridge>\t\tdelete bridge
\taddif     \t<bridge> <device>\tadd interface to bridge
\tdelif     \t<bridge> <device>\tdelete interface from bridge
\thairpin   \t<bridge> <port> {on|off}\tturn hairpin on/off
\tsetageing \t<bridge> <time>\t\tset ageing time
\tsetbridgeprio\t<bridge> <prio>\t\tset bridge priority
\tsetfd     \t<bridge> <time>\t\tset bridge forward delay
\tsethello  \t<bridge> <time>\t\tset hello time
\tsetmaxage \t<bridge> <time>\t\tset max message age
\tsetpathcost\t<bridge> <port> <cost>\tset path cost
\tsetportprio\t<bridge> <port> <prio>\tset port priority
\tshow      \t[ <bridge> ]\t\tshow a list of bridges
\tshowmacs  \t<bridge>\t\tshow a list of mac addrs
\tshowstp   \t<bridge>\t\tshow bridge stp info
\tstp       \t<bridge> {on|off}\tturn stp on/off`;

const OTHER_COMMANDS = ['addbr', 'delbr', 'addif', 'delif', 'hairpin', 'setageing', 'setbridgeprio', 'setfd', 'sethello', 'setmaxage', 'setpathcost', 'setportprio', 'showmacs', 'showstp', 'stp'];

export function parseBrctl(words: readonly Word[], column: number): BrctlCommand {
  const first = words[0];
  if (!first) throw new CommandError(column, USAGE, 1);
  if (first.text === '-V' || first.text === '--version') return { kind: 'brctl', op: 'version', bridges: [] };
  if (first.text.startsWith('-') && first.text !== '-') {
    throw new CommandError(first.column, `brctl: invalid option -- '${first.text[1]}'\nUnknown option '?'\n${USAGE}`, 1);
  }
  if (first.text === 'show') return { kind: 'brctl', op: 'show', bridges: words.slice(1) };
  if (OTHER_COMMANDS.includes(first.text)) {
    throw new CommandError(first.column, `hairpin: brctl ${first.text} is not supported: brctl is read only here (ip link add NAME type bridge, ip link set DEV master BR, bridge fdb show)`, 2);
  }
  throw new CommandError(first.column, `never heard of command [${first.text}]\n${USAGE}`, 1);
}
