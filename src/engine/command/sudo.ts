import { CommandError } from './args';
import type { InnerParser } from './netns';
import type { Command, Word } from './types';

/*
 * `sudo CMD…`, as tutorials print every line. Everything in the simulator runs as root, so sudo
 * runs its command unchanged: the command is parsed (and later runs) as if typed without it.
 * Only what root's sudo does with no password is modelled; other users and shells are refused.
 */

/** Options that change nothing for root running a command (sudo(8)). */
const HARMLESS = new Set(['-E', '--preserve-env', '-H', '--set-home', '-n', '--non-interactive', '-S', '--stdin', '-b']);

const ROOT_USERS = new Set(['root', '#0']);

export function parseSudo(words: Word[], at: { column: number; end: number }, inner: InnerParser): Command {
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w.text === '--') {
      i++;
      break;
    }
    if (!w.text.startsWith('-') || w.text === '-') break;
    if (HARMLESS.has(w.text) || w.text.startsWith('--preserve-env=')) continue;
    const attached = /^(?:-u|--user=)(.+)$/.exec(w.text)?.[1];
    if (w.text === '-u' || w.text === '--user' || attached !== undefined) {
      const user = attached !== undefined ? { text: attached, column: w.column } : words[++i];
      if (!user) throw new CommandError(at.end, `sudo: option requires an argument -- 'u'`, 1);
      if (!ROOT_USERS.has(user.text)) throw new CommandError(user.column, `hairpin: sudo -u ${user.text} is not modelled: every command runs as root`, 2);
      continue;
    }
    throw new CommandError(w.column, `hairpin: sudo option '${w.text}' is not supported (sudo runs its command as root)`, 2);
  }
  const cmd = words[i];
  // Without a command sudo prints its usage; -i/-s (a shell) are refused above.
  if (!cmd) throw new CommandError(at.column, 'usage: sudo [-AbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]', 1);
  return inner(cmd, words.slice(i + 1));
}
