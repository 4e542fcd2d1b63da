import { NFT_LOG_FLAGS, type NftFamily, type NftKey, type NftLogFlag, type NftOp, type NftStmt } from './ast';
import { Cursor, isKeyword, locOf } from './cursor';
import { ICMP_REJECT_CODE, ICMPX_REJECT_CODE, SYMBOLS } from './datatypes';
import { nftError, notSimulated } from './error';
import { spanOf, type NftLocation } from './lexer';
import { l4Dependency, parseKey, startsKey } from './parse-key';
import { keyTypes, parseElements, parseRhs, parseVerdict, type ValueContext } from './parse-value';
import { parseNftTime } from './nft_time';

/*
 * A rule's statements, in the order typed: matches, verdicts, and the statements with an
 * effect (counter, limit, log, notrack, mark and ct mark set, nftrace, reject, NAT, vmap).
 * What nft's evaluator adds or checks per rule is here too: the protocol a transport port
 * depends on, the match `reject with tcp reset` needs, a redundant protocol match folded into
 * the payload match after it.
 */

export interface RuleContext extends ValueContext {
  family: NftFamily;
}

const OPS: readonly string[] = ['==', '!=', '<', '>', '<=', '>='];
const BITWISE: Record<string, '&' | '|' | '^'> = { '&': '&', and: '&', '|': '|', or: '|', '^': '^', xor: '^' };
/** Statements the real nft has that are not modelled. */
const UNMODELLED_STMTS = new Set(['quota', 'queue', 'dup', 'fwd', 'tproxy', 'synproxy', 'flow', 'secmark', 'last']);
const BYTE_UNITS: Record<string, number> = { bytes: 1, kbytes: 1024, mbytes: 1024 * 1024 };
const LIMIT_UNITS = ['second', 'minute', 'hour', 'day', 'week'] as const;

/** The statements of one rule, up to the end of the command; each with where it was typed. */
export function parseStmts(c: Cursor, ctx: RuleContext): { stmts: NftStmt[]; loc: NftLocation; comment?: string } {
  const stmts: NftStmt[] = [];
  const start = c.peek();
  let last = start;
  let comment: string | undefined;
  while (!c.atEnd() && !c.is('}')) {
    if (stmts.length && c.accept('comment')) {
      const text = c.next();
      if (text.kind !== 'quoted' && text.kind !== 'string') throw c.unexpected('quoted string', text);
      comment = text.text;
    } else stmts.push(...parseStmt(c, ctx, stmts));
    last = c.tokens[c.pos - 1]!;
  }
  if (stmts.length === 0) throw c.unexpected();
  return { stmts, loc: spanOf(start, last), ...(comment !== undefined ? { comment } : {}) };
}

function parseStmt(c: Cursor, ctx: RuleContext, before: NftStmt[]): NftStmt[] {
  const t = c.peek();
  const verdict = parseVerdict(c);
  if (verdict) {
    const end = c.tokens[c.pos - 1]!;
    return [{ ...verdict, loc: spanOf(t, end), ...('chain' in verdict ? { target: locOf(end) } : {}) }];
  }
  switch (t.text) {
    case 'counter': {
      c.next();
      if (c.is('name')) throw notSimulated('named counters', spanOf(t, c.peek()));
      let packets = 0;
      let bytes = 0;
      if (c.accept('packets')) packets = Number(c.next().text);
      if (c.accept('bytes')) bytes = Number(c.next().text);
      return [{ kind: 'counter', packets, bytes }];
    }
    case 'limit': {
      c.next();
      c.expect('rate');
      const over = !!c.accept('over');
      const rate = c.next();
      if (rate.kind !== 'number') throw c.unexpected(undefined, rate);
      // `N kbytes/second`: the scanner reads `kbytes/second` as one string.
      const perBytes = c.peek().kind === 'string' ? /^(bytes|kbytes|mbytes)\/(second|minute|hour|day|week)$/.exec(c.peek().text) : null;
      if (perBytes) {
        c.next();
        let burst = 0;
        if (c.accept('burst')) {
          const n = c.next();
          const u = c.next();
          if (n.kind !== 'number' || !(u.text in BYTE_UNITS)) throw c.unexpected(undefined, u);
          burst = Number(n.text) * BYTE_UNITS[u.text]!;
        }
        return [{ kind: 'limit', rate: Number(rate.text) * BYTE_UNITS[perBytes[1]!]!, unit: perBytes[2] as 'second', burst, over, bytes: true }];
      }
      c.expect('/');
      const unit = c.next();
      if (!(LIMIT_UNITS as readonly string[]).includes(unit.text)) throw c.unexpected(undefined, unit);
      let burst = 5;
      if (c.accept('burst')) {
        burst = Number(c.next().text);
        c.expect('packets');
      }
      return [{ kind: 'limit', rate: Number(rate.text), unit: unit.text as 'second', burst, over }];
    }
    case 'log': {
      c.next();
      const s: NftStmt & { kind: 'log' } = { kind: 'log' };
      for (;;) {
        if (c.accept('prefix')) s.prefix = c.next().text;
        else if (c.accept('level')) s.level = c.next().text;
        else if (c.is('group') || c.is('snaplen') || c.is('queue-threshold')) {
          const kw = c.next().text;
          const n = c.next();
          if (n.kind !== 'number') throw c.unexpected('number', n);
          if (kw === 'group') s.group = Number(n.text);
          else if (kw === 'snaplen') s.snaplen = Number(n.text);
          else s.queueThreshold = Number(n.text);
        } else if (c.accept('flags')) s.flags = [...new Set([...(s.flags ?? []), ...parseLogFlags(c)])];
        else break;
      }
      return [s];
    }
    case 'notrack':
      c.next();
      return [{ kind: 'notrack' }];
    case 'reject':
      return parseReject(c, ctx, before);
    case 'masquerade':
    case 'snat':
    case 'dnat':
    case 'redirect':
      return [parseNat(c, ctx, before)];
  }
  if (t.text === 'tcp' && ['option', 'maxseg', 'size', 'set'].every((w, i) => c.peek(i + 1).text === w)) return [parseTcpmssSet(c)];
  if ((t.text === 'add' || t.text === 'update') && c.peek(1).text === '@') return [parseDynset(c, ctx)];
  if (UNMODELLED_STMTS.has(t.text) || (t.text === 'delete' && c.peek(1).text === '@')) throw notSimulated(`the ${t.text} statement`, locOf(t));
  if (startsKey(c)) return [parseKeyStmt(c, ctx, before)];
  if (t.kind === 'string' && !isKeyword(t.text)) {
    c.next();
    // A word nft cannot type: a symbol with nothing to compare it with, or none to give it a type.
    if (c.atEnd()) throw c.unexpected();
    throw nftError('No symbol type information', locOf(t));
  }
  throw c.unexpected();
}

/** `all`, `tcp sequence[,options]`, `ip options`, `skuid`, `ether` (after `log flags`). */
function parseLogFlags(c: Cursor): NftLogFlag[] {
  const w = c.next();
  if (w.text === 'all') return [...NFT_LOG_FLAGS];
  if (w.text === 'skuid' || w.text === 'ether') return [w.text];
  if (w.text === 'ip') {
    c.expect('options');
    return ['ip options'];
  }
  if (w.text !== 'tcp') throw c.unexpected(undefined, w);
  const flags: NftLogFlag[] = [];
  do {
    const f = c.next();
    if (f.text !== 'sequence' && f.text !== 'options') throw c.unexpected(undefined, f);
    flags.push(`tcp ${f.text}`);
  } while (c.accept(','));
  return flags;
}

function parseKeyStmt(c: Cursor, ctx: RuleContext, before: NftStmt[]): NftStmt {
  const parsed = parseKey(c, ctx.family);
  const loc = parsed.loc;
  // `fib … oif missing`: whether the lookup found a route at all (NFTA_FIB_F_PRESENT).
  const key: NftKey = parsed.key.kind === 'fib' && parsed.key.result !== 'type' && (c.is('missing') || c.is('exists')) ? { ...parsed.key, type: 'boolean' } : parsed.key;
  if (c.accept('set')) {
    // `mark set mark or 0x4000`: the new value from a key and an operator.
    let from: { key: NftKey; op: '&' | '|' | '^' } | undefined;
    if (startsKey(c)) {
      const source = parseKey(c, ctx.family).key;
      // `meta mark set tcp dport map @portmark`: the value looked up by the packet's key.
      if (c.is('map') && key.kind !== 'fib' && 'key' in key && key.key === 'mark') {
        c.next();
        const map = c.is('@') ? parseRhs(c, source, ctx) : { kind: 'set' as const, elements: parseElements(c, keyTypes(source), 'mark', ctx) };
        return key.kind === 'meta' ? { kind: 'meta-set', key: 'mark', value: 0, map: { key: source, map } } : { kind: 'ct-set', key: 'mark', value: 0, map: { key: source, map } };
      }
      const op = BITWISE[c.peek().text];
      // `ct mark set meta mark`: the key's value as it is (connmark's save and restore).
      if (!op && (key.kind === 'meta' || key.kind === 'ct') && key.key === 'mark' && source.kind !== 'concat' && (source.type === 'mark' || source.type === 'integer')) {
        return key.kind === 'meta' ? { kind: 'meta-set', key: 'mark', value: 0, from: { key: source } } : { kind: 'ct-set', key: 'mark', value: 0, from: { key: source } };
      }
      if (!op) throw c.unexpected();
      c.next();
      from = { key: source, op };
    }
    const v = c.next();
    const value = Number(v.text);
    if (v.kind !== 'number') throw c.unexpected(undefined, v);
    if (key.kind === 'meta' && (key.key === 'mark' || key.key === 'nftrace')) return { kind: 'meta-set', key: key.key, value, ...(from ? { from } : {}) };
    if (key.kind === 'ct' && key.key === 'mark') return { kind: 'ct-set', key: 'mark', value, ...(from ? { from } : {}) };
    throw c.unexpected(undefined, v);
  }
  if (c.accept('vmap')) {
    const locs: NftLocation[] = [];
    const map = c.is('@') ? parseRhs(c, key, ctx) : { kind: 'set' as const, elements: parseElements(c, keyTypes(key), 'verdict', ctx, locs) };
    return { kind: 'vmap', key, map, ...(locs.length ? { locs } : {}) };
  }
  let mask: number | undefined;
  let op: NftOp | 'implicit' = 'implicit';
  if (c.accept('&') || c.accept('and')) {
    // `KEY & MASK == VALUE` (`tcp flags & (syn|ack) == syn` lists as `tcp flags syn / syn,ack`).
    const paren = !!c.accept('(');
    const m = parseRhs(c, key, ctx);
    if (paren) c.expect(')');
    mask = m.kind === 'value' && 'value' in m.v ? m.v.value : 0;
    if (OPS.includes(c.peek().text)) op = c.next().text as NftOp;
  } else if (c.peek().kind === 'punct' && OPS.includes(c.peek().text)) op = c.next().text as NftOp;
  if (c.atEnd()) throw c.unexpected();
  const right = parseRhs(c, key, ctx);
  if (key.kind === 'payload' && key.field === 'flags' && mask === undefined && c.accept('/')) {
    const m = parseRhs(c, key, ctx);
    mask = m.kind === 'value' && 'value' in m.v ? m.v.value : 0;
  }
  // `==` is the implicit match, except on a bitmask, where it compares the whole value (cmp eq)
  // while the implicit one tests for any of the bits (`tcp flags == syn` is not true of a SYN-ACK).
  if (op === '==' && (mask !== undefined || !SYMBOLS[key.type]?.bitmask || right.kind !== 'value')) op = 'implicit';
  foldDependency(key, before, ctx.family);
  return { kind: 'match', key, op, right, ...(mask !== undefined ? { mask } : {}), loc: spanOf(loc, c.tokens[c.pos - 1]!) };
}

/**
 * `meta l4proto tcp tcp dport 22` is stored as `tcp dport 22`: nft's own dependency, hidden
 * again; so is `ip protocol tcp` in the ip family, not in inet, where the dependency is meta's.
 */
function foldDependency(key: NftKey, before: NftStmt[], family: NftFamily): void {
  const proto = l4Dependency(key);
  const prev = before[before.length - 1];
  if (!proto || prev?.kind !== 'match' || prev.op !== 'implicit' || prev.right.kind !== 'value') return;
  const k = prev.key;
  const isProto = (k.kind === 'meta' && k.key === 'l4proto') || (family === 'ip' && k.kind === 'payload' && k.proto === 'ip' && k.field === 'protocol');
  if (isProto && 'value' in prev.right.v && prev.right.v.value === PROTO_NUMBER[proto]) prev.hidden = true;
}

const PROTO_NUMBER = { tcp: 6, udp: 17, icmp: 1 } as const;

/** Whether an earlier statement matched a transport protocol (what NAT ports and tcp reset need). */
function hasL4Match(before: NftStmt[], proto?: 'tcp'): boolean {
  return before.some((s) => {
    if (s.kind !== 'match') return false;
    const k = s.key.kind === 'concat' ? s.key.parts[s.key.parts.length - 1]! : s.key;
    if (k.kind === 'payload') return proto ? k.proto === proto : k.proto !== 'ip' || k.field === 'protocol';
    return k.kind === 'meta' && k.key === 'l4proto' && (!proto || (s.right.kind === 'value' && 'value' in s.right.v && s.right.v.value === 6));
  });
}

function parseReject(c: Cursor, ctx: RuleContext, before: NftStmt[]): NftStmt[] {
  const kw = c.next();
  if (!c.accept('with')) return [{ kind: 'reject' }];
  if (c.accept('tcp')) {
    c.expect('reset');
    const stmt: NftStmt = { kind: 'reject', with: { kind: 'tcp-reset' } };
    if (hasL4Match(before, 'tcp')) {
      // In the ip family a `meta l4proto tcp` just before is the dependency nft would have added: listed without it.
      const prev = before[before.length - 1];
      if (ctx.family === 'ip' && prev?.kind === 'match' && prev.key.kind === 'meta' && prev.key.key === 'l4proto' && prev.op === 'implicit' && prev.right.kind === 'value' && 'value' in prev.right.v && prev.right.v.value === 6) prev.hidden = true;
      return [stmt];
    }
    const key: NftKey = ctx.family === 'inet' ? { kind: 'meta', key: 'l4proto', type: 'inet_proto' } : { kind: 'payload', proto: 'ip', field: 'protocol', type: 'inet_proto' };
    const dep = { kind: 'match', key, op: 'implicit', right: { kind: 'value', v: { type: 'inet_proto', value: 6 } }, loc: locOf(c.peek()) } as NftStmt;
    if (ctx.family === 'ip') (dep as NftStmt & { kind: 'match' }).hidden = true;
    return [dep, stmt];
  }
  const icmpx = c.is('icmpx');
  const icmp = icmpx ? c.next() : c.expect('icmp');
  c.accept('type');
  const code = c.next();
  const value = (icmpx ? ICMPX_REJECT_CODE : ICMP_REJECT_CODE)[code.text] ?? (code.kind === 'number' ? Number(code.text) : undefined);
  if (value === undefined) throw nftError(`Could not parse ${icmpx ? 'ICMPx' : 'ICMP'} code type`, spanOf(icmp, code));
  // icmpx (one code for IPv4 and IPv6) belongs to the inet family (and bridge, netdev).
  if (icmpx && ctx.family === 'ip') throw nftError('abstracted ICMP unreachable not supported', locOf(code), [locOf(kw)]);
  // The family's default (port-unreachable; icmpx's in inet) is the bare `reject`.
  if (icmpx) return [value === 1 && ctx.family === 'inet' ? { kind: 'reject' } : { kind: 'reject', with: { kind: 'icmpx', type: value } }];
  return [value === 3 && ctx.family === 'ip' ? { kind: 'reject' } : { kind: 'reject', with: { kind: 'icmp', type: value } }];
}

/** `add|update @SET { KEY [timeout T] }`. */
function parseDynset(c: Cursor, ctx: RuleContext): NftStmt {
  const kw = c.next();
  const op = kw.text as 'add' | 'update';
  const at = c.next();
  const name = c.name();
  c.expect('{');
  const { key } = parseKey(c, ctx.family);
  let timeout: number | undefined;
  if (c.accept('timeout')) {
    const t = c.next();
    timeout = t.kind === 'string' ? parseNftTime(t.text) : undefined;
    if (timeout === undefined) throw c.unexpected('string', t);
  }
  if (!c.is('}')) throw c.unexpected("'}'");
  const end = c.next();
  return { kind: 'dynset', op, set: { kind: 'setref', name: name.text, loc: spanOf(at, name) }, key, ...(timeout !== undefined ? { timeout } : {}), loc: spanOf(kw, end) };
}

/** `tcp option maxseg size set N|rt mtu` (the statement's own tcp check stands for nft's dependency). */
function parseTcpmssSet(c: Cursor): NftStmt {
  for (let i = 0; i < 5; i++) c.next();
  let value: number | 'rt mtu';
  const v = c.next();
  if (v.text === 'rt') {
    c.expect('mtu');
    value = 'rt mtu';
  } else if (v.kind === 'number' && Number(v.text) <= 65535) value = Number(v.text);
  else throw c.unexpected(undefined, v);
  return { kind: 'tcpmss-set', value };
}

function parsePortRange(c: Cursor): { lo: number; hi: number } {
  const lo = c.next();
  if (lo.kind !== 'number') throw c.unexpected(undefined, lo);
  const hi = c.accept('-') ? c.next() : lo;
  return { lo: Number(lo.text), hi: Number(hi.text) };
}

function parseNat(c: Cursor, ctx: RuleContext, before: NftStmt[]): NftStmt {
  const kw = c.next();
  const type = kw.text as 'snat' | 'dnat' | 'masquerade' | 'redirect';
  const stmt: NftStmt & { kind: 'nat' } = { kind: 'nat', type, flags: [] };
  if ((type === 'snat' || type === 'dnat') && c.accept('ip')) stmt.family = 'ip';
  if (stmt.family && (c.is('addr') || c.is('prefix'))) throw notSimulated(`${type} ip ${c.peek().text} … to`, spanOf(kw, c.peek()));
  let portLoc: NftLocation | undefined;
  if (c.accept('to')) {
    if ((type === 'snat' || type === 'dnat') && !c.is(':')) {
      if (startsKey(c)) {
        const { key } = parseKey(c, ctx.family);
        c.expect('map');
        const map = c.is('@') ? parseRhs(c, key, ctx) : { kind: 'set' as const, elements: parseElements(c, keyTypes(key), 'ipv4_addr', ctx) };
        stmt.addr = { kind: 'map', key, map };
      } else stmt.addr = parseRhs(c, { kind: 'payload', proto: 'ip', field: 'daddr', type: 'ipv4_addr' }, ctx);
    }
    if (c.accept(':')) {
      const from = c.peek();
      stmt.port = parsePortRange(c);
      portLoc = spanOf(from, c.tokens[c.pos - 1]!);
    }
  }
  for (;;) {
    const f = c.peek().text;
    if (f !== 'random' && f !== 'fully-random' && f !== 'persistent') break;
    c.next();
    stmt.flags.push(f);
    if (!c.accept(',')) break;
  }
  // In an inet table an address needs its family: `snat ip to`, or an IPv4 match before it.
  const ipv4Before = before.some((s) => s.kind === 'match' && ((s.key.kind === 'payload' && s.key.proto === 'ip') || (s.key.kind === 'meta' && s.key.key === 'nfproto')));
  if (ctx.family === 'inet' && stmt.addr && !stmt.family && !ipv4Before) throw nftError('ip or ip6 must be specified with address for inet tables.', locOf(kw));
  if (portLoc && !hasL4Match(before)) {
    throw nftError('transport protocol mapping is only valid after transport protocol match', portLoc, [locOf(kw)]);
  }
  return stmt;
}
