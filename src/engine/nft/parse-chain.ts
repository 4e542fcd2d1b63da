import type { NftBaseChainSpec, NftChainType, NftElement, NftHook, NftSetSpec, NftType } from './ast';
import { parseElements, type ValueContext } from './parse-value';
import { Cursor, locOf } from './cursor';
import { DECLARABLE } from './datatypes';
import { nftError, NftEvalError, notSimulated } from './error';
import { spanOf, type NftLocation } from './lexer';
import { parseNftTime } from './nft_time';

/*
 * The declarations inside a chain's and a set's block: `type filter hook input priority
 * filter + 10;`, `policy drop;`, and a set's `type ipv4_addr . inet_service : verdict;`,
 * `flags interval;`. Standard priorities have names (rule.c's std_prios); dstnat belongs to
 * prerouting and srcnat to postrouting only.
 */

export const STD_PRIOS: readonly { name: string; prio: number }[] = [
  { name: 'raw', prio: -300 }, { name: 'mangle', prio: -150 }, { name: 'dstnat', prio: -100 },
  { name: 'filter', prio: 0 }, { name: 'security', prio: 50 }, { name: 'srcnat', prio: 100 },
];

const HOOKS: readonly NftHook[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];
const TYPES: readonly NftChainType[] = ['filter', 'nat', 'route'];

export function prioAllowed(prio: number, hook: NftHook): boolean {
  if (prio === -100) return hook === 'prerouting';
  if (prio === 100) return hook === 'postrouting';
  return true;
}

/** How nft prints a priority: a standard one's name (±10 from it at most), else the number. */
export function printPriority(prio: number, hook: NftHook): string {
  for (const s of STD_PRIOS) {
    const diff = prio - s.prio;
    if (Math.abs(diff) > 10 || !prioAllowed(s.prio, hook)) continue;
    return diff === 0 ? s.name : `${s.name} ${diff > 0 ? '+' : '-'} ${Math.abs(diff)}`;
  }
  return String(prio);
}

/** After `type`: `T hook H priority P` (the caller has taken `type`). */
export function parseHookSpec(c: Cursor): NftBaseChainSpec {
  const type = c.next();
  if (type.kind !== 'string' && type.kind !== 'quoted') throw c.unexpected('string', type);
  c.expect('hook');
  const hook = c.next();
  if (hook.kind !== 'string' && hook.kind !== 'quoted') throw c.unexpected('string', hook);
  if (c.accept('device')) c.next();
  const pk = c.expect('priority');
  let prio: number | undefined;
  let last = c.peek();
  if (c.peek().kind === 'number' || (c.is('-') && c.peek(1).kind === 'number')) {
    const neg = !!c.accept('-');
    last = c.next();
    prio = (neg ? -1 : 1) * Number(last.text);
  } else {
    const name = c.next();
    last = name;
    if (name.kind !== 'string' && name.kind !== 'quoted') throw c.unexpected(undefined, name);
    const std = STD_PRIOS.find((s) => s.name === name.text);
    let offset = 0;
    if ((c.is('+') || c.is('-')) && c.peek(1).kind === 'number') {
      const sign = c.next().text === '-' ? -1 : 1;
      last = c.next();
      offset = sign * Number(last.text);
    }
    const here = spanOf(pk, last);
    if (!TYPES.includes(type.text as NftChainType)) throw nftError('unknown chain type', locOf(type));
    if (!HOOKS.includes(hook.text as NftHook)) throw nftError('unknown chain hook', locOf(hook));
    if (!std || !prioAllowed(std.prio, hook.text as NftHook)) throw nftError('invalid priority expression value in this context.', here);
    prio = std.prio + offset;
  }
  if (!TYPES.includes(type.text as NftChainType)) throw nftError('unknown chain type', locOf(type));
  if (!HOOKS.includes(hook.text as NftHook)) throw nftError('unknown chain hook', locOf(hook));
  return { type: type.text as NftChainType, hook: hook.text as NftHook, priority: prio, policy: 'accept' };
}

export function parsePolicy(c: Cursor): 'accept' | 'drop' {
  const p = c.peek();
  if (p.kind === 'string' && (p.text === 'accept' || p.text === 'drop')) return c.next().text as 'accept' | 'drop';
  throw c.unexpected("accept or drop or '$'");
}

/** A set's or map's `{ type …; flags …; elements = { … } }` (an item may end at the '}'). */
export function parseSetBody(c: Cursor, map: boolean, ctx: ValueContext, closed: () => boolean): { spec: NftSetSpec; elements?: NftElement[]; elementLocs: NftLocation[] } {
  const spec: NftSetSpec = { keyType: [], flags: [] };
  let elements: NftElement[] | undefined;
  const elementLocs: NftLocation[] = [];
  c.expect('{');
  // What is not modelled is reported once the block is read, so the parser goes on after it.
  let unmodelled: NftEvalError | undefined;
  for (;;) {
    while (c.peek().kind === 'newline' || c.peek().kind === 'semicolon') c.next();
    if (closed()) break;
    if (unmodelled) {
      // Over the rest of the block, nested braces (`elements = { … }`) included.
      for (let depth = 0; c.peek().kind !== 'eof' && (depth > 0 || !c.is('}')); c.next()) depth += c.is('{') ? 1 : c.is('}') ? -1 : 0;
      continue;
    }
    const kw = c.next();
    if (kw.text === 'type') {
      try {
        Object.assign(spec, parseSetType(c, map));
      } catch (e) {
        if (!(e instanceof NftEvalError) || !e.message.startsWith('hairpin')) throw e;
        unmodelled = e;
      }
    }
    else if (kw.text === 'flags') {
      do {
        const f = c.next();
        if (f.text !== 'interval' && f.text !== 'constant' && f.text !== 'timeout' && f.text !== 'dynamic') throw c.unexpected(undefined, f);
        if (!spec.flags.includes(f.text)) spec.flags.push(f.text);
      } while (c.accept(','));
    } else if (kw.text === 'comment') spec.comment = c.next().text;
    else if (kw.text === 'size') {
      const n = c.next();
      if (n.kind !== 'number') throw c.unexpected('number', n);
      spec.size = Number(n.text);
    } else if (kw.text === 'timeout') {
      const t = c.next();
      const ms = t.kind === 'string' ? parseNftTime(t.text) : undefined;
      if (ms === undefined) throw c.unexpected('string', t);
      spec.timeout = ms;
    } else if (['gc-interval', 'auto-merge', 'policy', 'counter'].includes(kw.text)) unmodelled = notSimulated(`a set's ${kw.text}`, locOf(kw));
    else if (kw.text === 'elements') {
      c.expect('=');
      elements = parseElements(c, spec.keyType, map ? spec.dataType : undefined, ctx, undefined, elementLocs);
    } else throw c.unexpected(undefined, kw);
    if (!unmodelled && !c.is('}') && !c.atEnd()) throw c.unexpected('newline or semicolon');
  }
  if (unmodelled) throw unmodelled;
  return { spec, ...(elements ? { elements } : {}), elementLocs };
}

/** After `type` in a set block: the key's types joined by '.', and a map's `: DATA`. */
export function parseSetType(c: Cursor, map: boolean): Pick<NftSetSpec, 'keyType' | 'dataType'> {
  const keyType: NftType[] = [];
  const one = (): NftType => {
    const t = c.next();
    const type = DECLARABLE[t.text];
    if (!type) throw nftError(`unknown datatype ${t.text}`, locOf(t));
    return type;
  };
  keyType.push(one());
  while (c.accept('.')) keyType.push(one());
  if (!map) return { keyType };
  c.expect(':');
  const dataType = one();
  if (c.is('.')) throw notSimulated('maps to concatenations (dnat ip addr . port to … map)', spanOf(c.tokens[c.pos - 1]!, c.peek()));
  return { keyType, dataType };
}
