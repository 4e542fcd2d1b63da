import { CommandError } from './args';
import type { Word } from './types';

/* util-linux dmesg: the options a lesson uses to read (and empty) the kernel log. */

/** syslog's level names, as dmesg -l takes them and -x prints them. */
export const DMESG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export interface DmesgCommand {
  kind: 'dmesg';
  /** -c prints then empties the log, -C only empties it. */
  clear?: 'after-read' | 'only';
  /** -t: no timestamps. */
  noTime: boolean;
  /** -T: the wall-clock time of each record, as ctime prints it. */
  ctime?: boolean;
  /** -r: the raw <level> before each line. */
  raw: boolean;
  /** -x: facility and level as words. */
  decode: boolean;
  /** -l LIST: only these levels. */
  levels?: number[];
}

const TRY = "Try 'dmesg --help' for more information.";
const LONG: Record<string, string> = { ctime: 'T', clear: 'C', 'read-clear': 'c', notime: 't', raw: 'r', decode: 'x', kernel: 'k', level: 'l' };
/** Options util-linux has that change what dmesg reads or how it shows time, not modelled. */
const UNMODELLED = new Set(['H', 'w', 'W', 'e', 'd', 'D', 'E', 'n', 's', 'F', 'f', 'S', 'u', 'P', 'L', 'p', 'human', 'follow', 'follow-new', 'reltime', 'show-delta', 'console-off', 'console-on', 'console-level', 'buffer-size', 'file', 'facility', 'syslog', 'userspace', 'nopager', 'color', 'time-format', 'since', 'until', 'force-prefix', 'json']);

function usage(column: number, message: string): CommandError {
  return new CommandError(column, `dmesg: ${message}\n${TRY}`, 1);
}

export function parseDmesg(words: readonly Word[]): DmesgCommand {
  const c: DmesgCommand = { kind: 'dmesg', noTime: false, raw: false, decode: false };
  const apply = (option: string, w: Word, value: () => string | undefined) => {
    if (UNMODELLED.has(option)) throw new CommandError(w.column, `hairpin: dmesg ${option.length === 1 ? '-' : '--'}${option} is not simulated`, 2);
    switch (option) {
      case 'c':
        c.clear = 'after-read';
        break;
      case 'C':
        c.clear = 'only';
        break;
      case 't':
        c.noTime = true;
        break;
      case 'T':
        c.ctime = true;
        break;
      case 'r':
        c.raw = true;
        break;
      case 'x':
        c.decode = true;
        break;
      case 'k':
        break;
      case 'l': {
        const list = value();
        if (list === undefined) throw usage(w.column, "option requires an argument -- 'l'");
        c.levels = list.split(',').map((name) => {
          const level = DMESG_LEVELS.indexOf(name);
          if (level < 0) throw new CommandError(w.column, `dmesg: unknown level '${name}'`, 1);
          return level;
        });
        break;
      }
      default:
        throw usage(w.column, `invalid option -- '${option}'`);
    }
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = () => words[++i]?.text;
    if (w.text.startsWith('--') && w.text.length > 2) {
      const [name, inline] = w.text.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const short = LONG[name];
      if (short) apply(short, w, () => inline ?? next());
      else if (UNMODELLED.has(name)) apply(name, w, next);
      else throw usage(w.column, `unrecognized option '--${name}'`);
    } else if (w.text.startsWith('-') && w.text.length > 1) {
      for (let j = 1; j < w.text.length; j++) {
        const letter = w.text[j]!;
        const rest = w.text.slice(j + 1);
        apply(letter, w, () => rest || next());
        if (letter === 'l') break;
      }
    } else throw usage(w.column, 'bad usage');
  }
  return c;
}
