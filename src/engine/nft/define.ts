import type { NftErrorRecord } from './error';
import type { NftToken } from './lexer';

/*
 * nft's symbols: `define NAME = VALUE` (at the top or in a block, seen in that block and the
 * blocks inside it) and `$NAME`, which stands for the value's tokens wherever it is written.
 * A name defined twice in one block is an error at the second definition; an unknown `$NAME`
 * is left for the parser, which says "unknown identifier" where it stands.
 */

export type NftScopes = Map<string, NftToken[]>[];

const isEnd = (t: NftToken) => t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'eof';

/** Removes the definitions from the tokens and puts each known `$NAME`'s value in its place. */
export function expandDefines(tokens: NftToken[], scopes: NftScopes, errors: NftErrorRecord[]): NftToken[] {
  const out: NftToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = out[out.length - 1];
    const atStart = !prev || isEnd(prev) || (prev.kind === 'punct' && prev.text === '{');
    if (atStart && t.kind === 'string' && t.text === 'define' && tokens[i + 1]?.kind === 'string') {
      const name = tokens[i + 1]!;
      let j = i + 2;
      if (tokens[j]?.kind === 'punct' && tokens[j]!.text === '=') j++;
      const value: NftToken[] = [];
      let depth = 0;
      // To the end of the line; an unclosed '{' ends at the end of the input, which stays.
      for (; j < tokens.length && tokens[j]!.kind !== 'eof' && !(depth === 0 && isEnd(tokens[j]!)); j++) {
        const v = tokens[j]!;
        if (v.kind === 'punct' && v.text === '{') depth++;
        if (v.kind === 'punct' && v.text === '}') depth--;
        value.push(...substitute(v, tokens[j + 1], scopes) ?? [v]);
        if (v.kind === 'punct' && v.text === '$' && known(tokens[j + 1], scopes)) j++;
      }
      const scope = scopes[scopes.length - 1]!;
      if (scope.has(name.text)) errors.push({ message: `redefinition of symbol '${name.text}'`, loc: name });
      else scope.set(name.text, value);
      i = j - 1;
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') scopes.push(new Map());
    if (t.kind === 'punct' && t.text === '}' && scopes.length > 1) scopes.pop();
    const value = substitute(t, tokens[i + 1], scopes);
    if (value) {
      out.push(...value);
      i++;
    } else out.push(t);
  }
  return out;
}

function known(name: NftToken | undefined, scopes: NftScopes): NftToken[] | undefined {
  if (!name || name.kind !== 'string') return undefined;
  for (let s = scopes.length - 1; s >= 0; s--) {
    const v = scopes[s]!.get(name.text);
    if (v) return v;
  }
  return undefined;
}

/** `$NAME` (written together) as its value's tokens, or undefined. */
function substitute(t: NftToken, next: NftToken | undefined, scopes: NftScopes): NftToken[] | undefined {
  if (t.kind !== 'punct' || t.text !== '$' || !next || next.line !== t.line || next.first !== t.last + 1) return undefined;
  return known(next, scopes);
}
