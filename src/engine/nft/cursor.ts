import { NftSyntaxError } from './error';
import type { NftLocation, NftToken } from './lexer';

/*
 * The parser's view of the tokens, and how bison words what it did not expect: a keyword by
 * its name, a string as "string", punctuation quoted, the end of a command as "newline",
 * "semicolon" or "end of file".
 */

/** The words nft's scanner makes keywords, of the part of the language modelled. */
const KEYWORDS = new Set([
  'table', 'chain', 'rule', 'set', 'map', 'element', 'add', 'create', 'insert', 'replace', 'delete', 'flush', 'list',
  'ruleset', 'tables', 'chains', 'sets', 'maps', 'handle', 'position', 'index', 'include', 'define',
  'ip', 'inet', 'ip6', 'arp', 'bridge', 'netdev', 'tcp', 'udp', 'th', 'icmp', 'meta', 'ct', 'fib',
  'saddr', 'daddr', 'protocol', 'ttl', 'sport', 'dport', 'flags', 'type', 'code', 'hook', 'priority', 'policy',
  'iif', 'oif', 'iifname', 'oifname', 'mark', 'l4proto', 'nfproto', 'pkttype', 'skuid', 'nftrace',
  'state', 'status', 'direction', 'original', 'reply', 'accept', 'drop', 'continue', 'return', 'jump', 'goto',
  'counter', 'packets', 'bytes', 'limit', 'rate', 'over', 'burst', 'log', 'prefix', 'level', 'notrack', 'reject',
  'with', 'reset', 'masquerade', 'snat', 'dnat', 'redirect', 'to', 'random', 'fully-random', 'persistent',
  'vmap', 'elements', 'interval', 'constant', 'timeout', 'comment', 'size', 'dormant', 'device',
  'option', 'maxseg', 'rt', 'mtu', 'group', 'snaplen', 'queue-threshold', 'sequence', 'options', 'skuid', 'ether',
  // Statements not modelled are keywords too: `chain fwd` is a syntax error (recorded, err-keyword-name).
  'fwd', 'dup', 'queue', 'quota', 'tproxy', 'synproxy', 'flowtable', 'secmark',
]);

export class Cursor {
  pos = 0;
  constructor(readonly tokens: NftToken[]) {
    // Every reading loop stops at the end of the input: there must be one.
    const last = tokens[tokens.length - 1];
    if (last?.kind !== 'eof') tokens.push({ kind: 'eof', text: '', input: last?.input ?? 0, line: last?.line ?? 1, first: 1, last: 1 });
  }

  peek(k = 0): NftToken {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }

  next(): NftToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** The token is this keyword (or punctuation). */
  is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'string' || t.kind === 'punct') && t.text === text;
  }

  accept(text: string): NftToken | undefined {
    return this.is(text) ? this.next() : undefined;
  }

  /** The end of a command: newline, ';' or the end of the input. */
  atEnd(k = 0): boolean {
    const kind = this.peek(k).kind;
    return kind === 'newline' || kind === 'semicolon' || kind === 'eof';
  }

  expect(text: string, expecting?: string): NftToken {
    if (this.is(text)) return this.next();
    throw this.unexpected(expecting ?? describeExpected(text));
  }

  /** A name (table, chain, set): a string that is no keyword, or a quoted string. */
  name(): NftToken {
    const t = this.peek();
    if ((t.kind === 'string' && !KEYWORDS.has(t.text)) || t.kind === 'quoted') return this.next();
    throw this.unexpected('string');
  }

  unexpected(expecting?: string, t = this.peek()): NftSyntaxError {
    return new NftSyntaxError({ message: `syntax error, unexpected ${describe(t)}${expecting ? `, expecting ${expecting}` : ''}`, loc: t });
  }
}

export function isKeyword(text: string): boolean {
  return KEYWORDS.has(text);
}

/** How bison names a token it did not expect. */
export function describe(t: NftToken): string {
  switch (t.kind) {
    case 'newline':
      return 'newline';
    case 'semicolon':
      return 'semicolon';
    case 'eof':
      return 'end of file';
    case 'quoted':
      return 'quoted string';
    case 'number':
      return 'number';
    case 'addr':
      return 'string';
    case 'punct':
      return `'${t.text}'`;
    case 'string':
      return KEYWORDS.has(t.text) ? t.text : 'string';
  }
}

function describeExpected(text: string): string {
  return /^[a-z]/.test(text) ? text : `'${text}'`;
}

export function locOf(t: NftToken): NftLocation {
  return { input: t.input, line: t.line, first: t.first, last: t.last };
}
