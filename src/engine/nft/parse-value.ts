import { networkOf, parseIp4 } from '../addr/ipv4';
import { getservbyname } from '../command/netdb';
import type { NftElement, NftKey, NftScalar, NftType, NftValue, NftVerdict } from './ast';
import { Cursor, locOf } from './cursor';
import { SYMBOLS, symbolValue } from './datatypes';
import { nftError, NftSyntaxError } from './error';
import { spanOf, type NftLocation, type NftToken } from './lexer';
import { parseNftTime } from './nft_time';

/*
 * Constants on the right of a match, read as the key's type wants them (nft's symbol
 * expressions, resolved by the evaluator against the key's datatype): addresses with a prefix
 * or a range, ports by number or service name, symbols, bitmasks ("established,related"),
 * interface names; anonymous sets `{ … }` and named ones `@name`; a map's elements.
 */

export interface ValueContext {
  /** The ifindex of a device in the namespace (iif/oif take it when the rule is added). */
  ifindex(name: string): number | undefined;
  /** The device with an ifindex (`oif 1` lists as `oif "lo"`). */
  ifname?(index: number): string | undefined;
}

type Numeric = NftScalar & { value: number };

function number(t: NftToken): number | undefined {
  if (t.kind !== 'number') return undefined;
  const n = Number(t.text);
  return Number.isSafeInteger(n) && n <= 0xffffffff ? n : undefined;
}

/** One constant of a type (no prefix or range). */
function parseScalar(c: Cursor, type: NftType, ctx: ValueContext, inSet: boolean): NftScalar {
  const t = c.peek();
  if (t.kind === 'punct' && t.text === '$') {
    // What define.ts left: a $NAME no definition gave a value.
    const name = c.peek(1);
    throw new NftSyntaxError({ message: `unknown identifier '${name.text}'`, loc: locOf(name) });
  }
  if (t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'eof' || t.kind === 'punct') throw c.unexpected();
  c.next();
  switch (type) {
    case 'ipv4_addr': {
      // A plain number is an address too (`80` is 0.0.0.80), as getaddrinfo reads it.
      const ip = t.kind === 'addr' ? parseIp4(t.text) : number(t);
      if (ip === undefined) throw nftError('Could not resolve hostname: Name or service not known', locOf(t));
      return { type, value: ip };
    }
    case 'inet_service': {
      const port = number(t) ?? (t.kind === 'string' ? getservbyname(t.text) : undefined);
      if (port === undefined || port > 65535) throw nftError('Could not resolve service: Servname not supported for ai_socktype', locOf(t));
      return { type, value: port };
    }
    case 'ifname': {
      const glob = c.is('*') && c.peek().first === t.last + 1 ? (c.next(), '*') : '';
      return { type, name: t.text + glob };
    }
    case 'iface_index': {
      // A number is the index itself (`oif 0`: no route), printed as the number.
      if (t.kind === 'number' && number(t) !== undefined) return { type, name: ctx.ifname?.(number(t)!) ?? '', ifindex: number(t)! };
      const ifindex = ctx.ifindex(t.text);
      if (ifindex === undefined) throw nftError(`Interface does not exist`, locOf(t));
      return { type, name: t.text, ifindex };
    }
    case 'mark':
    case 'integer':
    case 'uid': {
      const n = number(t);
      if (n === undefined) throw nftError(`Could not parse ${type === 'mark' ? 'packet mark' : type === 'uid' ? 'user ID' : 'integer'}`, locOf(t));
      return { type, value: n };
    }
  }
  const sym = SYMBOLS[type];
  let value = number(t) ?? symbolValue(type, t.text);
  if (value === undefined) throw nftError(`Could not parse ${TYPE_DESC[type] ?? type}`, locOf(t));
  // A bitmask's symbols combine with '|', and with ',' outside a set (`ct state established,related`).
  while (sym?.bitmask && (c.is('|') || (!inSet && c.is(',')))) {
    c.next();
    const s = c.next();
    const v = number(s) ?? symbolValue(type, s.text);
    if (v === undefined) throw nftError(`Could not parse ${TYPE_DESC[type] ?? type}`, locOf(s));
    value |= v;
  }
  return { type, value } as NftScalar;
}

const TYPE_DESC: Partial<Record<NftType, string>> = {
  icmp_type: 'ICMP type', inet_proto: 'Internet protocol', ct_state: 'conntrack state', ct_status: 'conntrack status',
  ct_dir: 'conntrack direction', tcp_flag: 'TCP flag', pkt_type: 'packet type', nf_proto: 'netfilter protocol',
  fib_addrtype: 'fib address type', boolean: 'boolean type',
};

/** One constant with its prefix (`/N`) or range (`A-B`) where the type has an order. */
function parseSingle(c: Cursor, type: NftType, ctx: ValueContext, inSet: boolean): NftValue {
  const v = parseScalar(c, type, ctx, inSet);
  if (type === 'ipv4_addr' && c.is('/')) {
    c.next();
    const len = number(c.next());
    if (len === undefined || len > 32) throw c.unexpected();
    // A whole address's prefix is the address (listed without /32).
    if (len === 32) return { kind: 'value', v };
    return { kind: 'prefix', v: { type, value: networkOf((v as Numeric).value, len) }, len };
  }
  if ((type === 'ipv4_addr' || type === 'inet_service' || type === 'integer' || type === 'mark') && c.is('-')) {
    c.next();
    const hi = parseScalar(c, type, ctx, inSet) as Numeric;
    return { kind: 'range', lo: v as Numeric, hi };
  }
  return { kind: 'value', v };
}

/** A value of the key's type; a concatenation's parts joined by '.'. */
export function parseKeyValue(c: Cursor, types: readonly NftType[], ctx: ValueContext, inSet: boolean): NftValue {
  const parts: NftValue[] = [];
  for (let i = 0; i < types.length; i++) {
    if (i > 0) c.expect('.');
    parts.push(parseSingle(c, types[i]!, ctx, inSet));
  }
  return parts.length === 1 ? parts[0]! : { kind: 'concat', parts };
}

export function keyTypes(key: NftKey): NftType[] {
  return key.kind === 'concat' ? key.parts.map((p) => p.type) : [key.type];
}

export function parseVerdict(c: Cursor): NftVerdict | undefined {
  const t = c.peek();
  if (t.kind !== 'string') return undefined;
  if (t.text === 'accept' || t.text === 'drop' || t.text === 'continue' || t.text === 'return') {
    c.next();
    return { kind: 'verdict', verdict: t.text };
  }
  if (t.text === 'jump' || t.text === 'goto') {
    c.next();
    const chain = c.name();
    return { kind: 'verdict', verdict: t.text, chain: chain.text };
  }
  return undefined;
}

/** `{ e, e : data, … }`: the elements of an anonymous set or map, or of `elements = { … }`. */
/** `locs`, when given, receives where each element's key was typed. */
export function parseElements(c: Cursor, types: readonly NftType[], data: NftType | undefined, ctx: ValueContext, locs?: NftLocation[], keySpans?: NftLocation[]): NftElement[] {
  c.expect('{');
  const elements: NftElement[] = [];
  while (c.peek().kind === 'newline') c.next();
  while (!c.is('}')) {
    const start = c.peek();
    locs?.push(locOf(start));
    const key = parseKeyValue(c, types, ctx, true);
    keySpans?.push(spanOf(start, c.tokens[c.pos - 1]!));
    const e: NftElement = { key };
    for (;;) {
      if (c.accept('comment')) e.comment = c.next().text;
      else if (c.is('timeout')) {
        c.next();
        const t = c.next();
        const ms = t.kind === 'string' ? parseNftTime(t.text) : undefined;
        if (ms === undefined) throw c.unexpected('string', t);
        e.timeout = ms;
      } else break;
    }
    if (data && c.accept(':')) {
      if (data === 'verdict') {
        const v = parseVerdict(c);
        if (!v) throw c.unexpected();
        e.data = v;
      } else e.data = parseSingle(c, data, ctx, true);
    }
    elements.push(e);
    while (c.peek().kind === 'newline') c.next();
    if (!c.accept(',')) break;
    while (c.peek().kind === 'newline') c.next();
  }
  if (!c.is('}')) throw c.unexpected("comma or '}'");
  c.next();
  return elements;
}

/** The right-hand side of a match: an anonymous set, a named set, or a value. */
export function parseRhs(c: Cursor, key: NftKey, ctx: ValueContext): NftValue {
  if (c.is('{')) {
    const elements = parseElements(c, keyTypes(key), undefined, ctx);
    // nft makes a one-element set the plain value it holds (not a concatenation's).
    return elements.length === 1 && elements[0]!.key.kind !== 'concat' ? elements[0]!.key : { kind: 'set', elements };
  }
  if (c.is('@')) {
    const at = c.next();
    const name = c.name();
    return { kind: 'setref', name: name.text, loc: spanOf(at, name) };
  }
  return parseKeyValue(c, keyTypes(key), ctx, false);
}

