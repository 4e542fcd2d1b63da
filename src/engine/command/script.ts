import { CommandError } from './args';
import { lex, type HereDocument, type RedirectToken, type Token, type WordToken } from './lexer';
import { parseTokens } from './parse';
import { unsimulatedExpansion } from './shell';
import type { ConfigCommand, LineError, ParsedLine } from './types';

/**
 * A device's config as bash reads a script: a line ending in `\` continues on the next (and so
 * does a quote left open), a here-document's lines follow the command that reads it, and
 * `NAME=value` / `export NAME=value` set variables that later `$NAME` / `${NAME}` expand to
 * (unquoted: split into words, as bash splits them). The values are known as the script is
 * read, so the simulator expands them here and the lab receives the words they made.
 */

export interface ScriptLine {
  parsed: ParsedLine<ConfigCommand>;
  /** The line's tokens once variables are expanded and here-documents attached (absent when it failed). */
  tokens?: Token[];
  /** The config lines it spans (1-based, inclusive): continuations and here-documents. */
  first: number;
  last: number;
}

export function parseConfigScript(lines: readonly string[]): ParsedLine<ConfigCommand>[] {
  return readConfigScript(lines).map((l) => l.parsed);
}

/** Where a column of a parsed (possibly continued) line is in the config: its own line and column. */
export function placeOf(parsed: { line: number; lineStarts?: number[] }, column: number): { line: number; column: number } {
  let line = parsed.line;
  let start = 1;
  for (const s of parsed.lineStarts ?? []) {
    if (column < s) break;
    line++;
    start = s;
  }
  return { line, column: column - start + 1 };
}

export function readConfigScript(lines: readonly string[]): ScriptLine[] {
  const vars = new Map<string, string>();
  const out: ScriptLine[] = [];
  for (let i = 0; i < lines.length; ) {
    const lineNo = i + 1;
    // bash reads on while a line ends in an unquoted `\` or leaves a quote open.
    let text = lines[i]!;
    const lineStarts: number[] = [];
    // Newlines this reader put between lines: bash's command separators (lex reads them so).
    const separators = new Set<number>();
    let j = i;
    for (let more = continues(text, separators); j + 1 < lines.length && more; more = continues(text, separators)) {
      j++;
      if (more === 'command') separators.add(text.length);
      lineStarts.push(text.length + 2);
      text += `\n${lines[j]}`;
    }
    const at = { line: lineNo, lineStarts };
    const failed = (e: { column: number; message: string; exitStatus?: number }, last: number): void => {
      const place = placeOf(at, e.column);
      const error: LineError = { line: place.line, column: place.column, message: e.message, exitStatus: e.exitStatus ?? 2 };
      out.push({ parsed: { ok: false, error }, first: lineNo, last });
    };
    const lexed = lex(text, separators);
    if (!lexed.ok) {
      failed(lexed.error, j + 1);
      i = j + 1;
      continue;
    }
    let next = j + 1;
    try {
      const tokens = expandLine(lexed.tokens, vars, text);
      // Here-documents: their lines follow the command's line, in the order of their `<<`.
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k]!;
        if (t.kind !== 'redirect' || t.mode !== 'heredoc') continue;
        const delimiter = tokens[k + 1];
        if (delimiter?.kind !== 'word') continue; // the parser reports the missing word
        const read = hereDocument(lines, next, t, delimiter, vars, text, at);
        if ('error' in read) {
          out.push({ parsed: { ok: false, error: read.error }, first: lineNo, last: lines.length });
          return out;
        }
        tokens[k] = { ...t, body: read.body };
        next = read.next;
      }
      const parsed = parseTokens(tokens, text.length + 1, lineNo, 'config') as ParsedLine<ConfigCommand>;
      if (!parsed.ok) failed(parsed.error, next);
      else out.push({ parsed: lineStarts.length ? { ...parsed, lineStarts } : parsed, tokens, first: lineNo, last: next });
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      failed(e, next);
    }
    i = next;
  }
  return out;
}

/**
 * Whether bash reads on past the end of this text: 'word' when it ends in an unquoted `\` or
 * leaves a quote open (the next line continues the word), 'command' when the command cannot
 * end yet (after `&&`, `||`, `|`, or inside a `{ …` / `( …` group: the newline separates
 * commands there). A here-document stops it: its lines come next.
 */
function continues(text: string, separators: ReadonlySet<number>): 'word' | 'command' | false {
  const lexed = lex(text, separators);
  if (!lexed.ok) return /unexpected EOF while looking for matching `['"]'/.test(lexed.error.message) ? 'word' : false;
  const tokens = lexed.tokens;
  const last = tokens.at(-1);
  // A `\` inside a comment continues nothing: no word reaches the end of the line then.
  if (last?.kind === 'word' && last.end === text.length + 1 && /(?:^|[^\\])(?:\\\\)*\\$/.test(text)) return 'word';
  if (tokens.some((t) => t.kind === 'redirect' && t.mode === 'heredoc')) return false;
  if (last?.kind === 'op' && (last.text === '&&' || last.text === '||' || last.text === '|')) return 'command';
  let depth = 0;
  tokens.forEach((t, k) => {
    const before = tokens[k - 1];
    const commandStart = !before || before.kind === 'op' || (before.kind === 'word' && !before.quoted && before.text === '{' && (!tokens[k - 2] || tokens[k - 2]!.kind === 'op'));
    if (t.kind === 'op' && t.text === '(') depth++;
    else if (t.kind === 'op' && t.text === ')') depth--;
    else if (t.kind === 'word' && !t.quoted && commandStart && t.text === '{') depth++;
    else if (t.kind === 'word' && !t.quoted && commandStart && t.text === '}') depth--;
  });
  return depth > 0 ? 'command' : false;
}

const ASSIGNMENT = /^([A-Za-z_]\w*)=/;

/**
 * Sets the line's variables and expands `$NAME` in its words, left to right as bash runs them.
 * An assignment counts only as a command of its own, outside groups and `&&`/`||` (where it
 * might not run): that is where scripts set their variables, and where the simulator knows
 * for certain that it ran.
 */
function expandLine(tokens: readonly Token[], vars: Map<string, string>, text: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let commandStart = true;
  let prevOp: string | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'op') {
      out.push(t);
      if (t.text === '(') depth++;
      if (t.text === ')') depth--;
      commandStart = true;
      prevOp = t.text;
      continue;
    }
    if (t.kind === 'redirect') {
      out.push(t);
      const target = tokens[k + 1];
      // A here-document's delimiter is not expanded (bash: only quote removal).
      if (t.mode === 'heredoc' && target?.kind === 'word') {
        out.push({ ...target, expansions: undefined });
        k++;
      }
      continue;
    }
    if (commandStart && !t.quoted && (t.text === '{' || t.text === '}')) {
      depth += t.text === '{' ? 1 : -1;
      out.push(t);
      continue;
    }
    if (commandStart && (isAssignment(t, text) || (t.text === 'export' && !t.quoted))) {
      let end = k;
      while (tokens[end]?.kind === 'word') end++;
      const words = tokens.slice(k, end) as WordToken[];
      const after = tokens[end];
      const alone = depth === 0 && (prevOp === undefined || prevOp === ';') && (!after || (after.kind === 'op' && after.text === ';'));
      const exported = words[0]!.text === 'export' && !words[0]!.quoted;
      const assignments = exported ? words.slice(1) : words;
      if (exported && assignments.some((w) => w.text.startsWith('-'))) throw new CommandError(assignments.find((w) => w.text.startsWith('-'))!.column, 'hairpin: export options are not simulated', 2);
      if (!alone || !assignments.every((w) => isAssignment(w, text) || (exported && /^[A-Za-z_]\w*$/.test(w.text)))) {
        throw new CommandError(t.column, 'hairpin: a variable set here (before a command, in a group, or after && or ||) is not simulated: set it on a line of its own, NAME=value', 2);
      }
      for (const w of assignments) {
        const m = ASSIGNMENT.exec(w.text);
        if (!m) continue; // `export NAME`: nothing the simulator reads changes
        vars.set(m[1]!, expandedText(w, vars, m[0].length));
      }
      if (after) end++; // the `;` goes with the assignment
      k = end - 1;
      commandStart = true;
      prevOp = undefined;
      continue;
    }
    commandStart = false;
    out.push(...expandWord(t, vars));
  }
  return out;
}

/** `NAME=…` typed as such (the name and `=` unquoted). */
function isAssignment(t: Token, text: string): boolean {
  if (t.kind !== 'word') return false;
  const m = ASSIGNMENT.exec(t.text);
  return m !== null && text.startsWith(m[0], t.column - 1);
}

/** The value of a `$…` expansion bash would make from the script's own variables. */
function parameterValue(source: string, column: number, vars: Map<string, string>): string {
  const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(source);
  if (!m) throw new CommandError(column, `hairpin: '${source}' is not simulated: the script's own $NAME and \${NAME} are`, 2);
  const name = m[1] ?? m[2]!;
  const value = vars.get(name);
  if (value === undefined) throw new CommandError(column, `hairpin: '$${name}' is not set earlier in this script (bash would take it from its environment, or expand it to nothing): set it first, ${name}=value`, 2);
  return value;
}

/** The word's text with its `$NAME`s replaced, from `from` on (an assignment's value: never split). */
function expandedText(w: WordToken, vars: Map<string, string>, from = 0): string {
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
function expandWord(w: WordToken, vars: Map<string, string>): WordToken[] {
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

/**
 * The lines of a here-document, from config line index `from` to its delimiter. An unquoted
 * delimiter makes bash expand `$NAME` and remove `\` before `$`, `` ` ``, `\` and a newline.
 */
function hereDocument(
  lines: readonly string[], from: number, redirect: RedirectToken, delimiterWord: WordToken, vars: Map<string, string>, text: string, at: { line: number; lineStarts: number[] },
): { body: HereDocument; next: number } | { error: LineError } {
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
  const place = placeOf(at, redirect.column);
  return { error: { line: place.line, column: place.column, message: `bash: warning: here-document at line ${at.line} delimited by end-of-file (wanted \`${delimiter}')`, exitStatus: 2 } };
}

function expandHereLine(line: string, lineNo: number, indent: number, vars: Map<string, string>): { text: string; continued: boolean } | { error: LineError } {
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
