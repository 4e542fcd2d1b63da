import type { Word } from './types';

/**
 * A parse failure: the message the real tool prints, the column of the word it complains
 * about and its exit status. Parsers throw it; the line parsers turn it into a LineError.
 */
export class CommandError extends Error {
  constructor(
    readonly column: number,
    message: string,
    readonly exitStatus: number,
  ) {
    super(message);
  }
}

/** A cursor over the words of one simple command (after the command name). */
export class Args {
  private index = 0;

  constructor(
    readonly words: readonly Word[],
    /** Column just past the end of the command, for "argument missing" errors. */
    readonly endColumn: number,
  ) {}

  get done(): boolean {
    return this.index >= this.words.length;
  }

  get remaining(): number {
    return this.words.length - this.index;
  }

  peek(offset = 0): Word | undefined {
    return this.words[this.index + offset];
  }

  /** The next word, or undefined at the end. */
  take(): Word | undefined {
    return this.words[this.index++];
  }

  /** The next word; at the end, throws the tool's "argument missing" error. */
  need(onMissing: () => CommandError): Word {
    const word = this.words[this.index];
    if (!word) throw onMissing();
    this.index++;
    return word;
  }

  /** Column of the next word, or the end of the command. */
  get column(): number {
    return this.words[this.index]?.column ?? this.endColumn;
  }

  /** The previous word (the one just taken). */
  get last(): Word | undefined {
    return this.words[this.index - 1];
  }

  rest(): Word[] {
    const out = this.words.slice(this.index);
    this.index = this.words.length;
    return out;
  }
}

/** iproute2's matches(): true when `word` is a non-empty prefix of `keyword`. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/**
 * C strtoul(text, &end, 0) that must consume the whole word: decimal, 0x hex or 0 octal.
 * iproute2 and iptables read numbers this way (get_u32, xtables_strtoui).
 */
export function parseCNumber(text: string, max = 0xffffffff): number | undefined {
  let m: RegExpExecArray | null;
  let value: number;
  if ((m = C_HEX.exec(text))) value = parseInt(m[1]!, 16);
  else if (C_OCTAL.test(text)) value = parseInt(text, 8);
  else if (C_DECIMAL.test(text)) value = Number(text);
  else return undefined;
  return Number.isSafeInteger(value) && value <= max ? value : undefined;
}

// Made once: a regular expression literal is a new object each time it is evaluated, and a
// 100,000-route config reads four numbers a route.
const C_HEX = /^0[xX]([0-9a-fA-F]+)$/;
const C_OCTAL = /^0[0-7]*$/;
const C_DECIMAL = /^[1-9][0-9]*$/;
const DECIMAL_FRACTION = /^(\d+\.?\d*|\.\d+)$/;

/** A decimal number with an optional fraction ("0.2"), as atof/strtod read it; no sign. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL_FRACTION.test(text)) return undefined;
  return Number(text);
}
