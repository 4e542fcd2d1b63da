import { CommandError } from './args';
import type { Expansion, RedirectToken, Token, WordToken } from './lexer';

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
  /** `{ …; }` or `( … )`: a compound command (words empty), the list inside it. */
  group?: { list: RawAndOr[]; subshell: boolean };
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

/**
 * bash's grammar for one (logical) line, by recursive descent: a list of and-or lists, each of
 * pipelines, each of commands; a command is a simple one or a group, `{ LIST; }` (the reserved
 * words `{` and `}` count only where a command starts) or a subshell `( LIST )`.
 */
export function splitShellList(tokens: readonly Token[], lineEnd: number): RawAndOr[] {
  return new ListParser(tokens, lineEnd).parse();
}

class ListParser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[], private readonly lineEnd: number) {}

  parse(): RawAndOr[] {
    const list = this.list(undefined);
    const stray = this.tokens[this.i];
    if (stray) throw syntaxError(stray.column, stray.kind === 'op' ? stray.text : stray.kind === 'word' ? stray.text : '<');
    return list;
  }

  private closes(t: Token | undefined, closer: '}' | ')' | undefined): boolean {
    if (!t || !closer) return false;
    return closer === ')' ? t.kind === 'op' && t.text === ')' : t.kind === 'word' && !t.quoted && t.text === '}';
  }

  private list(closer: '}' | ')' | undefined): RawAndOr[] {
    const lists: RawAndOr[] = [];
    for (;;) {
      const t = this.tokens[this.i];
      if (!t || this.closes(t, closer)) break;
      const andOr = this.andOr();
      lists.push(andOr);
      const sep = this.tokens[this.i];
      if (sep?.kind === 'op' && (sep.text === ';' || sep.text === '&')) {
        andOr.background = sep.text === '&';
        this.i++;
        continue;
      }
      break;
    }
    return lists;
  }

  private andOr(): RawAndOr {
    const andOr: RawAndOr = { first: this.pipeline(), rest: [], background: false };
    for (let t = this.tokens[this.i]; t?.kind === 'op' && (t.text === '&&' || t.text === '||'); t = this.tokens[this.i]) {
      this.i++;
      andOr.rest.push({ op: t.text, cmd: this.pipeline() });
    }
    return andOr;
  }

  private pipeline(): RawPipeline {
    const pipeline: RawPipeline = { stages: [this.command()], pipes: [] };
    for (let t = this.tokens[this.i]; t?.kind === 'op' && t.text === '|'; t = this.tokens[this.i]) {
      const next = this.tokens[this.i + 1];
      if (next?.kind === 'op' && next.text === '&' && next.column === t.column + 1) {
        throw new CommandError(t.column, 'hairpin: |& (piping stderr too) is not simulated: write 2>&1 |', 2);
      }
      this.i++;
      pipeline.pipes.push(t.column);
      pipeline.stages.push(this.command());
    }
    return pipeline;
  }

  private command(): RawSimple {
    const t = this.tokens[this.i];
    // `&& x`, `a && && b`, `; ;`, `a | | b`, `a &&` at the end: an operator with no command before it.
    if (!t) throw syntaxError(this.lineEnd, 'newline');
    if (t.kind === 'op') {
      if (t.text === '(') return this.group(t.column, ')');
      throw syntaxError(t.column, t.text);
    }
    if (t.kind === 'word' && !t.quoted && t.text === '{') return this.group(t.column, '}');
    if (t.kind === 'word' && !t.quoted && t.text === '}') throw syntaxError(t.column, '}');
    const simple: RawSimple = { words: [], redirects: [], column: t.column, end: t.kind === 'word' ? t.end : t.column };
    for (let u = this.tokens[this.i]; u && u.kind !== 'op'; u = this.tokens[this.i]) {
      if (u.kind === 'word') {
        simple.words.push(u);
        simple.end = u.end;
        this.i++;
      } else this.redirect(simple, u);
    }
    // `echo a(b`: a parenthesis inside a simple command.
    const after = this.tokens[this.i];
    if (after?.kind === 'op' && after.text === '(') throw syntaxError(after.column, '(');
    return simple;
  }

  private redirect(simple: RawSimple, token: RedirectToken): void {
    this.i++;
    if (token.mode === 'dup') {
      simple.redirects.push({ token });
      return;
    }
    const target = this.tokens[this.i];
    if (!target || target.kind !== 'word') throw syntaxError(target?.column ?? this.lineEnd, target?.kind === 'op' ? target.text : 'newline');
    simple.redirects.push({ token, target });
    this.i++;
  }

  /** `{ LIST; }` or `( LIST )`, then any redirections that apply to the whole group. */
  private group(column: number, closer: '}' | ')'): RawSimple {
    this.i++;
    const list = this.list(closer);
    const close = this.tokens[this.i];
    if (!close) throw new CommandError(this.lineEnd, 'bash: syntax error: unexpected end of file', 2);
    if (!this.closes(close, closer)) throw syntaxError(close.column, close.kind === 'op' ? close.text : close.kind === 'word' ? close.text : '<');
    if (list.length === 0) throw syntaxError(close.column, closer);
    this.i++;
    const simple: RawSimple = { words: [], redirects: [], column, end: close.column + 1, group: { list, subshell: closer === ')' } };
    for (let u = this.tokens[this.i]; u?.kind === 'redirect'; u = this.tokens[this.i]) this.redirect(simple, u);
    const after = this.tokens[this.i];
    if (after?.kind === 'word') throw syntaxError(after.column, after.text);
    return simple;
  }
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

export function unsimulatedExpansion(e: Expansion): CommandError {
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
