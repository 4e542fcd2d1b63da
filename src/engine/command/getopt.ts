import type { Word } from './types';

/**
 * glibc getopt_long as the small tools use it: short options clustered (`-lk`), arguments
 * attached (`-c3`) or in the next word, long options `--name value` / `--name=value` (unique
 * prefixes accepted), operands mixed with options (glibc permutes), `--` ends options.
 */
export interface GetoptSpec {
  /** getopt's optstring: letters, `:` after those taking an argument. */
  short: string;
  /** Long option name → takes an argument; `short` maps it onto a letter. */
  long?: Record<string, { arg: boolean; short?: string }>;
}

export interface ParsedOption {
  /** The letter, or the long name when it has no letter. */
  name: string;
  value?: Word;
  /** The option word, for errors. */
  word: Word;
}

export type GetoptResult =
  | { ok: true; options: ParsedOption[]; operands: Word[] }
  | { ok: false; kind: 'unknown' | 'missing' | 'ambiguous'; option: string; word: Word };

export function getopt(words: readonly Word[], spec: GetoptSpec): GetoptResult {
  const options: ParsedOption[] = [];
  const operands: Word[] = [];
  const takesArg = (letter: string) => {
    const at = spec.short.indexOf(letter);
    return at >= 0 && spec.short[at + 1] === ':';
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const text = word.text;
    if (text === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (text.startsWith('--') && spec.long) {
      const eq = text.indexOf('=');
      const name = eq < 0 ? text.slice(2) : text.slice(2, eq);
      const names = Object.keys(spec.long);
      const exact = names.includes(name) ? name : undefined;
      const prefixed = names.filter((n) => n.startsWith(name));
      const found = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!found) return { ok: false, kind: prefixed.length > 1 ? 'ambiguous' : 'unknown', option: text, word };
      const def = spec.long[found]!;
      let value: Word | undefined;
      if (def.arg) {
        value = eq >= 0 ? { text: text.slice(eq + 1), column: word.column + eq + 1 } : words[++i];
        if (!value) return { ok: false, kind: 'missing', option: found, word };
      }
      options.push({ name: def.short ?? found, ...(value ? { value } : {}), word });
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      for (let j = 1; j < text.length; j++) {
        const letter = text[j]!;
        if (letter === ':' || !spec.short.includes(letter)) return { ok: false, kind: 'unknown', option: letter, word };
        if (!takesArg(letter)) {
          options.push({ name: letter, word });
          continue;
        }
        const attached = text.slice(j + 1);
        const value = attached ? { text: attached, column: word.column + j + 1 } : words[++i];
        if (!value) return { ok: false, kind: 'missing', option: letter, word };
        options.push({ name: letter, value, word });
        break;
      }
      continue;
    }
    operands.push(word);
  }
  return { ok: true, options, operands };
}
