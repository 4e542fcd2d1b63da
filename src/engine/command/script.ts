import { CommandError } from './args';
import { readHereDocument } from './heredoc';
import { lex, type LexResult, type Token, type WordToken } from './lexer';
import { parseTokens } from './parse';
import { expandedText, expandWord, type Variables } from './variables';
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
  const vars: Variables = new Map();
  const out: ScriptLine[] = [];
  for (let i = 0; i < lines.length; ) {
    const lineNo = i + 1;
    // bash reads on while a line ends in an unquoted `\` or leaves a quote open.
    let text = lines[i]!;
    const lineStarts: number[] = [];
    // Newlines this reader put between lines: bash's command separators (lex reads them so).
    const separators = new Set<number>();
    let j = i;
    // Lexed once per reading: the last one, of the whole text, is the one parsed.
    let lexed = lex(text, separators);
    for (let more = continues(lexed, text); j + 1 < lines.length && more; more = continues(lexed, text)) {
      j++;
      if (more === 'command') separators.add(text.length);
      lineStarts.push(text.length + 2);
      text += `\n${lines[j]}`;
      lexed = lex(text, separators);
    }
    const at = { line: lineNo, lineStarts };
    const failed = (e: { column: number; message: string; exitStatus?: number }, last: number): void => {
      const place = placeOf(at, e.column);
      const error: LineError = { line: place.line, column: place.column, message: e.message, exitStatus: e.exitStatus ?? 2 };
      out.push({ parsed: { ok: false, error }, first: lineNo, last });
    };
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
        const read = readHereDocument(lines, next, t, delimiter, vars, text);
        if ('unterminated' in read) {
          const place = placeOf(at, t.column);
          const message = `bash: warning: here-document at line ${lineNo} delimited by end-of-file (wanted \`${read.unterminated}')`;
          out.push({ parsed: { ok: false, error: { ...place, message, exitStatus: 2 } }, first: lineNo, last: lines.length });
          return out;
        }
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
 * Whether bash reads on past the end of this text, lexed: 'word' when it ends in an unquoted
 * `\` or leaves a quote open (the next line continues the word), 'command' when the command cannot
 * end yet (after `&&`, `||`, `|`, or inside a `{ …` / `( …` group: the newline separates
 * commands there). A here-document stops it: its lines come next.
 */
function continues(lexed: LexResult, text: string): 'word' | 'command' | false {
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
function expandLine(tokens: readonly Token[], vars: Variables, text: string): Token[] {
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
