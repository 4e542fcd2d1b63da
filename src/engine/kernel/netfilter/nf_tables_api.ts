import { AF_INET, type Family } from '../../addr/family';
import type { NftRule } from '../../nft/ast';
import type { Stack } from '../stack';
import { checkRule, EINVAL, EMLINK, forgetReach, targetTableAllowed } from './validate';
import { Chain, zeroCounters, type IpTable, type IptRule, type NfTablesObjects, type TableName } from './x_tables';

/*
 * What the kernel answers the iptables tools (nf_tables_api.c's NEWRULE, DELRULE, NEWCHAIN,
 * DELCHAIN, the policy and the transaction): parsed objects in, an errno and the attribute it
 * concerns out (extack's NL_SET_BAD_ATTR), never a tool's wording. The tools word the answer.
 */

export const E2BIG = 7;
export const ENOENT = 2;
export const EEXIST = 17;
export { EINVAL, EMLINK };
export const ENOTEMPTY = 39;
export const EBUSY = 16;
export const EOPNOTSUPP = 95;

/** A refusal: errno, and the attribute the kernel names as bad. */
export interface NfAck {
  errno: number;
  attr?: 'chain' | 'position' | 'rule';
  /** The chain a DELCHAIN refused (one of several when every user chain goes). */
  chain?: string;
}
export type NfAnswer = NfAck | undefined;

/** The matches' and the target's checkentry in the namespace; the first refusal's errno (what was set up is undone). */
function checkEntries(stack: Stack, rule: IptRule): number | undefined {
  const done: { destroy?(stack: Stack): void }[] = [];
  for (const m of [...rule.matches, rule.target]) {
    const errno = m.checkentry?.(stack);
    if (errno) {
      for (const d of done) d.destroy?.(stack);
      return errno;
    }
    done.push(m);
  }
  return undefined;
}

/** The matches' and the target's destroy, for rules leaving the namespace. */
function destroyEntries(stack: Stack, rules: readonly IptRule[]): void {
  for (const r of rules) for (const m of [...r.matches, r.target]) m.destroy?.(stack);
}

/*
 * Each request names its family as NFPROTO (nfgenmsg.nfgen_family): iptables' tables are
 * NFPROTO_IPV4's, ip6tables' NFPROTO_IPV6's; the two never share a chain. AF_* numbers equal them.
 */
function tableOf(stack: Stack, name: TableName, family: Family = AF_INET): IpTable {
  stack.nf.invalidate();
  return stack.nf.tablesOf(family)[name];
}

/** A chain's rules in order (what a dump of the chain returns), or undefined when there is none. */
export function nfChainRules(stack: Stack, table: TableName, chain: string, family: Family = AF_INET): readonly IptRule[] | undefined {
  return stack.nf.tablesOf(family)[table].chains.get(chain)?.rules;
}

/**
 * The table in nf_tables (NEWTABLE, as iptables-nft sends it before its first change): its
 * handle from the namespace's counter, shared with nft's tables; a table nft already made under
 * the same family and name is the same table, with its handle and its handle counter.
 */
function nfTableObjects(stack: Stack, table: IpTable, family: Family): NfTablesObjects {
  if (!table.nft) {
    const same = nftTableNamed(stack, table, family);
    table.nft = { handle: same ? same.handle : ++stack.nf.nftables.tableHandle, hgen: 0, chains: new Map(), rules: new WeakMap() };
  }
  return table.nft;
}

function nftTableNamed(stack: Stack, table: IpTable, family: Family) {
  return family === AF_INET ? stack.nf.nftables.tables.find((t) => t.family === 'ip' && t.name === table.name) : undefined;
}

/** The next handle of an object in the table (the table's hgenerator: chains and rules share it). */
function nfNextHandle(stack: Stack, table: IpTable, family: Family): number {
  const objects = nfTableObjects(stack, table, family);
  const same = nftTableNamed(stack, table, family);
  return same && same.handle === objects.handle ? ++same.hgen : ++objects.hgen;
}

/** NEWCHAIN of a chain iptables-nft writes to (a built-in one is made on its first rule or policy). */
function nfChainObject(stack: Stack, table: IpTable, chain: string, family: Family): void {
  const objects = nfTableObjects(stack, table, family);
  if (!objects.chains.has(chain)) objects.chains.set(chain, nfNextHandle(stack, table, family));
}

/** NEWRULE's handle for a rule the kernel took. */
function nfRuleObject(stack: Stack, table: IpTable, chain: string, rule: IptRule, family: Family): void {
  nfChainObject(stack, table, chain, family);
  table.nft!.rules.set(rule, nfNextHandle(stack, table, family));
}

export type RulePosition = { op: 'append' } | { op: 'insert' | 'replace'; index: number };

/** NFT_MSG_NEWRULE: append, insert before the 1-based index, or replace it; validated for its hooks. */
export function nfNewRule(stack: Stack, tableName: TableName, chain: string, rule: IptRule, at: RulePosition, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch) return { errno: ENOENT, attr: 'chain' };
  // Jumps decide which hooks reach which chains: the cached answer goes when one comes or goes.
  const jumps = (r: IptRule | undefined) => r?.target.enters !== undefined;
  if (at.op === 'replace') {
    if (at.index > ch.rules.length) return { errno: E2BIG, attr: 'position' };
    const old = ch.rules[at.index - 1]!;
    ch.rules.splice(at.index - 1, 1);
    if (jumps(old)) forgetReach(table);
    const errno = checkRule(table, tableName, ch, rule) ?? checkEntries(stack, rule);
    if (targetTableAllowed(rule, tableName)) rule.target.checkentryEffects?.(stack, rule.head);
    ch.rules.splice(at.index - 1, 0, errno ? old : rule);
    if (jumps(old) || jumps(rule)) forgetReach(table);
    if (errno) return { errno, attr: 'rule' };
    destroyEntries(stack, [old]);
    // NLM_F_REPLACE names the old rule's handle: the new rule takes it over (recorded).
    const handle = table.nft?.rules.get(old);
    if (handle !== undefined) table.nft!.rules.set(rule, handle);
    else nfRuleObject(stack, table, chain, rule, family);
    table.created = true;
    return undefined;
  }
  if (at.op === 'insert' && at.index - 1 > ch.rules.length) return { errno: E2BIG, attr: 'position' };
  const errno = checkRule(table, tableName, ch, rule) ?? checkEntries(stack, rule);
  // xt_check_target calls checkentry once the table and protocol passed; the hooks are validated after it.
  if (targetTableAllowed(rule, tableName)) rule.target.checkentryEffects?.(stack, rule.head);
  if (errno) return { errno, attr: 'rule' };
  if (at.op === 'append') ch.rules.push(rule);
  else ch.rules.splice(at.index - 1, 0, rule);
  if (jumps(rule)) forgetReach(table);
  nfRuleObject(stack, table, chain, rule, family);
  table.created = true;
  return undefined;
}

/**
 * A chain's rules after an nft batch wrote some of them (nft/xt_native.ts): iptables' own rules
 * stay as they were, by handle; each rule nft wrote runs as nft wrote it.
 */
export function nfSetNftRules(stack: Stack, tableName: TableName, chain: string, rules: readonly NftRule[], native: (rule: NftRule) => IptRule): void {
  const table = tableOf(stack, tableName);
  const ch = table.chains.get(chain);
  const objects = table.nft;
  if (!ch || !objects) return;
  const own = new Map(ch.rules.map((r) => [objects.rules.get(r), r]));
  const next = rules.map((r) => {
    const mine = own.get(r.handle);
    if (mine && (!mine.nft || mine.nft.stmts === r.stmts || JSON.stringify(mine.nft.stmts) === JSON.stringify(r.stmts))) return mine;
    const made = native(r);
    objects.rules.set(made, r.handle);
    return made;
  });
  destroyEntries(stack, ch.rules.filter((r) => !next.includes(r)));
  ch.rules.splice(0, ch.rules.length, ...next);
  forgetReach(table);
  table.created = true;
}

/** NFT_MSG_DELRULE of the rule at a 1-based index. */
export function nfDelRule(stack: Stack, tableName: TableName, chain: string, index: number, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch) return { errno: ENOENT, attr: 'chain' };
  if (index > ch.rules.length) return { errno: E2BIG, attr: 'position' };
  destroyEntries(stack, ch.rules.splice(index - 1, 1));
  forgetReach(table);
  return undefined;
}

/** The policy of a base chain: accept or drop (NFTA_CHAIN_POLICY), nothing else. */
export function nfSetPolicy(stack: Stack, tableName: TableName, chain: string, policy: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch) return { errno: ENOENT, attr: 'chain' };
  if (!ch.builtin) return { errno: EOPNOTSUPP, attr: 'chain' };
  if (policy !== 'ACCEPT' && policy !== 'DROP') return { errno: EINVAL };
  ch.policy = policy;
  nfChainObject(stack, table, chain, family);
  table.created = true;
  return undefined;
}

/** NFT_MSG_NEWCHAIN of a user chain. */
export function nfNewChain(stack: Stack, tableName: TableName, chain: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  if (table.chains.has(chain)) return { errno: EEXIST, attr: 'chain' };
  table.chains.set(chain, new Chain(chain));
  nfChainObject(stack, table, chain, family);
  table.created = true;
  return undefined;
}

/** NFT_MSG_NEWCHAIN with a new name for an existing chain. */
export function nfRenameChain(stack: Stack, tableName: TableName, chain: string, newName: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch) return { errno: ENOENT, attr: 'chain' };
  forgetReach(table);
  if (table.chains.has(newName)) return { errno: EEXIST, attr: 'chain' };
  table.chains.delete(chain);
  const renamed = new Chain(newName, ch.policy);
  renamed.rules.push(...ch.rules);
  table.chains.set(newName, renamed);
  // The chain keeps its handle (and its place in the listing) under its new name.
  const objects = table.nft?.chains;
  if (objects?.has(chain)) {
    const renumbered = [...objects].map(([name, handle]): [string, number] => [name === chain ? newName : name, handle]);
    objects.clear();
    for (const [name, handle] of renumbered) objects.set(name, handle);
  }
  // A jump refers to the chain itself (NFTA_VERDICT_CHAIN_ID), not its name: it follows the rename.
  for (const c of table.chains.values()) {
    c.rules.forEach((r, i) => {
      if (r.target.enters !== chain) return;
      c.rules[i] = retarget(r, newName);
      const handle = table.nft?.rules.get(r);
      if (handle !== undefined) table.nft!.rules.set(c.rules[i]!, handle);
    });
  }
  return undefined;
}

/** A rule whose -j/-g names `to` instead: its verdict, and its text's last words. */
function retarget(rule: IptRule, to: string): IptRule {
  const t = rule.target;
  const verdict = t.goto ? { goto: to } : { jump: to };
  const flag = t.goto ? '-g' : '-j';
  const text = `${rule.text.slice(0, rule.text.length - `${flag} ${t.enters}`.length)}${flag} ${to}`;
  return { ...rule, target: { ...t, name: to, enters: to, run: () => verdict }, text };
}

/** NFT_MSG_DELRULE of every rule of a chain, or of every chain of the table. */
export function nfFlush(stack: Stack, tableName: TableName, chain?: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  forgetReach(table);
  const ch = chain === undefined ? undefined : table.chains.get(chain);
  if (chain !== undefined && !ch) return { errno: ENOENT, attr: 'chain' };
  for (const c of ch ? [ch] : table.chains.values()) destroyEntries(stack, c.rules.splice(0));
  return undefined;
}

/** The counters of a chain's rules, or of the whole table's, back to 0. */
export function nfZero(stack: Stack, tableName: TableName, chain?: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  const ch = chain === undefined ? undefined : table.chains.get(chain);
  if (chain !== undefined && !ch) return { errno: ENOENT, attr: 'chain' };
  zeroCounters(ch ? [ch] : table.chains.values());
  return undefined;
}

/**
 * NFT_MSG_DELCHAIN (NLM_F_NONREC, as iptables-nft sends it) of a user chain, or of every user
 * chain in one batch: a chain in use, holding rules or the target of a jump, is EBUSY, and the
 * batch then deletes nothing.
 */
export function nfDelChain(stack: Stack, tableName: TableName, chain?: string, family: Family = AF_INET): NfAnswer {
  const table = tableOf(stack, tableName, family);
  forgetReach(table);
  const ch = chain === undefined ? undefined : table.chains.get(chain);
  if (chain !== undefined && !ch) return { errno: ENOENT, attr: 'chain' };
  const victims = ch ? [ch] : [...table.chains.values()].filter((c) => !c.builtin);
  const jumpedTo = new Set<string>();
  for (const c of table.chains.values()) for (const r of c.rules) if (r.target.enters !== undefined) jumpedTo.add(r.target.enters);
  for (const c of victims) {
    if (c.builtin) return { errno: EOPNOTSUPP, attr: 'chain' };
    if (c.rules.length || jumpedTo.has(c.name)) return { errno: EBUSY, attr: 'chain', chain: c.name };
  }
  for (const c of victims) {
    table.chains.delete(c.name);
    table.nft?.chains.delete(c.name);
  }
  return undefined;
}

/**
 * A table emptied for a restore: no rules, no user chains (the built-ins keep their policy).
 * iptables-nft-restore deletes the nf_tables table and makes it anew (recorded: the table's
 * handle changes), so chains nft made in a table of that name go too, and the next write gives
 * the table a new handle.
 */
export function nfFlushTable(stack: Stack, tableName: TableName, family: Family = AF_INET): void {
  const table = tableOf(stack, tableName, family);
  forgetReach(table);
  for (const [name, ch] of [...table.chains]) {
    destroyEntries(stack, ch.rules.splice(0));
    if (!ch.builtin) table.chains.delete(name);
  }
  table.nft = undefined;
  const rs = stack.nf.nftables;
  if (nftTableNamed(stack, table, family)) {
    stack.nf.nftables = { ...rs, tables: rs.tables.filter((t) => !(t.family === 'ip' && t.name === table.name)), generation: rs.generation + 1 };
  }
}

/**
 * DELTABLE (nft's `delete table`, `flush ruleset`): the table goes with its chains and rules;
 * iptables then finds no table, its built-in chains back to policy ACCEPT, and makes a new one
 * (a new handle) on its next write (recorded: iptables-then-nft-flush-ruleset).
 */
export function nfDelTable(stack: Stack, tableName: TableName, family: Family = AF_INET): void {
  const table = tableOf(stack, tableName, family);
  forgetReach(table);
  for (const [name, ch] of [...table.chains]) {
    destroyEntries(stack, ch.rules.splice(0));
    if (ch.builtin) ch.policy = 'ACCEPT';
    else table.chains.delete(name);
  }
  table.created = false;
  table.nft = undefined;
}

/**
 * DELCHAIN from nft (`delete chain`), which deletes a chain with its rules: a user chain goes;
 * a base chain goes from nf_tables, and iptables then shows its built-in chain empty with policy
 * ACCEPT until it writes to it again.
 */
export function nfDelChainObject(stack: Stack, tableName: TableName, chain: string, family: Family = AF_INET): void {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch) return;
  forgetReach(table);
  destroyEntries(stack, ch.rules.splice(0));
  if (ch.builtin) ch.policy = 'ACCEPT';
  else table.chains.delete(chain);
  table.nft?.chains.delete(chain);
}

/** A base chain nft made that iptables takes for its built-in one: nft's handle, nft's policy. */
export function nfAdoptChain(stack: Stack, tableName: TableName, chain: string, handle: number, policy: 'ACCEPT' | 'DROP', family: Family = AF_INET): void {
  const table = tableOf(stack, tableName, family);
  const ch = table.chains.get(chain);
  if (!ch?.builtin || !table.nft) return;
  ch.policy = policy;
  table.nft.chains.set(chain, handle);
  table.created = true;
}

/**
 * An nf_tables transaction over every table: abort puts back each chain with its policy and
 * rules, so a batch the kernel refuses part of leaves nothing behind.
 */
export function nfBegin(stack: Stack): { abort(): void } {
  stack.nf.invalidate();
  const undo = [...stack.nf.tables.all(), ...stack.nf.tables6.all()].map(snapshot);
  // A restore may delete a table nft made under iptables' name (nfFlushTable).
  const nftables = stack.nf.nftables;
  return {
    abort: () => {
      undo.forEach((put) => put());
      stack.nf.nftables = nftables;
    },
  };
}

function snapshot(table: IpTable): () => void {
  const saved = [...table.chains.values()].map((ch) => ({ ch, policy: ch.policy, rules: ch.rules.slice() }));
  const created = table.created;
  const nftObjects = table.nft;
  const nftChains = nftObjects && new Map(nftObjects.chains);
  return () => {
    table.created = created;
    // Handles are never given back (the counter moved on); the objects the batch made are gone.
    table.nft = nftObjects;
    if (nftObjects && nftChains) {
      nftObjects.chains.clear();
      for (const [name, handle] of nftChains) nftObjects.chains.set(name, handle);
    }
    table.chains.clear();
    for (const { ch, policy, rules } of saved) {
      ch.policy = policy;
      ch.rules.length = 0;
      for (const r of rules) ch.rules.push(r);
      table.chains.set(ch.name, ch);
    }
    forgetReach(table);
  };
}
