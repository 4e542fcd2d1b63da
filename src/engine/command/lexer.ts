/**
 * Shell-like word splitting of one line, the subset a config or flow line needs: quotes,
 * backslash escapes, `#` comments, the list operators `&&` `||` `;` `&`, redirections
 * (`>`, `>>`, `2>`, `2>&1`, `<`) and `|` (recognised so it can be refused by name).
 * Every token keeps the 1-based column where it starts, for error messages.
 *
 * Quoting follows bash: inside '…' every character is literal; inside "…" only `$`, a
 * backquote and `\` keep a meaning (`\` escapes `$` `` ` `` `"` `\` and a newline). The
 * expansions bash would perform on a word (command and parameter substitution, globs, braces,
 * a leading tilde) are not simulated: the lexer notes each one on its word, and the line
 * parser decides which a line may use (none today), so the text never means something else
 * in bash than in the simulator.
 */

/** An expansion bash would perform on an unquoted (or, for `$` and backquotes, double-quoted) part of a word. */
export type ExpansionKind = 'command' | 'arithmetic' | 'parameter' | 'ansi-c' | 'locale' | 'glob' | 'brace' | 'tilde';

export interface Expansion {
  kind: ExpansionKind;
  /** 1-based column of its first character. */
  column: number;
  /** The characters that start it, as typed (`$(`, `${`, `$HOME`, `` ` ``, `*`…), for messages. */
  text: string;
  /** For `$(…)`: the command inside. For it and a parameter: where it sits in the word's text, and whether it is in "…". */
  inner?: string;
  start?: number;
  end?: number;
  quoted?: boolean;
}

export type OperatorText = '&&' | '||' | ';' | '&' | '|' | '(' | ')';

export interface WordToken {
  kind: 'word';
  /** The word after quote removal and escapes. */
  text: string;
  column: number;
  /** Some part was quoted or escaped: such a word is never an operator or comment. */
  quoted: boolean;
  /** 1-based column just past the word's last character. */
  end: number;
  /** Expansions bash would perform on this word (absent when none). */
  expansions?: Expansion[];
}

export interface OperatorToken {
  kind: 'op';
  text: OperatorText;
  column: number;
}

export interface RedirectToken {
  kind: 'redirect';
  /** The file descriptor redirected: 1 for `>`, 2 for `2>`, 0 for `<`. */
  fd: number;
  /** 'heredoc': `<<WORD` / `<<-WORD`, the delimiter word follows; its lines follow the command's line. */
  mode: 'write' | 'append' | 'read' | 'dup' | 'heredoc';
  /** `2>&1` duplicates onto this descriptor (mode 'dup'); the target word follows otherwise. */
  dupTo?: number;
  /** `<<-`: leading tabs are removed from the here-document's lines and its delimiter line. */
  stripTabs?: boolean;
  /** A here-document's lines, attached by the config script reader (script.ts), which reads the lines after the command. */
  body?: HereDocument;
  column: number;
}

/** The text a here-document feeds its command: its lines (tabs stripped, `$VAR` expanded as bash would), and where they are. */
export interface HereDocument {
  lines: string[];
  /** The config line of its first line. */
  firstLine: number;
  /** For each line, how many characters of the typed line were removed before it (`<<-` tabs), so columns point into the config. */
  indents: number[];
  /** For a line bash joined from several (a `\` at the end, unquoted delimiter): its config line, and where each later piece starts in it. */
  joins?: { line: number; starts: number[]; indents: number[] }[];
}

/** Where column `column` of the here-document's line `i` (0-based) was typed: its config line and column. */
export function hereDocumentPlace(doc: Pick<HereDocument, 'firstLine' | 'indents' | 'joins'>, i: number, column: number): { line: number; column: number } {
  const join = doc.joins?.[i];
  if (!join) return { line: doc.firstLine + i, column: column + (doc.indents[i] ?? 0) };
  let k = 0;
  while (k < join.starts.length && column >= join.starts[k]!) k++;
  const start = k === 0 ? 1 : join.starts[k - 1]!;
  return { line: join.line + k, column: column - start + 1 + join.indents[k]! };
}

export type Token = WordToken | OperatorToken | RedirectToken;

export interface LexError {
  column: number;
  message: string;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: LexError };

/** Characters that end an unquoted word (bash metacharacters; a carriage return is not one). */
const META = /[ \t\n;&|<>()]/;

/**
 * Characters a word takes as they are, with nothing to look at: not a metacharacter, a quote, a
 * backslash, an expansion (`$`, backquote) or a pattern (`*`, `?`, `[`, `{`, `~`). A run of them
 * is taken in one slice: a config line is mostly such runs, and booting 10,000 devices lexed
 * every line of their configs a character at a time.
 */
const PLAIN = new Uint8Array(128).fill(1);
for (const c of ' \t\n;&|<>()\'"\\$`*?[{~') PLAIN[c.charCodeAt(0)] = 0;
const plainAt = (line: string, i: number): boolean => {
  const code = line.charCodeAt(i);
  return code >= 128 || PLAIN[code] === 1;
};

/**
 * `separators`: offsets of newlines that join the lines of a script (script.ts): bash reads
 * each as the end of a command, like `;`, except where a command cannot end yet (after `&&`,
 * `||`, `|`, `(` or a group's `{`), where it is only a blank. Any other newline is refused.
 */
export function lex(line: string, separators?: ReadonlySet<number>): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const column = i + 1;
    if (c === '\n' && separators?.has(i)) {
      const last = tokens.at(-1);
      const before = tokens.at(-2);
      const groupOpen = last?.kind === 'word' && !last.quoted && last.text === '{' && (!before || before.kind === 'op');
      const open = !last || (last.kind === 'op' && last.text !== ')') || groupOpen;
      if (!open) tokens.push({ kind: 'op', text: ';', column });
      i++;
      continue;
    }
    // A newline outside quotes would end the command: the rest would be a second one.
    if (c === '\n') return lineBreak(column);
    if (c === '\\' && line[i + 1] === '\n') {
      i += 2; // line continuation: bash removes both characters
      continue;
    }
    // A comment starts only where a word could start (bash: `a#b` is one word); it ends at a newline.
    if (c === '#') {
      const newline = line.indexOf('\n', i);
      if (newline >= 0 && separators?.has(newline)) {
        i = newline;
        continue;
      }
      if (newline >= 0) return lineBreak(newline + 1);
      break;
    }
    if (c === '(' || c === ')') {
      if (c === '(' && (line[i - 1] === '<' || line[i - 1] === '>')) {
        return { ok: false, error: { column: i, message: `hairpin: process substitution (${line[i - 1]}(…)) is not simulated` } };
      }
      // A subshell's parentheses: the list parser (shell.ts) decides where they may stand.
      tokens.push({ kind: 'op', text: c, column });
      i++;
      continue;
    }
    if (c === '&' && line[i + 1] === '&') { tokens.push({ kind: 'op', text: '&&', column }); i += 2; continue; }
    if (c === '|' && line[i + 1] === '|') { tokens.push({ kind: 'op', text: '||', column }); i += 2; continue; }
    if (c === ';' || c === '&' || c === '|') { tokens.push({ kind: 'op', text: c, column }); i++; continue; }
    if (line.startsWith('<<<', i)) return { ok: false, error: { column, message: 'hairpin: a here-string (<<<) is not simulated: use a here-document (<<EOF)' } };
    const redirect = readRedirect(line, i);
    if (redirect) {
      // `<(…)`, `>(…)`: process substitution, reported at the `(` check above.
      if (line[redirect.end] === '(') {
        i = redirect.end;
        continue;
      }
      tokens.push({ ...redirect.token, column });
      i = redirect.end;
      continue;
    }
    // A word: runs of unquoted text, 'single', "double" and \escapes glued together.
    let text = '';
    let quoted = false;
    // Made for the words that have some (most have none).
    let expansions: Expansion[] | undefined;
    const wordStart = i;
    let scans: Record<'[' | '{', CloserScan> | undefined;
    while (i < n && !META.test(line[i]!)) {
      const ch = line[i]!;
      if (plainAt(line, i)) {
        let end = i + 1;
        while (end < n && plainAt(line, end)) end++;
        text += line.slice(i, end);
        i = end;
      } else if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0) return { ok: false, error: { column: i + 1, message: "bash: unexpected EOF while looking for matching `''" } };
        text += line.slice(i + 1, close);
        quoted = true;
        i = close + 1;
      } else if (ch === '"') {
        let j = i + 1;
        let body = '';
        while (j < n && line[j] !== '"') {
          const d = line[j]!;
          // Inside double quotes a backslash escapes only $ ` " \ and newline (which it removes).
          if (d === '\\' && j + 1 < n && '$`"\\\n'.includes(line[j + 1]!)) {
            if (line[j + 1] !== '\n') body += line[j + 1];
            j += 2;
            continue;
          }
          const expansion = d === '$' || d === '`' ? substitution(line, j, true) : undefined;
          if (expansion) {
            if ('error' in expansion) return { ok: false, error: expansion.error };
            (expansions ??= []).push(located(expansion, text.length + body.length, true));
            body += line.slice(j, expansion.end);
            j = expansion.end;
            continue;
          }
          body += d;
          j++;
        }
        if (j >= n) return { ok: false, error: { column: i + 1, message: 'bash: unexpected EOF while looking for matching `"\'' } };
        text += body;
        quoted = true;
        i = j + 1;
      } else if (ch === '\\') {
        // An escaped character is literal; an escaped newline disappears; a final `\` stays.
        if (i + 1 < n) {
          if (line[i + 1] !== '\n') text += line[i + 1];
          quoted = true;
          i += 2;
        } else {
          text += ch;
          i++;
        }
      } else {
        const expansion = ch === '$' || ch === '`' ? substitution(line, i, false) : undefined;
        if (expansion) {
          if ('error' in expansion) return { ok: false, error: expansion.error };
          (expansions ??= []).push(located(expansion, text.length, false));
          text += line.slice(i, expansion.end);
          i = expansion.end;
          continue;
        }
        scans ??= { '[': { until: -1, close: -1, separator: -1 }, '{': { until: -1, close: -1, separator: -1 } };
        const kind = patternAt(line, i, i === wordStart, text, scans);
        if (kind) (expansions ??= []).push({ kind, column: i + 1, text: ch });
        text += ch;
        i++;
      }
    }
    const token: WordToken = { kind: 'word', text, column, quoted, end: i + 1 };
    if (expansions) token.expansions = expansions;
    tokens.push(token);
  }
  return { ok: true, tokens };
}

/** A `$(…)` or `$NAME` with its place in the word's text (`at`: where it starts there). */
function located(found: { expansion: Expansion; end: number }, at: number, quoted: boolean): Expansion {
  const e = found.expansion;
  // `$(…)` and `$NAME` / `${…}` (which a config script expands from its own variables) keep their place.
  if (e.inner === undefined && e.kind !== 'parameter') return e;
  return { ...e, start: at, end: at + (found.end - (e.column - 1)), quoted };
}

function lineBreak(column: number): LexResult {
  return { ok: false, error: { column, message: 'hairpin: a line break ends the command here, and the rest would be another command: put each command on its own line' } };
}

/** A parameter's name after `$`: a shell name, a digit or a special parameter (sticky: read in place). */
const PARAMETER_NAME = /[A-Za-z_]\w*|[0-9@*#?$!-]/y;

/**
 * `$(…)`, `$((…))`, `${…}`, `$NAME`, `$1`, `$?`…, `` `…` `` and (outside double quotes)
 * `$'…'` / `$"…"` at position at, with the index just past them. A `$` followed by anything
 * else is a literal dollar sign, as in bash.
 */
function substitution(line: string, at: number, inDoubleQuotes: boolean): { expansion: Expansion; end: number } | { error: LexError } | undefined {
  if (line[at] === '`') return found(line, at, 'command', 1, closing(line, at + 1, '`', '`'));
  const next = line[at + 1];
  if (next === '(' && line[at + 2] !== '(') {
    const close = commandSubstitutionEnd(line, at + 2);
    if (typeof close !== 'number') return close;
    const f = found(line, at, 'command', 2, close + 1);
    f.expansion.inner = line.slice(at + 2, close);
    return f;
  }
  if (next === '(') return found(line, at, 'arithmetic', 3, closing(line, at + 2, '(', ')'));
  if (next === '[') return found(line, at, 'arithmetic', 2, closing(line, at + 2, '[', ']'));
  if (next === '{') return found(line, at, 'parameter', 2, closing(line, at + 2, '{', '}'));
  PARAMETER_NAME.lastIndex = at + 1;
  const name = PARAMETER_NAME.exec(line);
  if (name) return found(line, at, 'parameter', 1 + name[0].length, at + 1 + name[0].length);
  if (!inDoubleQuotes && next === "'") return found(line, at, 'ansi-c', 2, closing(line, at + 2, '', "'"));
  if (!inDoubleQuotes && next === '"') return found(line, at, 'locale', 2, closing(line, at + 2, '', '"'));
  return undefined;
}

function found(line: string, at: number, kind: ExpansionKind, startLength: number, end: number): { expansion: Expansion; end: number } {
  return { expansion: { kind, column: at + 1, text: line.slice(at, at + startLength) }, end };
}

/**
 * Index of the `)` that closes a `$(` whose text starts at `from`, reading the inside as bash
 * does: quotes, escapes and nested parentheses hide a `)`. What bash would read differently
 * (a comment, which runs to the end of the line; an unclosed `$(`) is an error here, so the
 * text the simulator checks is exactly the text bash runs.
 */
function commandSubstitutionEnd(line: string, from: number): number | { error: LexError } {
  let depth = 1;
  let wordStart = true;
  for (let j = from; j < line.length; j++) {
    const c = line[j]!;
    if (c === '\\') {
      j++;
      wordStart = false;
    } else if (c === "'") {
      const close = line.indexOf("'", j + 1);
      if (close < 0) break;
      j = close;
      wordStart = false;
    } else if (c === '"') {
      let k = j + 1;
      while (k < line.length && line[k] !== '"') {
        if (line[k] === '\\') k++;
        else if (line[k] === '$' && line[k + 1] === '(') {
          const inner = commandSubstitutionEnd(line, k + 2);
          if (typeof inner !== 'number') return inner;
          k = inner;
        } else if (line[k] === '`') return { error: { column: k + 1, message: 'hairpin: backquotes inside $(…) are not simulated: write $(…)' } };
        k++;
      }
      if (k >= line.length) break;
      j = k;
      wordStart = false;
    } else if (c === '#' && wordStart) {
      return { error: { column: j + 1, message: 'hairpin: a comment inside $(…) is not simulated' } };
    } else if (c === '`') {
      return { error: { column: j + 1, message: 'hairpin: backquotes inside $(…) are not simulated: write $(…)' } };
    } else if (c === '(') {
      depth++;
      wordStart = true;
    } else if (c === ')') {
      if (--depth === 0) return j;
      wordStart = false;
    } else wordStart = /[\s;&|<>]/.test(c);
  }
  return { error: { column: from - 1, message: "bash: unexpected EOF while looking for matching `)'" } };
}

/** Index just past the delimiter that closes a construct opened before `from` (nesting counted); the line end if none. */
function closing(line: string, from: number, open: string, close: string): number {
  let depth = 1;
  for (let j = from; j < line.length; j++) {
    const c = line[j]!;
    if (c === '\\') j++;
    else if (c === close && --depth === 0) return j + 1;
    else if (c === open) depth++;
  }
  return line.length;
}

/**
 * Where the `]` or `}` after a position closes, within the word, and the last `,` / `..` before
 * it: found once per run of openers, so a word of 4,000 `{` is read once, not 4,000 times.
 */
interface CloserScan {
  /** The scan covered positions up to here. */
  until: number;
  /** Index of the closing character, or -1 when the word ends first. */
  close: number;
  /** Index of the last `,` or `..` before the close (for braces). */
  separator: number;
}

/** A glob, brace or tilde expansion starting at an unquoted character, if bash would expand it. */
function patternAt(line: string, at: number, wordStart: boolean, textSoFar: string, scans: Record<'[' | '{', CloserScan>): ExpansionKind | undefined {
  const c = line[at];
  if (c === '*' || c === '?') return 'glob';
  if (c === '[' || c === '{') {
    let scan = scans[c];
    if (at >= scan.until) {
      const close = c === '[' ? ']' : '}';
      let end = at + 1;
      let separator = -1;
      while (end < line.length && line[end] !== close && !META.test(line[end]!)) {
        if (line[end] === ',' || (line[end] === '.' && line[end + 1] === '.')) separator = end;
        end++;
      }
      scan = scans[c] = { until: end, close: line[end] === close ? end : -1, separator };
    }
    if (scan.close < 0) return undefined;
    // `[…]` is a bracket pattern only when closed within the word (a lone `[` is literal);
    // `{a,b}` and `{1..3}` expand, `{x}` stays as it is.
    if (c === '[') return 'glob';
    return scan.separator > at ? 'brace' : undefined;
  }
  // `~` at the start of a word, or after `=` / `:` in an assignment-like word (`a=~/x`).
  if (c === '~' && (wordStart || (/^[A-Za-z_]\w*=/.test(textSoFar) && '=:'.includes(line[at - 1]!)))) return 'tilde';
  return undefined;
}
const DUP = />&(\d+)/y;

/** `>`, `>>`, `N>`, `N>>`, `N>&M`, `&>`, `<` at position i, if any. */
function readRedirect(line: string, i: number): { token: Omit<RedirectToken, 'column'>; end: number } | undefined {
  let j = i;
  let fd: number | undefined;
  let k = i;
  while (k < line.length && line.charCodeAt(k) >= 48 && line.charCodeAt(k) <= 57) k++;
  if (k > i && (line[k] === '>' || line[k] === '<')) {
    fd = Number(line.slice(i, k));
    j = k;
  }
  const c = line[j];
  // Nothing else can start a redirect (every word is asked first).
  if (c !== '<' && c !== '>') return undefined;
  if (c === '<' && line[j + 1] === '<') {
    const stripTabs = line[j + 2] === '-';
    return { token: { kind: 'redirect', fd: fd ?? 0, mode: 'heredoc', ...(stripTabs ? { stripTabs } : {}) }, end: j + (stripTabs ? 3 : 2) };
  }
  if (c === '<') return { token: { kind: 'redirect', fd: fd ?? 0, mode: 'read' }, end: j + 1 };
  if (c !== '>') return undefined;
  if (line[j + 1] === '>') return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'append' }, end: j + 2 };
  DUP.lastIndex = j;
  const dup = DUP.exec(line);
  if (dup) return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'dup', dupTo: Number(dup[1]) }, end: j + dup[0].length };
  return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'write' }, end: j + 1 };
}
