import { CommandError } from './args';
import type { InnerParser } from './netns';
import type { Command, Word } from './types';

/*
 * coreutils `timeout DURATION CMD…`: runs the command and sends it SIGTERM once the duration
 * has passed, then exits 124; otherwise its status is the command's. Options (-s, -k,
 * --preserve-status, --foreground) are not modelled and are refused by name.
 */

export interface TimeoutCommand {
  kind: 'timeout';
  seconds: number;
  command: Command;
}

const TRY = "Try 'timeout --help' for more information.";

export function parseTimeout(words: Word[], at: { column: number }, inner: InnerParser): TimeoutCommand {
  const duration = words[0];
  if (!duration) throw new CommandError(at.column, TRY, 125);
  if (duration.text.startsWith('-') && duration.text !== '-') throw new CommandError(duration.column, `hairpin: timeout option '${duration.text}' is not modelled`, 125);
  const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(duration.text);
  if (!m) throw new CommandError(duration.column, `timeout: invalid time interval '${duration.text}'\n${TRY}`, 125);
  const seconds = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
  const cmd = words[1];
  if (!cmd) throw new CommandError(at.column, TRY, 125);
  return { kind: 'timeout', seconds, command: inner(cmd, words.slice(2)) };
}
