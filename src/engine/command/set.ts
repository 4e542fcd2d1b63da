import { CommandError } from './args';
import type { SetCommand, Word } from './types';

/*
 * bash's `set` as config scripts use it at their top: -e/+e (errexit: the script stops at a
 * command that fails untested), and the options that change nothing the simulator runs:
 * -u/+u (nounset: a variable nobody set is refused anyway), -x/+x (a trace on stderr),
 * -o pipefail (a config has no pipes). Anything else is refused by name.
 */

const NAMES: Record<string, string> = { errexit: 'e', nounset: 'u', xtrace: 'x', pipefail: 'pipefail' };

export function parseSet(words: readonly Word[], column: number): SetCommand {
  if (words.length === 0) throw new CommandError(column, "hairpin: set without options prints the shell's variables: nothing a config uses", 2);
  const command: SetCommand = { kind: 'set' };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^([-+])(.+)$/.exec(w.text);
    if (!m) throw new CommandError(w.column, `hairpin: set ${w.text}: setting the positional parameters is not simulated`, 2);
    const on = m[1] === '-';
    for (const given of m[2]!) {
      // `-o NAME` (also at the end of a cluster, `-euo pipefail`): the option's long name follows.
      const name = given === 'o' ? words[++i] : undefined;
      const letter = given === 'o' ? NAMES[name?.text ?? ''] : given;
      if (letter === 'e') command.errexit = on;
      else if (letter !== 'u' && letter !== 'x' && letter !== 'pipefail') {
        throw new CommandError(w.column, `hairpin: set ${given === 'o' ? `${m[1]}o ${name?.text ?? ''}`.trimEnd() : `${m[1]}${given}`} is not simulated (only -e, -u, -x, -o pipefail)`, 2);
      }
    }
  }
  return command;
}
