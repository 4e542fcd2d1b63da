import type { NftBaseChainSpec, NftElement, NftFamily, NftRule, NftSetSpec } from './ast';

/*
 * A namespace's nf_tables ruleset as the kernel keeps it (nf_tables_api.c): tables by family
 * and name, each with its chains (base chains carry type, hook, priority and policy), its
 * named sets and maps, and rules in chain order. Handles: a table's from the namespace's
 * counter (nft_net->table_handle), everything in a table from the table's own (hgenerator),
 * never reused; an anonymous set takes one too, just before its rule.
 * Plain data: a transaction works on a copy and replaces the ruleset when it commits.
 */

export interface NftChain {
  name: string;
  handle: number;
  comment?: string;
  base?: NftBaseChainSpec;
  rules: NftRule[];
}

export interface NftSet {
  name: string;
  handle: number;
  /** A map has data for each key. */
  map: boolean;
  spec: NftSetSpec;
  elements: NftElement[];
  /** Created by the batch being applied (a rule's `add @SET` then makes it dynamic). */
  newInBatch?: true;
}

export interface NftTable {
  family: NftFamily;
  name: string;
  handle: number;
  /** The table's handle counter. */
  hgen: number;
  dormant: boolean;
  comment?: string;
  chains: NftChain[];
  sets: NftSet[];
}

export interface NftRuleset {
  tables: NftTable[];
  /** The namespace's table handle counter. */
  tableHandle: number;
  /** Bumped on every commit (the evaluator may cache what it derives from the ruleset). */
  generation: number;
}

export function emptyRuleset(): NftRuleset {
  return { tables: [], tableHandle: 0, generation: 0 };
}

export function findTable(rs: NftRuleset, family: NftFamily, name: string): NftTable | undefined {
  return rs.tables.find((t) => t.family === family && t.name === name);
}

export function findChain(t: NftTable, name: string): NftChain | undefined {
  return t.chains.find((c) => c.name === name);
}

export function findSet(t: NftTable, name: string): NftSet | undefined {
  return t.sets.find((s) => s.name === name);
}

export function nextHandle(t: NftTable): number {
  return ++t.hgen;
}

/** Whether any rule in the table jumps or goes to the chain (the kernel's chain->use). */
export function chainInUse(t: NftTable, name: string): boolean {
  const targets = (v: unknown): boolean => {
    if (!v || typeof v !== 'object') return false;
    const o = v as Record<string, unknown>;
    if (o.kind === 'verdict' && (o.verdict === 'jump' || o.verdict === 'goto') && o.chain === name) return true;
    return Object.values(o).some((x) => (Array.isArray(x) ? x.some(targets) : targets(x)));
  };
  return t.chains.some((c) => c.name !== name && c.rules.some((r) => r.stmts.some(targets)));
}

/** Whether any rule refers to the named set (`@name`): the kernel refuses to delete it. */
export function setInUse(t: NftTable, name: string): boolean {
  const refers = (v: unknown): boolean => {
    if (!v || typeof v !== 'object') return false;
    const o = v as Record<string, unknown>;
    if (o.kind === 'setref' && o.name === name) return true;
    return Object.values(o).some((x) => (Array.isArray(x) ? x.some(refers) : refers(x)));
  };
  return t.chains.some((c) => c.rules.some((r) => r.stmts.some(refers)));
}

/**
 * The base chains at a hook in the order they run (nf_register_net_hook keeps a hook's entries
 * sorted by priority; one registered at an equal priority goes after those already there).
 * Dormant tables' chains are unregistered.
 */
export function baseChainsAt(rs: NftRuleset, hook: NftBaseChainSpec['hook']): { table: NftTable; chain: NftChain }[] {
  const found: { table: NftTable; chain: NftChain }[] = [];
  for (const table of rs.tables) {
    if (table.dormant) continue;
    for (const chain of table.chains) if (chain.base?.hook === hook) found.push({ table, chain });
  }
  return found.sort((a, b) => a.chain.base!.priority - b.chain.base!.priority);
}
