import type { NftFamily, NftStmt, NftValue } from './ast';
import type { NftCommand } from './command';
import type { NftErrorRecord } from './error';
import type { NftLocation } from './lexer';
import type { NftRuleset } from './ruleset';

/*
 * What nft checks against its cache of the ruleset before sending anything (evaluate.c,
 * cache.c): the table a chain, set or element goes into, the objects a list names, and the
 * chain a jump or goto names, each as the commands before it leave the cache. A missing jump
 * target is answered with the closest user chain's name (misspell.c: the smallest edit
 * distance, a later chain winning a tie), when there is one to offer.
 */

interface CachedTable {
  family: NftFamily;
  name: string;
  chains: { name: string; base: boolean }[];
  sets: string[];
}

export function evaluateCommands(rs: NftRuleset, commands: readonly NftCommand[]): NftErrorRecord[] {
  const cache: CachedTable[] = rs.tables.map((t) => ({
    family: t.family, name: t.name, chains: t.chains.map((c) => ({ name: c.name, base: !!c.base })), sets: t.sets.map((s) => s.name),
  }));
  const errors: NftErrorRecord[] = [];
  const find = (cmd: NftCommand) => cache.find((t) => t.family === cmd.family && t.name === cmd.table?.text);
  for (const cmd of commands) {
    const table = cmd.table ? find(cmd) : undefined;
    const missingTable = cmd.table && !table;
    if (cmd.op === 'flush' && cmd.obj === 'ruleset') {
      cache.splice(0, cache.length, ...cache.filter((t) => cmd.family && t.family !== cmd.family));
      continue;
    }
    if (cmd.op === 'list') {
      if (missingTable) errors.push({ message: 'No such file or directory', loc: cmd.table!.loc });
      else if (table && cmd.obj === 'chain' && !table.chains.some((c) => c.name === cmd.name!.text)) errors.push({ message: 'No such file or directory', loc: cmd.name!.loc });
      else if (table && (cmd.obj === 'set' || cmd.obj === 'map') && !table.sets.includes(cmd.name!.text)) errors.push({ message: 'No such file or directory', loc: cmd.name!.loc });
      continue;
    }
    if (cmd.op === 'add' || cmd.op === 'create') {
      if (cmd.obj === 'table') {
        if (!table) cache.push({ family: cmd.family!, name: cmd.table!.text, chains: [], sets: [] });
        continue;
      }
      if ((cmd.obj === 'chain' || cmd.obj === 'set' || cmd.obj === 'map' || cmd.obj === 'element') && missingTable) {
        errors.push({ message: 'No such file or directory', loc: cmd.table!.loc });
        continue;
      }
      if (cmd.obj === 'chain' && !table!.chains.some((c) => c.name === cmd.name!.text)) table!.chains.push({ name: cmd.name!.text, base: !!cmd.base });
      if ((cmd.obj === 'set' || cmd.obj === 'map') && !table!.sets.includes(cmd.name!.text)) table!.sets.push(cmd.name!.text);
    }
    if (cmd.obj === 'element' && (cmd.op === 'add' || cmd.op === 'create') && table) {
      const overlap = overlappingElement(rs, cmd);
      if (overlap) errors.push(overlap);
    }
    if (cmd.op === 'delete' && table) {
      if (cmd.obj === 'table') cache.splice(cache.indexOf(table), 1);
      if (cmd.obj === 'chain') table.chains = table.chains.filter((c) => c.name !== cmd.name!.text);
    }
    if (cmd.rule && table) {
      const missing = missingSetRefs(cmd.rule.stmts, table);
      if (missing) {
        errors.push(missing);
        continue;
      }
      for (const s of cmd.rule.stmts) {
        const err = checkJump(s, table, cmd.name!.text, cache);
        if (err) errors.push(err);
      }
    }
  }
  return errors;
}

/** `@name` of a set the table does not have (as the cache knows it). */
function missingSetRefs(stmts: readonly NftStmt[], table: CachedTable): NftErrorRecord | undefined {
  const refs: { name: string; loc?: NftLocation }[] = [];
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as { kind?: string; name?: string; loc?: NftLocation };
    if (o.kind === 'setref') refs.push(o as { name: string; loc?: NftLocation });
    else for (const x of Object.values(o)) (Array.isArray(x) ? x.forEach(visit) : visit(x));
  };
  stmts.forEach(visit);
  const bad = refs.find((r) => !table.sets.includes(r.name) && r.loc);
  return bad ? { message: 'No such file or directory', loc: bad.loc! } : undefined;
}

function checkJump(s: NftStmt, table: CachedTable, own: string, cache: readonly CachedTable[]): NftErrorRecord | undefined {
  if (s.kind !== 'verdict' || (s.verdict !== 'jump' && s.verdict !== 'goto') || !s.target) return undefined;
  if (table.chains.some((c) => c.name === s.chain)) return undefined;
  let best: { t: CachedTable; chain: string; d: number } | undefined;
  for (const t of cache) {
    for (const c of t.chains) {
      // Recorded: no base chain, not the rule's own chain, no one-letter name is offered.
      if (c.base || (t === table && c.name === own) || c.name.length < 2) continue;
      const d = editDistance(s.chain, c.name);
      if (!best || d <= best.d) best = { t, chain: c.name, d };
    }
  }
  // With nothing to offer, nft sends the rule and the kernel refuses it (transaction.ts).
  if (!best) return undefined;
  return { message: `No such file or directory; did you mean chain ‘${best.chain}’ in table ${best.t.family} ‘${best.t.name}’?`, loc: s.target };
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The addresses or numbers an interval set's element covers (a value, a prefix or a range). */
function intervalOf(v: NftValue): [number, number] | undefined {
  if (v.kind === 'value' && 'value' in v.v) return [v.v.value, v.v.value];
  if (v.kind === 'prefix') return [v.v.value, v.v.value + 2 ** (32 - v.len) - 1];
  if (v.kind === 'range') return [v.lo.value, v.hi.value];
  return undefined;
}

/** An element that overlaps one the interval set holds without being it (nft's set_overlap, segtree.c). */
function overlappingElement(rs: NftRuleset, cmd: NftCommand): NftErrorRecord | undefined {
  const set = rs.tables.find((t) => t.family === cmd.family && t.name === cmd.table!.text)?.sets.find((x) => x.name === cmd.name!.text);
  if (!set?.spec.flags.includes('interval')) return undefined;
  for (const [i, e] of (cmd.elements ?? []).entries()) {
    const [lo, hi] = intervalOf(e.key) ?? [];
    if (lo === undefined || hi === undefined) continue;
    for (const old of set.elements) {
      const [olo, ohi] = intervalOf(old.key) ?? [];
      if (olo === undefined || ohi === undefined || (olo === lo && ohi === hi)) continue;
      if (lo <= ohi && olo <= hi) return { message: 'interval overlaps with an existing one', loc: cmd.elementLocs?.[i] ?? cmd.name!.loc };
    }
  }
  return undefined;
}
