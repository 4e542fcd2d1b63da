import { CommandError } from './args';
import type { WordToken } from './lexer';
import { unsimulatedExpansion } from './shell';

/*
 * Parameter expansion of a config script's own variables (bash: PARAMETERS, Parameter
 * Expansion, Word Splitting): `$NAME` and `${NAME}` of a variable the script set; unquoted, the
 * value is split into words at blanks. Other forms, and a variable the script did not set, are
 * refused: the simulator knows only what the script itself says.
 */

export type Variables = Map<string, string>;

/** The value of a `$…` expansion bash would make from the script's own variables. */
export function parameterValue(source: string, column: number, vars: Variables): string {
  const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(source);
  if (!m) throw new CommandError(column, `hairpin: '${source}' is not simulated: the script's own $NAME and \${NAME} are`, 2);
  const name = m[1] ?? m[2]!;
  const value = vars.get(name);
  if (value === undefined) throw new CommandError(column, `hairpin: '$${name}' is not set earlier in this script (bash would take it from its environment, or expand it to nothing): set it first, ${name}=value`, 2);
  return value;
}

/** The word's text with its `$NAME`s replaced, from `from` on (an assignment's value: never split). */
export function expandedText(w: WordToken, vars: Variables, from = 0): string {
  let text = '';
  let at = from;
  for (const e of w.expansions ?? []) {
    if (e.kind !== 'parameter') throw unsimulatedExpansion(e);
    text += w.text.slice(at, e.start) + parameterValue(w.text.slice(e.start, e.end), e.column, vars);
    at = e.end!;
  }
  return text + w.text.slice(at);
}

/** A word with its `$NAME`s expanded: unquoted ones split into words at blanks (bash's IFS), as bash does. */
export function expandWord(w: WordToken, vars: Variables): WordToken[] {
  const parameters = (w.expansions ?? []).filter((e) => e.kind === 'parameter');
  if (parameters.length === 0) return [w];
  // Another expansion on the word is refused later, with its own message.
  if (parameters.length !== w.expansions!.length) return [w];
  const fields: string[] = [];
  let current = '';
  let started = false;
  let at = 0;
  for (const e of parameters) {
    current += w.text.slice(at, e.start);
    if (e.start! > at) started = true;
    const value = parameterValue(w.text.slice(e.start, e.end), e.column, vars);
    if (e.quoted) {
      current += value;
      started = true;
    } else {
      if (/[*?[]/.test(value)) throw new CommandError(e.column, `hairpin: '${value}' (the value of ${w.text.slice(e.start, e.end)}) is a filename pattern bash would expand: quote it ("$NAME")`, 2);
      const parts = value.split(/[ \t\n]+/);
      parts.forEach((part, n) => {
        if (n > 0) {
          if (started) fields.push(current);
          current = '';
          started = false;
        }
        current += part;
        if (part) started = true;
      });
    }
    at = e.end!;
  }
  current += w.text.slice(at);
  if (at < w.text.length) started = true;
  // A quoted part makes a word even when empty ("" or "$EMPTY"); an unquoted empty expansion makes none.
  if (started || (w.quoted && fields.length === 0)) fields.push(current);
  return fields.map((text) => ({ kind: 'word', text, column: w.column, quoted: true, end: w.end }));
}
