import { getprotobynumber } from '../command/netdb';
import type { Negatable } from '../command/types';
import { AF_INET, AF_INET6, type Family } from '../addr/family';
import type { IptHead, Match, Target, TargetRestriction, XtInfo } from '../kernel/netfilter/x_tables';
import type { Stack } from '../kernel/stack';

/*
 * libxtables: the registry of iptables extensions. Each extension (a match loaded by `-m NAME`
 * or `-p`, or a target loaded by `-j NAME`) is one module, as libxt_*.c is: its options, their
 * parser and final check, how -S/iptables-save and -L print it, what the editor offers, and
 * the match or target function the kernel calls. Adding one is a file and a registerMatch or
 * registerTarget line in extensions/index.ts.
 */

/** What an extension's parser knows of the rule so far. */
export interface XtParseContext {
  /** The rule's -p so far (extensions that need ports check it). */
  protocol?: number;
  protocolInverted: boolean;
  /** ip6tables: AF_INET6 (addresses are IPv6); iptables: absent. */
  family?: Family;
}

export interface XtOption {
  readonly name: string;
  readonly hasArg: boolean;
  /** The option takes no `!` (iptables: "cannot be inverted"). */
  readonly noInvert?: boolean;
  /** For the editor: what it sets, and the values to offer after it. */
  readonly detail?: string;
  readonly values?: readonly string[];
}

/** One loading of an extension in one rule: its options one by one, then the final check. */
export interface XtParser<I extends XtInfo> {
  /** Handles one of its options; `column` is where to point an error. */
  parse(option: string, value: string, invert: boolean, column: number, ctx: XtParseContext): void;
  /** The final check, then the parsed options. */
  finish(column: number, ctx: XtParseContext): I;
}

/** How `iptables -L` prints: numbers or names, and the rule's protocol (for service names). */
export interface XtPrintContext {
  numeric: boolean;
  proto: number;
}

export interface XtMatchType<I extends XtInfo = XtInfo> {
  readonly kind: 'match';
  readonly name: string;
  /** The one family a libipt_/libip6t_ module serves; absent for libxt_ (NFPROTO_UNSPEC). */
  readonly family?: Family;
  /** For the editor, after `-m`. */
  readonly detail: string;
  readonly options: readonly XtOption[];
  parser(): XtParser<I>;
  /** The kernel's match function (xt_match.match), or undefined when the options test nothing. */
  match(info: I): Omit<Match, 'info'> | undefined;
  /** `-m NAME --options` as -S and iptables-save print it (the save function). */
  save(info: I): string;
  /** What -L adds after the addresses (the print function), with its leading space. */
  print(info: I, f: XtPrintContext): string;
  /**
   * What the tool asks the namespace before building the rule (libxt_set looks its set up by
   * name): a message refuses the command as iptables words it, after its banner.
   */
  resolve?(info: I, stack: Stack): string | undefined;
}

export interface XtTargetType<I extends XtInfo = XtInfo> {
  readonly kind: 'target';
  readonly name: string;
  /** The one family a libipt_/libip6t_ module serves; absent for libxt_ (NFPROTO_UNSPEC). */
  readonly family?: Family;
  readonly detail: string;
  readonly options: readonly XtOption[];
  /** xt_target.table and .hooks (checked when the rule is added); a function when they depend on the options (TCPMSS). */
  readonly restriction?: TargetRestriction | ((info: I) => TargetRestriction | undefined);
  /** checkentry's side effects on the kernel when the rule is added (what it prints to the kernel log). */
  checkentry?(info: I, head: IptHead, stack: Stack): void;
  /** The kernel target this one loads, when it is an alias (NOTRACK is CT): what -L shows as target. */
  readonly kernelName?: string;
  parser(): XtParser<I>;
  /** The kernel's target function (xt_target.target) and whether it needs conntrack. */
  target(info: I): Pick<Target, 'run' | 'needsConntrack' | 'checkentry' | 'destroy' | 'proto'>;
  /** `-j NAME --options`. */
  save(info: I): string;
  /** What -L adds at the end of the line, with its leading space. */
  print(info: I, f: XtPrintContext): string;
  /** As a match's resolve. */
  resolve?(info: I, stack: Stack): string | undefined;
}

// Loosely typed storage: each extension reads back only the info its own parser made.
type AnyMatch = XtMatchType<any>;
type AnyTarget = XtTargetType<any>;

// What iptables loads and what ip6tables loads: libxt_ modules serve both, libipt_ and
// libip6t_ ones only their own (so `REJECT` is a different module in each).
const matchRegistry = new Map<string, AnyMatch>();
const targetRegistry = new Map<string, AnyTarget>();
const match6Registry = new Map<string, AnyMatch>();
const target6Registry = new Map<string, AnyTarget>();

/** xtables_register_match. */
export function registerMatch<I extends XtInfo>(m: XtMatchType<I>): void {
  if (m.family !== AF_INET6) matchRegistry.set(m.name, m);
  if (m.family !== AF_INET) match6Registry.set(m.name, m);
}
/** xtables_register_target. */
export function registerTarget<I extends XtInfo>(t: XtTargetType<I>): void {
  if (t.family !== AF_INET6) targetRegistry.set(t.name, t);
  if (t.family !== AF_INET) target6Registry.set(t.name, t);
}
export function findMatch(name: string, family: Family = AF_INET): XtMatchType | undefined {
  return (family === AF_INET6 ? match6Registry : matchRegistry).get(name);
}
export function findTarget(name: string, family: Family = AF_INET): XtTargetType | undefined {
  return (family === AF_INET6 ? target6Registry : targetRegistry).get(name);
}
export function registeredMatches(family: Family = AF_INET): XtMatchType[] {
  return [...(family === AF_INET6 ? match6Registry : matchRegistry).values()];
}
export function registeredTargets(family: Family = AF_INET): XtTargetType[] {
  return [...(family === AF_INET6 ? target6Registry : targetRegistry).values()];
}

/* Helpers the extensions share. */

export const neg = <T>(value: T, negated: boolean): Negatable<T> => ({ value, negated });
/** Option specs: `name` takes an argument, `name!` does not. */
export const opts = (...names: string[]): XtOption[] =>
  names.map((n) => (n.endsWith('!') ? { name: n.slice(0, -1), hasArg: false } : { name: n, hasArg: true }));
/** `! ` before an inverted option in save output. */
export const not = (invert: boolean) => (invert ? '! ' : '');
export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** The ports-carrying protocols NAT targets and multiport accept. */
export function hasPorts(ctx: XtParseContext): boolean {
  return !ctx.protocolInverted && [6, 17, 132, 33, 136].includes(ctx.protocol ?? -1);
}

/** xtables_save_string: bare when only [_-0-9A-Za-z], else double-quoted with \ before " \ and '. */
export function saveString(text: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(text)) return text;
  return `"${text.replace(/["\\']/g, (ch) => `\\${ch}`)}"`;
}

/** How iptables names a protocol: `all` for 0, else getprotobynumber (/etc/protocols), else the number. */
export function protocolName(proto: number): string {
  if (proto === 0) return 'all';
  return getprotobynumber(proto) ?? String(proto);
}
