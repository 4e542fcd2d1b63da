import { CommandError } from './args';
import { getopt, type GetoptSpec } from './getopt';
import type { EchoCommand, GrepCommand, PrintfCommand, Word } from './types';

/** The text tools a flow pipes through: bash's builtin echo and printf, GNU grep. */

/** bash's echo: leading words made only of -n -e -E are options (in order: the last of -e/-E wins). */
export function parseEcho(words: readonly Word[]): EchoCommand {
  const echo: EchoCommand = { kind: 'echo', words: [], newline: true, escapes: false };
  let i = 0;
  for (; i < words.length && /^-[neE]+$/.test(words[i]!.text); i++) {
    for (const flag of words[i]!.text.slice(1)) {
      if (flag === 'n') echo.newline = false;
      else echo.escapes = flag === 'e';
    }
  }
  echo.words = words.slice(i).map((w) => w.text);
  return echo;
}

export function parsePrintf(words: readonly Word[], column: number): PrintfCommand {
  let rest = words;
  if (rest[0]?.text === '--') rest = rest.slice(1);
  const first = rest[0];
  if (!first) throw new CommandError(column, 'bash: line 1: printf: usage: printf [-v var] format [arguments]', 2);
  if (first.text === '-v') throw new CommandError(first.column, "hairpin: printf -v sets a shell variable, and the simulator keeps none", 2);
  if (/^-./.test(first.text)) throw new CommandError(first.column, `bash: line 1: printf: ${first.text.slice(0, 2)}: invalid option\nprintf: usage: printf [-v var] format [arguments]`, 2);
  return { kind: 'printf', format: first.text, args: rest.slice(1).map((w) => w.text) };
}

const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";
const GREP_SPEC: GetoptSpec = {
  // Every short option of GNU grep, so one we do not simulate is refused by name, not as unknown.
  short: 'vicqEFGwxnose:A:B:C:D:d:f:m:HhLlPRrTUZzabIuy',
  long: {
    'invert-match': { arg: false, short: 'v' }, 'ignore-case': { arg: false, short: 'i' }, count: { arg: false, short: 'c' },
    quiet: { arg: false, short: 'q' }, silent: { arg: false, short: 'q' }, 'extended-regexp': { arg: false, short: 'E' },
    'fixed-strings': { arg: false, short: 'F' }, 'basic-regexp': { arg: false, short: 'G' }, 'word-regexp': { arg: false, short: 'w' },
    'line-regexp': { arg: false, short: 'x' }, 'line-number': { arg: false, short: 'n' }, 'only-matching': { arg: false, short: 'o' },
    'no-messages': { arg: false, short: 's' }, regexp: { arg: true, short: 'e' },
  },
};

export function parseGrep(words: readonly Word[], column: number): GrepCommand {
  const r = getopt(words, GREP_SPEC);
  if (!r.ok) {
    const what = r.kind === 'missing' ? (r.word.text.startsWith('--') ? `option '--${r.option}' requires an argument` : `option requires an argument -- '${r.option}'`)
      : r.option.startsWith('--') ? `${r.kind === 'ambiguous' ? 'option' : 'unrecognized option'} '${r.option}'${r.kind === 'ambiguous' ? ' is ambiguous' : ''}` : `invalid option -- '${r.option}'`;
    throw new CommandError(r.word.column, `grep: ${what}\n${GREP_USAGE}`, 2);
  }
  const grep: GrepCommand = {
    kind: 'grep', patterns: [], syntax: 'basic', invert: false, ignoreCase: false, count: false, quiet: false,
    wordRegexp: false, lineRegexp: false, lineNumber: false, onlyMatching: false, noMessages: false, files: [],
  };
  for (const o of r.options) {
    switch (o.name) {
      case 'v': grep.invert = true; break;
      case 'i': grep.ignoreCase = true; break;
      case 'c': grep.count = true; break;
      case 'q': grep.quiet = true; break;
      case 'E': grep.syntax = 'extended'; break;
      case 'F': grep.syntax = 'fixed'; break;
      case 'G': grep.syntax = 'basic'; break;
      case 'w': grep.wordRegexp = true; break;
      case 'x': grep.lineRegexp = true; break;
      case 'n': grep.lineNumber = true; break;
      case 'o': grep.onlyMatching = true; break;
      case 's': grep.noMessages = true; break;
      case 'e': grep.patterns.push(o.value!.text); break;
      case 'y': grep.ignoreCase = true; break;
      default: throw new CommandError(o.word.column, `hairpin: grep option '${o.word.text.startsWith('--') ? o.word.text : `-${o.name}`}' is not supported`, 2);
    }
  }
  const operands = [...r.operands];
  if (grep.patterns.length === 0) {
    const pattern = operands.shift();
    if (!pattern) throw new CommandError(column, GREP_USAGE, 2);
    grep.patterns.push(pattern.text);
  }
  grep.files = operands;
  return grep;
}
