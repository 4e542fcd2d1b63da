/**
 * Shell-like word splitting of one line, the subset a config or flow line needs: quotes,
 * backslash escapes, `#` comments, the list operators `&&` `||` `;` `&`, redirections
 * (`>`, `>>`, `2>`, `2>&1`, `<`) and `|` (recognised so it can be refused by name).
 * Every token keeps the 1-based column where it starts, for error messages.
 */

export type OperatorText = '&&' | '||' | ';' | '&' | '|';

export interface WordToken {
  kind: 'word';
  /** The word after quote removal and escapes. */
  text: string;
  column: number;
  /** Some part was quoted or escaped: such a word is never an operator or comment. */
  quoted: boolean;
  /** 1-based column just past the word's last character. */
  end: number;
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
  mode: 'write' | 'append' | 'read' | 'dup';
  /** `2>&1` duplicates onto this descriptor (mode 'dup'); the target word follows otherwise. */
  dupTo?: number;
  column: number;
}

export type Token = WordToken | OperatorToken | RedirectToken;

export interface LexError {
  column: number;
  message: string;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: LexError };

const BLANK = /[ \t]/;
/** Characters that end an unquoted word (bash metacharacters). */
const META = /[ \t;&|<>]/;

export function lex(line: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (BLANK.test(c) || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const column = i + 1;
    // A comment starts only where a word could start (bash: `a#b` is one word).
    if (c === '#') break;
    if (c === '&' && line[i + 1] === '&') { tokens.push({ kind: 'op', text: '&&', column }); i += 2; continue; }
    if (c === '|' && line[i + 1] === '|') { tokens.push({ kind: 'op', text: '||', column }); i += 2; continue; }
    if (c === ';' || c === '&' || c === '|') { tokens.push({ kind: 'op', text: c, column }); i++; continue; }
    const redirect = readRedirect(line, i);
    if (redirect) {
      tokens.push({ ...redirect.token, column });
      i = redirect.end;
      continue;
    }
    // A word: runs of unquoted text, 'single', "double" and \escapes glued together.
    let text = '';
    let quoted = false;
    while (i < n && !META.test(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0) return { ok: false, error: { column: i + 1, message: "unexpected EOF while looking for matching `''" } };
        text += line.slice(i + 1, close);
        quoted = true;
        i = close + 1;
      } else if (ch === '"') {
        let j = i + 1;
        let body = '';
        while (j < n && line[j] !== '"') {
          // Inside double quotes a backslash escapes only $ ` " \ (and newline).
          if (line[j] === '\\' && j + 1 < n && '$`"\\'.includes(line[j + 1]!)) {
            body += line[j + 1];
            j += 2;
          } else {
            body += line[j];
            j++;
          }
        }
        if (j >= n) return { ok: false, error: { column: i + 1, message: 'unexpected EOF while looking for matching `"\'' } };
        text += body;
        quoted = true;
        i = j + 1;
      } else if (ch === '\\') {
        if (i + 1 < n) text += line[i + 1];
        quoted = true;
        // A backslash that ends the line escapes nothing: the word ends with the line.
        i = Math.min(i + 2, n);
      } else {
        text += ch;
        i++;
      }
    }
    tokens.push({ kind: 'word', text, column, quoted, end: i + 1 });
  }
  return { ok: true, tokens };
}

/** `>`, `>>`, `N>`, `N>>`, `N>&M`, `&>`, `<` at position i, if any. */
function readRedirect(line: string, i: number): { token: Omit<RedirectToken, 'column'>; end: number } | undefined {
  let j = i;
  let fd: number | undefined;
  const digits = /^\d+/.exec(line.slice(i));
  if (digits && (line[i + digits[0].length] === '>' || line[i + digits[0].length] === '<')) {
    fd = Number(digits[0]);
    j = i + digits[0].length;
  }
  const c = line[j];
  if (c === '<') return { token: { kind: 'redirect', fd: fd ?? 0, mode: 'read' }, end: j + 1 };
  if (c !== '>') return undefined;
  if (line[j + 1] === '>') return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'append' }, end: j + 2 };
  const dup = /^>&(\d+)/.exec(line.slice(j));
  if (dup) return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'dup', dupTo: Number(dup[1]) }, end: j + dup[0].length };
  return { token: { kind: 'redirect', fd: fd ?? 1, mode: 'write' }, end: j + 1 };
}
