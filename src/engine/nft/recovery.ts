import type { Cursor } from './cursor';
import { NftEvalError, NftSyntaxError, type NftErrorRecord } from './error';

/*
 * How nft goes on after a mistake (parser_bison.y's error rules): a syntax error is recorded
 * and the tokens up to the next newline or ';' are dropped; braces dropped with them are not
 * counted, so a mistake before a '}' makes more mistakes after it, as in nft. The end of the
 * input is reported once, however many blocks it leaves open. An evaluation error is recorded
 * and the rest of its command skipped; evaluation comes after parsing, so a command that does
 * not end well is a syntax error instead.
 */

export const END_BLOCK = 'newline or semicolon';

export class NftRecovery {
  readonly syntaxErrors: NftErrorRecord[] = [];
  readonly errors: NftErrorRecord[] = [];

  constructor(protected readonly c: Cursor) {}

  /** Runs one command's parse; an evaluation error is kept and the rest of the command skipped. */
  protected guard(run: () => void, inBlock = false): void {
    try {
      run();
    } catch (e) {
      if (e instanceof NftSyntaxError) {
        // The end of the input is reported once, however many blocks it leaves open.
        const atEof = this.c.peek().kind === 'eof' && e.record.loc.line === this.c.peek().line && e.record.loc.first === this.c.peek().first;
        if (!(atEof && this.eofReported)) this.syntaxErrors.push(e.record);
        this.eofReported ||= atEof;
        return this.resync();
      }
      if (!(e instanceof NftEvalError)) throw e;
      // nft evaluates a command once it has parsed all of it: one that does not end well is a
      // syntax error instead (a rule closed by '}' without a newline or ';' before it).
      if (this.skip() === '}' && inBlock) {
        this.syntaxErrors.push(this.c.unexpected(END_BLOCK).record);
        return this.resync();
      }
      this.errors.push(e.record);
    }
  }

  protected eofReported = false;

  /** bison's recovery: drop tokens up to a newline or ';' (taken too). */
  protected resync(): void {
    for (;;) {
      const t = this.c.next();
      if (t.kind === 'eof' || t.kind === 'newline' || t.kind === 'semicolon') return;
    }
  }

  /** The end of a block's items: its '}', or the end of the input (a syntax error, once). */
  protected blockClosed(): boolean {
    if (this.c.accept('}')) return true;
    if (this.c.peek().kind !== 'eof') return false;
    if (!this.eofReported) throw this.c.unexpected();
    return true;
  }

  /** To the end of the current command (or block item), over nested braces; what ended it. */
  protected skip(): 'end' | '}' {
    let depth = 0;
    for (;;) {
      const t = this.c.peek();
      if (t.kind === 'eof') return 'end';
      if (depth === 0 && (t.kind === 'newline' || t.kind === 'semicolon')) return this.c.next(), 'end';
      if (depth === 0 && t.kind === 'punct' && t.text === '}') return '}';
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}') depth--;
      this.c.next();
    }
  }
}
