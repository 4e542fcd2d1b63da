import { CommandError } from './args';
import type { OperatorText, RedirectToken, Token, WordToken } from './lexer';

/**
 * The shell grammar of one line: simple commands with their redirections, joined by `&&`
 * and `||` into and-or lists, which `;` and `&` separate (bash's precedence). Errors are
 * bash's ("syntax error near unexpected token").
 */

export interface RawRedirect {
  token: RedirectToken;
  /** The file word (absent for `2>&1`). */
  target?: WordToken;
}

export interface RawSimple {
  words: WordToken[];
  redirects: RawRedirect[];
  column: number;
  /** Column just past the command's last word. */
  end: number;
}

export interface RawAndOr {
  first: RawSimple;
  rest: { op: '&&' | '||'; cmd: RawSimple }[];
  background: boolean;
}

function syntaxError(column: number, near: string): CommandError {
  return new CommandError(column, `bash: syntax error near unexpected token \`${near}'`, 2);
}

export function splitShellList(tokens: readonly Token[], lineEnd: number): RawAndOr[] {
  const lists: RawAndOr[] = [];
  let current: RawAndOr | undefined;
  let pendingOp: '&&' | '||' | undefined;
  let simple: RawSimple | undefined;

  const finishSimple = (op: OperatorText | undefined, column: number) => {
    if (!simple) {
      // `&& x`, `a && && b`, `; ;`: bash refuses an operator with nothing before it.
      if (op) throw syntaxError(column, op);
      if (pendingOp) throw syntaxError(column, 'newline');
      return;
    }
    if (!current) current = { first: simple, rest: [], background: false };
    else current.rest.push({ op: pendingOp!, cmd: simple });
    simple = undefined;
    pendingOp = undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word') {
      simple ??= { words: [], redirects: [], column: token.column, end: token.end };
      simple.words.push(token);
      simple.end = token.end;
    } else if (token.kind === 'redirect') {
      simple ??= { words: [], redirects: [], column: token.column, end: token.column };
      if (token.mode === 'dup') {
        simple.redirects.push({ token });
        continue;
      }
      const target = tokens[i + 1];
      if (!target || target.kind !== 'word') throw syntaxError(target?.column ?? lineEnd, target?.kind === 'op' ? target.text : 'newline');
      simple.redirects.push({ token, target });
      i++;
    } else {
      if (token.text === '|') {
        throw new CommandError(token.column, 'hairpin: pipes are not supported', 2);
      }
      finishSimple(token.text, token.column);
      if (token.text === '&&' || token.text === '||') {
        pendingOp = token.text;
      } else {
        // `;` or `&` closes the and-or list.
        if (!current) throw syntaxError(token.column, token.text);
        current.background = token.text === '&';
        lists.push(current);
        current = undefined;
      }
    }
  }
  finishSimple(undefined, lineEnd);
  if (pendingOp) throw syntaxError(lineEnd, 'newline');
  if (current) lists.push(current);
  return lists;
}
