import { CommandError } from './args';
import type { HereDocument, RedirectToken, WordToken } from './lexer';
import type { LineError } from './types';
import { parameterValue, type Variables } from './variables';

/*
 * Here-documents (bash: Here Documents): the lines after the command, up to the delimiter
 * word; `<<-` strips leading tabs; an unquoted delimiter makes bash expand `$NAME` and remove
 * a `\` before `$`, `` ` ``, `\` and a newline (which joins two lines); a quoted one keeps
 * every line as typed.
 */

/**
 * The lines of a here-document, from config line index `from` to its delimiter. An unquoted
 * delimiter makes bash expand `$NAME` and remove `\` before `$`, `` ` ``, `\` and a newline.
 */
export function readHereDocument(
  lines: readonly string[], from: number, redirect: RedirectToken, delimiterWord: WordToken, vars: Variables, text: string,
): { body: HereDocument; next: number } | { error: LineError } | { unterminated: string } {
  const delimiter = delimiterWord.text;
  // Any quoting of the delimiter word, as typed, turns expansion off.
  const typed = text.slice(delimiterWord.column - 1, delimiterWord.end - 1);
  const literal = /['"\\]/.test(typed);
  const body: HereDocument = { lines: [], firstLine: from + 1, indents: [] };
  // A line ending in `\` (unquoted delimiter) is joined with the next, as bash joins them.
  let pending: { text: string; line: number; starts: number[]; indents: number[] } | undefined;
  for (let j = from; j < lines.length; j++) {
    const raw = lines[j]!;
    const stripped = redirect.stripTabs ? raw.replace(/^\t+/, '') : raw;
    if (stripped === delimiter && !pending) return { body, next: j + 1 };
    const indent = raw.length - stripped.length;
    if (literal) {
      body.lines.push(stripped);
      body.indents.push(indent);
      continue;
    }
    const expanded = expandHereLine(stripped, j + 1, indent, vars);
    if ('error' in expanded) return expanded;
    if (pending) {
      pending.starts.push(pending.text.length + 1);
      pending.indents.push(indent);
      pending.text += expanded.text;
    } else pending = { text: expanded.text, line: j + 1, starts: [], indents: [indent] };
    if (expanded.continued) continue;
    body.lines.push(pending.text);
    body.indents.push(pending.indents[0]!);
    if (pending.starts.length) (body.joins ??= [])[body.lines.length - 1] = { line: pending.line, starts: pending.starts, indents: pending.indents };
    pending = undefined;
  }
  // The file ended first: bash warns and feeds what it read (the caller names the place).
  return { unterminated: delimiter };
}

function expandHereLine(line: string, lineNo: number, indent: number, vars: Variables): { text: string; continued: boolean } | { error: LineError } {
  let text = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length && '$`\\'.includes(line[i + 1]!)) {
      text += line[++i];
      continue;
    }
    if (c === '\\' && i + 1 === line.length) return { text, continued: true };
    if (c === '`' || (c === '$' && line[i + 1] === '(')) {
      return { error: { line: lineNo, column: i + 1 + indent, message: 'hairpin: command substitution in a here-document is not simulated: write its result, or quote the delimiter (<<\'EOF\') to keep it literal', exitStatus: 2 } };
    }
    if (c === '$') {
      const m = /^\$(?:\{[^}]*\}|[A-Za-z_]\w*|[0-9@*#?$!-])/.exec(line.slice(i));
      if (m) {
        try {
          text += parameterValue(m[0], i + 1 + indent, vars);
        } catch (e) {
          if (!(e instanceof CommandError)) throw e;
          return { error: { line: lineNo, column: e.column, message: e.message, exitStatus: 2 } };
        }
        i += m[0].length - 1;
        continue;
      }
    }
    text += c;
  }
  return { text, continued: false };
}
