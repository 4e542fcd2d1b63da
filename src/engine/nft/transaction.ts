import { Errno, STRERROR } from '../kernel/errors';
import type { NftElement, NftRule, NftSetSpec, NftStmt, NftValue } from './ast';
import type { NftCommand } from './command';
import type { NftErrorRecord } from './error';
import type { NftLocation } from './lexer';
import { chainInUse, findChain, findSet, findTable, nextHandle, setInUse, type NftChain, type NftRuleset, type NftTable } from './ruleset';

/*
 * The kernel's side of one nft batch (nf_tables_api.c): each command becomes a NEW or DEL
 * message, checked and applied in order on a copy of the ruleset; every message the kernel
 * refuses is answered (nft prints each, "Could not process rule: " and strerror, pointing at
 * what the message was about), and a batch with any refusal is aborted whole.
 */

const { ENOENT, EEXIST, EBUSY, EOPNOTSUPP, EINVAL } = Errno;
/** A set holding its `size` already (nft_setelem_catchall/nft_add_set_elem: -ENFILE). */
const ENFILE = 23;
const STRERROR_HERE: Record<number, string> = { [ENFILE]: 'Too many open files in system' };

class Refusal {
  constructor(readonly errno: number, readonly loc: NftLocation) {}
}

export interface BatchResult {
  ruleset: NftRuleset;
  errors: NftErrorRecord[];
}

/**
 * `validate`: whether the commit's check of each base chain's expressions against its type and
 * hook runs (nf_tables_validate, at commit): `nft -c` aborts the batch before, and never sees it.
 */
export function runBatch(live: NftRuleset, commands: readonly NftCommand[], validate = true, now = 0): BatchResult {
  const rs: NftRuleset = structuredClone(live);
  const errors: NftErrorRecord[] = [];
  for (const cmd of commands) {
    if (cmd.op === 'list') continue;
    try {
      apply(rs, cmd, validate, now);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      errors.push({ message: `Could not process rule: ${STRERROR[e.errno] ?? STRERROR_HERE[e.errno] ?? `errno ${e.errno}`}`, loc: e.loc });
    }
  }
  for (const t of rs.tables) for (const s of t.sets) delete s.newInBatch;
  if (errors.length === 0) rs.generation++;
  return { ruleset: errors.length ? live : rs, errors };
}

function tableOf(rs: NftRuleset, cmd: NftCommand): NftTable {
  const t = findTable(rs, cmd.family!, cmd.table!.text);
  if (!t) throw new Refusal(ENOENT, cmd.table!.loc);
  return t;
}

function chainOf(t: NftTable, cmd: NftCommand): NftChain {
  const c = findChain(t, cmd.name!.text);
  if (!c) throw new Refusal(ENOENT, cmd.name!.loc);
  return c;
}

function apply(rs: NftRuleset, cmd: NftCommand, validate: boolean, now: number): void {
  if (cmd.obj === 'ruleset') {
    rs.tables = rs.tables.filter((t) => cmd.family && t.family !== cmd.family);
    return;
  }
  if (cmd.obj === 'table') {
    const t = findTable(rs, cmd.family!, cmd.table!.text);
    if (cmd.op === 'add' || cmd.op === 'create') {
      if (t && cmd.op === 'create') throw new Refusal(EEXIST, cmd.table!.loc);
      if (t) {
        if (cmd.dormant !== undefined) t.dormant = cmd.dormant;
        return;
      }
      rs.tables.push({ family: cmd.family!, name: cmd.table!.text, handle: ++rs.tableHandle, hgen: 0, dormant: !!cmd.dormant, ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}), chains: [], sets: [] });
      return;
    }
    if (!t) throw new Refusal(ENOENT, cmd.table!.loc);
    if (cmd.op === 'delete') rs.tables.splice(rs.tables.indexOf(t), 1);
    else for (const c of t.chains) c.rules = [];
    return;
  }
  const t = tableOf(rs, cmd);
  switch (cmd.obj) {
    case 'chain':
      return applyChain(t, cmd);
    case 'rule':
      return applyRule(t, cmd, validate);
    case 'set':
    case 'map':
      return applySet(t, cmd, now);
    case 'element': {
      const set = findSet(t, cmd.name!.text);
      if (!set) throw new Refusal(ENOENT, cmd.name!.loc);
      // An element whose timeout ran out is gone (the set's garbage collection).
      set.elements = liveElements(set.elements, now);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      for (const [i, e] of (cmd.elements ?? []).entries()) {
        const at = set.elements.findIndex((x) => same(x.key, e.key));
        const where = cmd.elementLocs?.[i] ?? cmd.name!.loc;
        if (cmd.op === 'delete') {
          if (at < 0) throw new Refusal(ENOENT, where);
          set.elements.splice(at, 1);
        } else if (at >= 0) {
          if (cmd.op === 'create') throw new Refusal(EEXIST, where);
        } else {
          if (set.spec.size !== undefined && set.elements.length >= set.spec.size) throw new Refusal(ENFILE, where);
          set.elements.push(timed(set.spec, e, now, where));
        }
      }
      return;
    }
  }
}

function applyChain(t: NftTable, cmd: NftCommand): void {
  const existing = findChain(t, cmd.name!.text);
  if (cmd.op === 'add' || cmd.op === 'create') {
    if (existing && cmd.op === 'create') throw new Refusal(EEXIST, cmd.name!.loc);
    if (cmd.policyWithoutHook) throw new Refusal(EOPNOTSUPP, cmd.policyWithoutHook);
    const base = cmd.base;
    // nat chains hook where NAT can happen (not forward); route chains only at output.
    if (base && ((base.type === 'nat' && base.hook === 'forward') || (base.type === 'route' && base.hook !== 'output'))) throw new Refusal(EOPNOTSUPP, cmd.loc);
    if (existing) {
      if (base && existing.base) existing.base.policy = base.policy;
      return;
    }
    t.chains.push({ name: cmd.name!.text, handle: nextHandle(t), ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}), ...(base ? { base: { ...base } } : {}), rules: [] });
    return;
  }
  const chain = chainOf(t, cmd);
  if (cmd.op === 'flush') chain.rules = [];
  else if (cmd.op === 'delete') {
    if (chainInUse(t, chain.name)) throw new Refusal(EBUSY, cmd.name!.loc);
    t.chains.splice(t.chains.indexOf(chain), 1);
  }
}

/** Anonymous sets and maps a rule holds: each is a set the kernel is sent first, with a handle of its own. */
function anonymousSets(stmts: readonly NftStmt[]): number {
  const isSet = (v: NftValue | { kind: 'map' } | undefined) => v?.kind === 'set' || v?.kind === 'map';
  return stmts.filter((s) => (s.kind === 'match' && isSet(s.right)) || (s.kind === 'vmap' && s.map.kind === 'set') || (s.kind === 'nat' && isSet(s.addr))).length;
}

/** The hooks a statement may run at in a base chain of a type (each expression's validate). */
function stmtAllowed(s: NftStmt, chain: NftChain): boolean {
  const base = chain.base;
  if (!base) return true;
  if (s.kind === 'nat') {
    if (base.type !== 'nat') return false;
    if (s.type === 'masquerade') return base.hook === 'postrouting';
    if (s.type === 'snat') return base.hook === 'postrouting' || base.hook === 'input';
    return base.hook === 'prerouting' || base.hook === 'output';
  }
  // nft_rt_validate: the route's MTU is known from forward on.
  if (s.kind === 'tcpmss-set' && s.value === 'rt mtu') return base.hook === 'forward' || base.hook === 'output' || base.hook === 'postrouting';
  // nft_reject_validate: not at postrouting (prerouting recorded as allowed).
  if (s.kind === 'reject') return base.hook !== 'postrouting';
  return true;
}

function applyRule(t: NftTable, cmd: NftCommand, validate: boolean): void {
  const chain = chainOf(t, cmd);
  const pos = cmd.position;
  const at = pos ? (pos.kind === 'index' ? (pos.n < chain.rules.length ? pos.n : -1) : chain.rules.findIndex((r) => r.handle === pos.n)) : -1;
  if (pos && at < 0) throw new Refusal(ENOENT, pos.loc);
  if (cmd.op === 'delete') {
    chain.rules.splice(at, 1);
    return;
  }
  const stmts = cmd.rule!.stmts;
  if (validate && stmts.some((s) => !stmtAllowed(s, chain))) throw new Refusal(EOPNOTSUPP, cmd.loc);
  for (const s of stmts) {
    if (s.kind !== 'verdict' || !('chain' in s)) continue;
    const target = findChain(t, s.chain);
    if (!target) throw new Refusal(ENOENT, s.target ?? cmd.rule!.loc);
    // A base chain is entered from its hook only (nft_verdict_init: EOPNOTSUPP).
    if (target.base) throw new Refusal(EOPNOTSUPP, s.target ?? cmd.rule!.loc);
  }
  // An anonymous vmap's jumps and gotos are resolved as its set is added, in the same batch: a
  // chain added later in the batch is not there yet (nft_verdict_init: ENOENT, at the element).
  for (const s of stmts) {
    if (s.kind !== 'vmap' || s.map.kind !== 'set') continue;
    for (const [i, e] of s.map.elements.entries()) {
      const d = e.data;
      if (d?.kind === 'verdict' && 'chain' in d && !findChain(t, d.chain)) throw new Refusal(ENOENT, s.locs?.[i] ?? cmd.rule!.loc);
    }
  }
  for (const s of stmts) if (s.kind === 'dynset') dynsetTarget(t, s.set.name, s.loc ?? cmd.loc);
  for (let i = anonymousSets(stmts); i > 0; i--) nextHandle(t);
  // A replaced rule keeps its handle.
  if (cmd.op === 'replace') {
    chain.rules[at] = { handle: chain.rules[at]!.handle, stmts: structuredClone(stmts), ...(cmd.rule!.comment !== undefined ? { comment: cmd.rule!.comment } : {}) };
    return;
  }
  const rule: NftRule = { handle: nextHandle(t), stmts: structuredClone(stmts), ...(cmd.rule!.comment !== undefined ? { comment: cmd.rule!.comment } : {}) };
  if (cmd.op === 'insert') chain.rules.splice(pos ? at : 0, 0, rule);
  else chain.rules.splice(pos ? at + 1 : chain.rules.length, 0, rule);
}

/** The elements whose timeout has not run out at `now` (virtual ns). */
export function liveElements(elements: readonly NftElement[], now: number): NftElement[] {
  return elements.filter((e) => e.expires === undefined || e.expires > now);
}

/**
 * An element as the set holds it: one with a timeout (its own, or the set's) expires then. A
 * timeout in a set without the timeout flag or a timeout of its own is refused (EINVAL).
 */
function timed(spec: NftSetSpec, e: NftElement, now: number, where: NftLocation): NftElement {
  if (e.timeout !== undefined && !spec.flags.includes('timeout') && spec.timeout === undefined) throw new Refusal(EINVAL, where);
  // The kernel keeps an element's timeout in jiffies (HZ 250 on the recording kernel): whole 4 ms.
  const own = e.timeout === undefined ? undefined : e.timeout - (e.timeout % 4);
  const ttl = own ?? spec.timeout;
  return ttl === undefined ? e : { ...e, ...(own !== undefined ? { timeout: own } : {}), expires: now + ttl * 1_000_000 };
}

/**
 * What a rule's `add|update @SET` does to the set (nft's evaluator, recorded): it gets `size
 * 65535` unless it has a size, and the dynamic flag when it is declared in the same batch; an
 * interval set cannot be updated from the packet path (EOPNOTSUPP).
 */
function dynsetTarget(t: NftTable, name: string, loc: NftLocation): void {
  const set = findSet(t, name);
  if (!set) throw new Refusal(ENOENT, loc);
  if (set.spec.flags.includes('interval')) throw new Refusal(EOPNOTSUPP, loc);
  set.spec.size ??= 65535;
  if (set.newInBatch && !set.spec.flags.includes('dynamic')) set.spec.flags.push('dynamic');
}

function applySet(t: NftTable, cmd: NftCommand, now: number): void {
  const existing = findSet(t, cmd.name!.text);
  if (cmd.op === 'add' || cmd.op === 'create') {
    if (existing && cmd.op === 'create') throw new Refusal(EEXIST, cmd.name!.loc);
    if (existing) return;
    // nf_tables_newset: a constant set's elements cannot time out.
    const spec = cmd.set!.spec;
    if (spec.flags.includes('constant') && (spec.flags.includes('timeout') || spec.timeout !== undefined)) throw new Refusal(EOPNOTSUPP, cmd.loc);
    const size = cmd.set!.spec.size;
    if (size !== undefined && (cmd.elements?.length ?? 0) > size) throw new Refusal(ENFILE, cmd.elementLocs?.[size] ?? cmd.name!.loc);
    const elements = (cmd.elements ?? []).map((e, i) => timed(cmd.set!.spec, e, now, cmd.elementLocs?.[i] ?? cmd.name!.loc));
    t.sets.push({ name: cmd.name!.text, handle: nextHandle(t), map: cmd.set!.map, spec: structuredClone(cmd.set!.spec), elements, newInBatch: true });
    return;
  }
  if (!existing) throw new Refusal(ENOENT, cmd.name!.loc);
  if (cmd.op === 'flush') existing.elements = [];
  else if (cmd.op === 'delete') {
    if (setInUse(t, existing.name)) throw new Refusal(EBUSY, cmd.name!.loc);
    t.sets.splice(t.sets.indexOf(existing), 1);
  }
}
