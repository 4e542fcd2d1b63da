/*
 * nft's scanner (scanner.l), for the part of the language modelled: keywords and strings share
 * one shape (a letter, then letters, digits, '/', '-', '_', '.'), numbers are decimal or 0x
 * hex, IPv4 addresses are one token, '#' starts a comment, a backslash joins lines, and
 * newline and ';' end a command. Every token keeps where it was typed (line, first and last
 * column), which is all nft's error messages point with.
 */

export type NftTokenKind = 'string' | 'quoted' | 'number' | 'addr' | 'punct' | 'newline' | 'semicolon' | 'eof';

export interface NftLocation {
  /** Index of the input (0: the command line or the file given; includes add more). */
  input: number;
  line: number;
  first: number;
  last: number;
}

export interface NftToken extends NftLocation {
  kind: NftTokenKind;
  text: string;
}

/** An input nft reads: its name in messages (a file or /dev/stdin), and its lines. */
export interface NftInput {
  /** undefined for the command line (errors then name no place). */
  name?: string;
  lines: string[];
}

/** nft's scanner: a string may start with '.' too (`1.2.3` is the number 1, then the string `.2.3`); a lone '.' is the operator. */
const STRING = /(?:[A-Za-z_]|\.(?=[A-Za-z0-9_/\-.]))[A-Za-z0-9_/\-.]*/y;
const ADDR = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9A-Za-z_])/y;
const NUMBER = /0x[0-9A-Fa-f]+|\d+/y;
/** A duration (`1h`, `1d2h`, `1500ms`): nft's scanner reads it as one string. */
const TIME = /(?:\d+(?:d|h|ms|m|s))+(?![0-9A-Za-z_])/y;
const TWO_CHAR = ['==', '!=', '<=', '>='];
const ONE_CHAR = '{}(),:=!<>./-*@$|&^[]~';

/** Splits one input into tokens; an unknown character is a token the parser refuses where it stands. */
export function nftLex(text: string, input: number): NftToken[] {
  const tokens: NftToken[] = [];
  const lines = text.split('\n');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    const at = (kind: NftTokenKind, text: string, col: number): void => {
      tokens.push({ kind, text, input, line: l + 1, first: col + 1, last: col + Math.max(text.length, 1) });
    };
    let i = 0;
    let joined = false;
    while (i < line.length) {
      const c = line[i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === '\\' && i === line.length - 1) {
        joined = true;
        break;
      }
      if (c === ';') {
        at('semicolon', ';', i++);
        continue;
      }
      if (c === '"') {
        const end = line.indexOf('"', i + 1);
        const stop = end < 0 ? line.length : end + 1;
        tokens.push({ kind: 'quoted', text: line.slice(i + 1, end < 0 ? line.length : end), input, line: l + 1, first: i + 1, last: stop });
        i = stop;
        continue;
      }
      const time = match(TIME, line, i);
      const m = match(ADDR, line, i) ?? time ?? match(STRING, line, i) ?? match(NUMBER, line, i);
      if (m) {
        const kind: NftTokenKind = /^\d{1,3}\./.test(m) ? 'addr' : m === time ? 'string' : /^\d|^0x/.test(m) ? 'number' : 'string';
        at(kind, m, i);
        i += m.length;
        continue;
      }
      const two = line.slice(i, i + 2);
      if (TWO_CHAR.includes(two)) {
        at('punct', two, i);
        i += 2;
        continue;
      }
      at('punct', c, i++);
      if (!ONE_CHAR.includes(c)) tokens[tokens.length - 1]!.kind = 'punct';
    }
    if (!joined && l < lines.length - 1) at('newline', '\n', line.length);
  }
  const lastLine = lines.length;
  tokens.push({ kind: 'eof', text: '', input, line: lastLine, first: 1, last: 1 });
  return tokens;
}

function match(re: RegExp, line: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(line);
  return m ? m[0] : undefined;
}

/** A location spanning two tokens (first's start to last's end, on first's line). */
export function spanOf(from: NftLocation, to: NftLocation): NftLocation {
  return { input: from.input, line: from.line, first: from.first, last: to.line === from.line ? Math.max(to.last, from.first) : from.last };
}
