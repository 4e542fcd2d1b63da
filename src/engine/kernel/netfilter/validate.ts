import { TABLE_CHAINS, type Chain, type Hook, type IpTable, type IptRule, type TableName, type TargetRestriction } from './x_tables';

/*
 * What nf_tables checks when a rule is added (nft_chain_validate, reached through
 * nft_compat's target validate and nf_tables_check_loops). A target's table is checked on the
 * rule itself (xt_target.table: REJECT only in filter, the NAT targets only in nat). Its hooks
 * are checked only where a base chain reaches it: a DNAT in a user chain nothing jumps to is
 * fine; the jump from POSTROUTING that would reach it is refused, and so is a later DNAT
 * added to a chain POSTROUTING already reaches. A loop of jumps is refused once a base chain
 * reaches it (EMLINK). iptables-nft 1.8.9 prints both as RULE_APPEND failed (…): rule in chain X.
 */

/** EINVAL (a target its hooks forbid) or EMLINK (a loop of jumps). */
export const EINVAL = 22;
export const EMLINK = 31;
export type RuleRefusal = typeof EINVAL | typeof EMLINK;

/** The restriction of a rule's target; a jump or goto to a user chain has none. */
function restrictionOf(rule: IptRule): TargetRestriction | undefined {
  return rule.target.enters === undefined ? rule.target.restriction : undefined;
}

/** The table half of the check, on the rule alone (ENOENT-free: the target exists), its matches' too. */
export function targetTableAllowed(rule: IptRule, table: TableName): boolean {
  const r = restrictionOf(rule);
  if (r?.proto !== undefined && (rule.head.protocol?.proto !== r.proto || rule.head.protocol.invert)) return false;
  return (!r?.table || r.table === table) && rule.matches.every((m) => !m.restriction?.tables || m.restriction.tables.includes(table));
}

/** An extension bound to one protocol (xt_match.proto, a target's checkentry) needs -p it, not inverted. */
function protoAllowed(rule: IptRule): boolean {
  const p = rule.head.protocol;
  const ok = (want: number | undefined) => want === undefined || (p !== undefined && p.proto === want && !p.invert);
  return ok(rule.target.proto) && rule.matches.every((m) => ok(m.proto));
}

/** A match's hooks (xt_match.hooks, xt_check_match) bind every rule, a jump's as well. */
function matchHooksAllowed(rule: IptRule, hook: Hook): boolean {
  return rule.matches.every((m) => !m.restriction || m.restriction.hooks.includes(hook));
}

function hookAllowed(rule: IptRule, hook: Hook): boolean {
  const r = restrictionOf(rule);
  return (!r?.hooks || r.hooks.includes(hook)) && matchHooksAllowed(rule, hook);
}

/** Per table: chain → the base chains that reach it. Cleared by forgetReach when jumps change. */
const reachCache = new WeakMap<IpTable, Map<string, Hook[]>>();

/** Call after any change to jumps or chains (a jump added or removed, -F, -X, -E, a restore). */
export function forgetReach(table: IpTable): void {
  reachCache.delete(table);
}

function reachMap(table: IpTable, tableName: TableName): Map<string, Hook[]> {
  let map = reachCache.get(table);
  if (map) return map;
  map = new Map();
  for (const hook of TABLE_CHAINS[tableName]) {
    const seen = new Set<string>([hook]);
    const todo: string[] = [hook];
    while (todo.length) {
      const name = todo.pop()!;
      const list = map.get(name);
      if (list) list.push(hook);
      else map.set(name, [hook]);
      for (const r of table.chains.get(name)?.rules ?? []) {
        const next = r.target.enters;
        if (next !== undefined && !seen.has(next)) {
          seen.add(next);
          todo.push(next);
        }
      }
    }
  }
  reachCache.set(table, map);
  return map;
}

/** The base chains (hooks) from which `chain` is reached through jumps and gotos. */
export function hooksReaching(table: IpTable, tableName: TableName, chain: string): readonly Hook[] {
  return reachMap(table, tableName).get(chain) ?? [];
}

/**
 * Checks `rule`, about to sit in `chain`, against the hooks that reach `chain`: its own target,
 * and for a jump every rule the jump makes reachable, and whether that part holds a loop.
 */
export function checkRule(table: IpTable, tableName: TableName, chain: Chain, rule: IptRule): RuleRefusal | undefined {
  if (!targetTableAllowed(rule, tableName) || !protoAllowed(rule)) return EINVAL;
  const base = restrictionOf(rule)?.baseChainHooks;
  if (base && chain.builtin && !base.includes(chain.name as Hook)) return EINVAL;
  const entered = rule.target.enters;
  if (entered === undefined && rule.target.restriction === undefined && !rule.matches.some((m) => m.restriction)) return undefined;
  const hooks = hooksReaching(table, tableName, chain.name);
  if (!hooks.length) return undefined;
  if (entered === undefined) return hooks.every((h) => hookAllowed(rule, h)) ? undefined : EINVAL;
  if (!hooks.every((h) => matchHooksAllowed(rule, h))) return EINVAL;
  return checkSubtree(table, entered, chain.name, hooks);
}

/**
 * Depth-first from `start` (iteratively: a ladder of chains may be deep): a chain met again on
 * the current path, or the jumping chain itself, is a loop; a target its hooks forbid, EINVAL.
 */
function checkSubtree(table: IpTable, start: string, from: string, hooks: readonly Hook[]): RuleRefusal | undefined {
  const done = new Set<string>();
  const onPath = new Set<string>([from, start]);
  if (start === from) return EMLINK;
  const path: { chain: string; rules: readonly IptRule[]; i: number }[] = [{ chain: start, rules: table.chains.get(start)?.rules ?? [], i: 0 }];
  let badHook = false;
  while (path.length) {
    const top = path[path.length - 1]!;
    if (top.i >= top.rules.length) {
      path.pop();
      onPath.delete(top.chain);
      done.add(top.chain);
      continue;
    }
    const r = top.rules[top.i++]!;
    const next = r.target.enters;
    if (next === undefined) {
      if (!badHook && !hooks.every((h) => hookAllowed(r, h))) badHook = true;
      continue;
    }
    if (!badHook && !hooks.every((h) => matchHooksAllowed(r, h))) badHook = true;
    if (onPath.has(next)) return EMLINK;
    if (done.has(next)) continue;
    onPath.add(next);
    path.push({ chain: next, rules: table.chains.get(next)?.rules ?? [], i: 0 });
  }
  return badHook ? EINVAL : undefined;
}
