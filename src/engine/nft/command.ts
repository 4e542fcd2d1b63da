import type { NftBaseChainSpec, NftElement, NftFamily, NftSetSpec, NftStmt } from './ast';
import type { NftLocation } from './lexer';

/*
 * One nft command after parsing and evaluation (nft's struct cmd): what to do to which object.
 * A table block is expanded into several, in the order nft sends them to the kernel (the table,
 * then its chains, sets, and last the chains' rules), which is the order handles are given in.
 */

export type NftOp = 'add' | 'create' | 'insert' | 'replace' | 'delete' | 'flush' | 'list';
export type NftObj = 'table' | 'chain' | 'rule' | 'set' | 'map' | 'element' | 'ruleset' | 'tables' | 'chains' | 'sets' | 'maps';

export interface NftName {
  text: string;
  loc: NftLocation;
}

export interface NftCommand {
  op: NftOp;
  obj: NftObj;
  /** Where the whole command was typed (the kernel's refusals of a chain point there). */
  loc: NftLocation;
  family?: NftFamily;
  table?: NftName;
  /** The chain, set or map named after the table. */
  name?: NftName;
  /** add/create chain with a `{ type … hook … priority …; policy …; }` block. */
  base?: NftBaseChainSpec;
  dormant?: boolean;
  /** `policy …` on a chain with no hook: where it was typed (the kernel refuses it there). */
  policyWithoutHook?: NftLocation;
  /** A table's or chain's `comment "…"`. */
  comment?: string;
  /** A rule's statements and where they were typed. */
  rule?: { stmts: NftStmt[]; loc: NftLocation; comment?: string };
  /** `position N` / `index N` / `handle N` of add, insert, replace and delete rule. */
  position?: { kind: 'handle' | 'index'; n: number; loc: NftLocation };
  /** add/create set or map. */
  set?: { spec: NftSetSpec; map: boolean };
  elements?: NftElement[];
  /** Where each element's key was typed (the kernel's refusal of one points there). */
  elementLocs?: NftLocation[];
}
