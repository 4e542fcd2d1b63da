import { CommandError } from './args';
import type { Command, GroupCommand, ParsedLine, Word } from './types';

/*
 * `bash -c 'COMMANDS'` and `sh -c 'COMMANDS'`: a shell that runs one command string, as
 * tutorials write a redirection that must run as root (`sudo bash -c 'echo 1 > /proc/sys/…'`).
 * The string is a line of its own, parsed as the line around it is (config or flow), and runs
 * as a subshell: its commands in turn, its status the last one's. An interactive shell (no -c)
 * has no commands to run here; positional arguments after the string are not simulated.
 */

/** Parses the command string as a line; columns count from the string's first character. */
export type ScriptParser = (script: string) => ParsedLine<Command>;

export function parseShellCommandString(words: Word[], at: { name: string; column: number; end: number }, parseScript: ScriptParser): GroupCommand {
  const flag = words[0];
  if (!flag) throw new CommandError(at.column, `hairpin: ${at.name} reading commands from its input (a terminal, a pipe) is not simulated: write them as lines, or ${at.name} -c '…'`, 2);
  if (flag.text !== '-c') throw new CommandError(flag.column, `hairpin: ${at.name} ${flag.text} is not simulated: only ${at.name} -c '…' runs here`, 2);
  const script = words[1];
  // bash and dash word it differently (bash: -c: option requires an argument; dash: sh: 0: …).
  if (!script) throw new CommandError(at.end, at.name === 'sh' ? 'sh: 0: -c requires an argument' : `${at.name}: -c: option requires an argument`, 2);
  if (words.length > 2) throw new CommandError(words[2]!.column, `hairpin: arguments after ${at.name} -c '…' ($0, $1, …) are not simulated`, 2);
  const parsed = parseScript(script.text);
  // The string is the line's last word: longer as written than as read, it opened with a quote.
  const quoted = at.end - script.column > script.text.length;
  if (!parsed.ok) throw new CommandError(script.column - 1 + (quoted ? 1 : 0) + parsed.error.column, parsed.error.message, parsed.error.exitStatus);
  return { kind: 'group', subshell: true, shell: at.name, list: parsed.list as GroupCommand['list'] };
}
