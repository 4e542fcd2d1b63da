import { CommandError } from './args';
import type { Expansion, OperatorText, RedirectToken, Token, WordToken } from './lexer';

/**
 * The shell grammar of one line: simple commands with their redirections, joined by `|` into
 * pipelines, those by `&&` and `||` into and-or lists, which `;` and `&` separate (bash's
 * precedence). Errors are bash's ("syntax error near unexpected token").
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

/** `a | b | c`: the stages in order, and the column of each `|`. */
export interface RawPipeline {
  stages: RawSimple[];
  pipes: number[];
}

export interface RawAndOr {
  first: RawPipeline;
  rest: { op: '&&' | '||'; cmd: RawPipeline }[];
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
  let pipeline: RawPipeline | undefined;

  const finishSimple = (op: OperatorText | undefined, column: number) => {
    if (!simple) {
      // `&& x`, `a && && b`, `; ;`, `a | | b`: bash refuses an operator with nothing before it.
      if (op) throw syntaxError(column, op);
      if (pendingOp || pipeline) throw syntaxError(column, 'newline');
      return;
    }
    pipeline ??= { stages: [], pipes: [] };
    pipeline.stages.push(simple);
    simple = undefined;
    if (op === '|') {
      pipeline.pipes.push(column);
      return;
    }
    if (!current) current = { first: pipeline, rest: [], background: false };
    else current.rest.push({ op: pendingOp!, cmd: pipeline });
    pipeline = undefined;
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
      const next = tokens[i + 1];
      if (token.text === '|' && next?.kind === 'op' && next.text === '&' && next.column === token.column + 1) {
        throw new CommandError(token.column, 'hairpin: |& (piping stderr too) is not simulated: write 2>&1 |', 2);
      }
      finishSimple(token.text, token.column);
      if (token.text === '&&' || token.text === '||') {
        pendingOp = token.text;
      } else {
        // `;` or `&` closes the and-or list.
        if (token.text === '|') continue;
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

/**
 * What a line may use of the shell beyond plain words and the list operators. A word bash
 * would expand (`$VAR`, a glob…) is refused rather than read as its literal text, which bash
 * would not do: a config line runs as root in the lab, and must do there exactly what the
 * simulator showed. A flow line may hold `$(…)`, which the simulator performs (parse.ts checks
 * that its commands only read); a config line may not: its result is not known before boot.
 */
export function refuseUnsimulatedShell(tokens: readonly Token[], role: 'config' | 'flow'): void {
  for (const token of tokens) {
    if (token.kind !== 'word' || !token.expansions) continue;
    const refused = token.expansions.find((e) => !(role === 'flow' && e.kind === 'command' && e.inner !== undefined));
    if (refused) throw unsimulatedExpansion(refused);
  }
}

function unsimulatedExpansion(e: Expansion): CommandError {
  const keepLiteral = "or quote the text ('…') to keep it literal";
  const message: Record<Expansion['kind'], string> = {
    command: `command substitution (${e.text === '`' ? '`…`' : '$(…)'}) is not simulated: write its result, ${keepLiteral}`,
    arithmetic: `arithmetic expansion (${e.text}…) is not simulated: write the number, ${keepLiteral}`,
    parameter: `'${e.text}' is a shell variable, and none is set here: write its value, ${keepLiteral}`,
    'ansi-c': "$'…' quoting is not simulated: use '…'",
    locale: '$"…" quoting is not simulated: use "…"',
    glob: `'${e.text}' is a filename pattern that bash would expand (a glob): ${keepLiteral.replace(/^or q/, 'q')}`,
    brace: `brace expansion ({a,b}) is not simulated: write each word, ${keepLiteral}`,
    tilde: `'~' is a home directory that bash would expand: write the path, ${keepLiteral}`,
  };
  return new CommandError(e.column, `hairpin: ${message[e.kind]}`, 2);
}
