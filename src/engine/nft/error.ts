import type { NftInput, NftLocation } from './lexer';

/*
 * nft's error records (erec.c): "Error: MESSAGE", the input line, and a line marking the
 * offending place with '^' (and places it relates to with '~'), the marks under the typed
 * characters (a tab stays a tab, so they line up). An error in a file or in standard input is
 * preceded by its place, `NAME:LINE:FIRST-LAST: `.
 */

export interface NftErrorRecord {
  message: string;
  loc: NftLocation;
  /** Places the message relates to, marked with '~' (the NAT statement a port range belongs to). */
  related?: NftLocation[];
}

/** A syntax error: nft reads no further and runs nothing. */
export class NftSyntaxError extends Error {
  constructor(readonly record: NftErrorRecord) {
    super(record.message);
  }
}

/** An error found while evaluating one command: the rest are still evaluated, nothing runs. */
export class NftEvalError extends Error {
  constructor(readonly record: NftErrorRecord) {
    super(record.message);
  }
}

export const nftError = (message: string, loc: NftLocation, related?: NftLocation[]): NftEvalError =>
  new NftEvalError({ message, loc, ...(related ? { related } : {}) });

/** What the real nft takes but the simulator does not model: refused at the place it was typed, never run half-understood. */
export const notSimulated = (what: string, loc: NftLocation): NftEvalError => nftError(`hairpin does not simulate ${what}`, loc);

/** One record as nft prints it on standard error. */
export function formatNftError(rec: NftErrorRecord, inputs: readonly NftInput[]): string {
  const input = inputs[rec.loc.input];
  // At the end of a file nft still holds its last line, and shows that one.
  const atEnd = input !== undefined && rec.loc.line === input.lines.length && input.lines[rec.loc.line - 1] === '' && rec.loc.line > 1;
  const lineText = input?.lines[rec.loc.line - (atEnd ? 2 : 1)] ?? '';
  const place = input?.name !== undefined ? `${input.name}:${rec.loc.line}:${rec.loc.first}-${rec.loc.last}: ` : '';
  const marks: string[] = [];
  const mark = (loc: NftLocation, c: string) => {
    if (loc.input !== rec.loc.input || loc.line !== rec.loc.line) return;
    for (let i = loc.first; i <= loc.last; i++) marks[i - 1] = c;
  };
  for (const r of rec.related ?? []) mark(r, '~');
  mark(rec.loc, '^');
  let under = '';
  for (let i = 0; i < marks.length; i++) under += marks[i] ?? (lineText[i] === '\t' ? '\t' : ' ');
  return `${place}Error: ${rec.message}\n${lineText}\n${under}\n`;
}
