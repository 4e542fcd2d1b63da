import { inPrefix, networkOf, type Ip4 } from '../addr/ipv4';
import { insertedAt } from './exact';
import { PrefixHash } from './fib_hash';
import type { NetDevice } from './netdevice';
import type { FibRule } from './fib_rules';
import type { Dst } from './skbuff';
import { rtCacheFlush } from './rt_genid';

/*
 * A routing table (net/ipv4/fib_trie.c): the routes ("aliases") of each prefix, ordered by TOS
 * then priority (metric). Lookups try prefixes from the longest back to the shortest,
 * skipping entries whose scope is too narrow or whose device doesn't match the flow's oif.
 */

export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_SITE = 200;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

export const RT_TABLE_DEFAULT = 253;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

export type RouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'anycast'
  | 'multicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'throw';

/** fib_props: the default scope of each type and the errno a lookup hitting it returns. */
export const ROUTE_TYPE_PROPS: Record<RouteType, { scope: number; error: number }> = {
  unicast: { scope: RT_SCOPE_UNIVERSE, error: 0 },
  local: { scope: RT_SCOPE_HOST, error: 0 },
  broadcast: { scope: RT_SCOPE_LINK, error: 0 },
  anycast: { scope: RT_SCOPE_LINK, error: 0 },
  multicast: { scope: RT_SCOPE_UNIVERSE, error: 0 },
  blackhole: { scope: RT_SCOPE_UNIVERSE, error: 22 },
  unreachable: { scope: RT_SCOPE_UNIVERSE, error: 113 },
  prohibit: { scope: RT_SCOPE_UNIVERSE, error: 13 },
  throw: { scope: RT_SCOPE_UNIVERSE, error: 11 },
};

export interface FibRoute {
  readonly table: number;
  readonly dst: Ip4;
  readonly len: number;
  readonly type: RouteType;
  readonly tos: number;
  /** The metric (`metric`/`priority`/`preference`). */
  readonly priority: number;
  readonly scope: number;
  /** rtm_protocol: 2 kernel, 3 boot (iproute2's default), 4 static, ... */
  readonly protocol: number;
  readonly prefsrc?: Ip4;
  readonly gateway?: Ip4;
  readonly dev?: NetDevice;
  readonly onlink: boolean;
  /** Scope of the nexthop: host for a direct route, link when it has a gateway. */
  readonly nhScope: number;
  /**
   * A multipath route's nexthops (fib_info.fib_nh[], RTA_MULTIPATH), two or more; `gateway`
   * and `dev` above are the first one's. Absent for a route with one nexthop.
   */
  readonly nexthops?: readonly FibNh[];
}

/** struct fib_nh: one nexthop of a multipath route. Dead (RTNH_F_DEAD) while its device is down. */
export interface FibNh {
  readonly gateway?: Ip4;
  readonly dev: NetDevice;
  /** rtnh_hops + 1: 1 to 256. */
  readonly weight: number;
  readonly onlink: boolean;
  readonly nhScope: number;
}

export interface FibResult {
  readonly route: FibRoute;
  /** The last rule lookup that ended at this route, handed out again while the rule is the same (fib_rules.ts): a lookup allocates nothing. */
  found?: { readonly ok: true; readonly result: FibResult; readonly rule: FibRule };
  /** The input route made for packets forwarded by this route (rt_cache_route into nhc_rth_input), shared by them while its device and gateway hold. */
  rthInput?: Dst;
}

export interface FibFlow {
  dst: Ip4;
  tos?: number;
  /** RT_SCOPE_UNIVERSE for ordinary lookups; RT_SCOPE_LINK when validating a gateway. */
  scope?: number;
  /** Only routes through this device (a bound socket or `ip route get oif`). */
  oif?: NetDevice;
}

/** rtm_protocol of routes the kernel made itself, and iproute2's default for user routes. */
export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;

const NO_LENGTHS: readonly number[] = Object.freeze([]);

/**
 * A prefix's routes as the table holds them: the one route's lookup answer itself (most prefixes
 * have one route), or two or more in lookup order. A 100,000-route table keeps no array per
 * route.
 */
type Aliases = FibResult | FibResult[];

const aliasList = (a: Aliases): readonly FibResult[] => (Array.isArray(a) ? a : [a]);

/** The routes of one prefix length, by network address. */
export class FibTable {
  /**
   * Each route held as the lookup answer that names it, made once: lookups allocate nothing.
   * Made with the table's first route: most namespaces never put one in `default`.
   */
  private prefixes?: PrefixHash<Aliases>;
  /** The prefix lengths in use, longest first, and how many prefixes each has (replaced, never changed in place, while shared). */
  private lengths: readonly number[] = NO_LENGTHS;
  private perLength = NO_LENGTHS as number[];
  private count = 0;
  /** Bumped by every change: a route exception (fnhe.ts) made before a change no longer holds (rt_cache_flush). */
  version = 0;
  /** Routes whose protocol is not kernel (2, RTPROT_KERNEL): fib_has_custom_local_routes asks per packet. */
  private userCount = 0;

  constructor(readonly id: number) {}

  get size(): number {
    return this.count;
  }

  /** Routes not added by the kernel itself (protocol other than RTPROT_KERNEL), kept as a count. */
  get userRoutes(): number {
    return this.userCount;
  }

  private aliases(dst: Ip4, len: number): Aliases | undefined {
    return this.prefixes?.get(networkOf(dst, len), len);
  }

  /** Puts a prefix's routes back: one is held as itself, none drops the prefix. */
  private setAliases(dst: Ip4, len: number, list: FibResult[]): void {
    if (list.length === 0) {
      this.dropPrefix(dst, len);
      return;
    }
    this.prefixes!.set(networkOf(dst, len), len, list.length === 1 ? list[0]! : list);
  }

  /** A prefix not in the table yet, with its first route. */
  private addPrefix(dst: Ip4, len: number, first: FibResult): void {
    (this.prefixes ??= new PrefixHash()).set(networkOf(dst, len), len, first);
    let k = 0;
    while (k < this.lengths.length && this.lengths[k]! > len) k++;
    if (this.lengths[k] === len) this.perLength[k]!++;
    else {
      this.lengths = insertedAt(this.lengths, k, len);
      this.perLength = insertedAt(this.perLength, k, 1);
    }
  }

  private dropPrefix(dst: Ip4, len: number): void {
    this.prefixes!.delete(networkOf(dst, len), len);
    const k = this.lengths.indexOf(len);
    if (--this.perLength[k]! > 0) return;
    this.lengths = this.lengths.filter((l) => l !== len);
    this.perLength = this.perLength.filter((_, j) => j !== k);
  }

  /** Routes of exactly this prefix, in lookup order. */
  routesAt(dst: Ip4, len: number): readonly FibRoute[] {
    const a = this.aliases(dst, len);
    return a ? aliasList(a).map((e) => e.route) : [];
  }

  /** Inserts keeping TOS-then-priority order; `append` puts it after equal ones. */
  insert(route: FibRoute): void {
    const entry: FibResult = { route, found: undefined, rthInput: undefined };
    const a = this.aliases(route.dst, route.len);
    if (!a) this.addPrefix(route.dst, route.len, entry);
    else {
      const list = [...aliasList(a)];
      let i = 0;
      while (i < list.length && (list[i]!.route.tos > route.tos || (list[i]!.route.tos === route.tos && list[i]!.route.priority <= route.priority))) i++;
      list.splice(i, 0, entry);
      this.setAliases(route.dst, route.len, list);
    }
    this.count++;
    this.version++;
    rtCacheFlush();
    if (route.protocol !== RTPROT_KERNEL) this.userCount++;
  }

  remove(route: FibRoute): boolean {
    const a = this.aliases(route.dst, route.len);
    const list = a ? [...aliasList(a)] : [];
    const i = list.findIndex((e) => e.route === route);
    if (i < 0) return false;
    list.splice(i, 1);
    this.setAliases(route.dst, route.len, list);
    this.count--;
    this.version++;
    rtCacheFlush();
    if (route.protocol !== RTPROT_KERNEL) this.userCount--;
    return true;
  }

  replace(old: FibRoute, route: FibRoute): void {
    const a = this.aliases(old.dst, old.len);
    const list = a ? [...aliasList(a)] : [];
    const i = list.findIndex((e) => e.route === old);
    if (i < 0) return;
    list[i] = { route, found: undefined, rthInput: undefined };
    this.setAliases(old.dst, old.len, list);
    this.version++;
    rtCacheFlush();
    this.userCount += (route.protocol !== RTPROT_KERNEL ? 1 : 0) - (old.protocol !== RTPROT_KERNEL ? 1 : 0);
  }

  /**
   * fib_table_lookup: longest prefix first, backtracking to shorter ones. The kernel walks an
   * LC-trie; one hash probe per prefix length in use finds the same routes in the same order,
   * at a cost that does not grow with the number of routes.
   */
  lookup(flow: FibFlow): FibResult | undefined {
    const dst = flow.dst;
    const scope = flow.scope ?? RT_SCOPE_UNIVERSE;
    const tos = flow.tos ?? 0;
    const oif = flow.oif;
    const lengths = this.lengths;
    for (let k = 0; k < lengths.length; k++) {
      const r = this.at(lengths[k]!, dst, tos, scope, oif);
      if (r) return r;
    }
    return undefined;
  }

  /** The prefix lengths in use, longest first. */
  get prefixLengths(): readonly number[] {
    return this.lengths;
  }

  /** The first route of `dst`'s prefix of length `len` that answers the lookup, if the table has that prefix. */
  at(len: number, dst: Ip4, tos: number, scope: number, oif: NetDevice | undefined): FibResult | undefined {
    const a = this.prefixes!.get(networkOf(dst, len), len);
    if (a === undefined) return undefined;
    if (!Array.isArray(a)) return usable(a.route, tos, scope, oif) ? a : undefined;
    for (let i = 0; i < a.length; i++) if (usable(a[i]!.route, tos, scope, oif)) return a[i];
    return undefined;
  }

  /** Every route in dump order (the trie's): by prefix address, shorter prefixes first at equal address. */
  all(): FibRoute[] {
    const out: FibRoute[] = [];
    if (!this.prefixes) return out;
    for (const a of this.prefixes.valuesInOrder()) {
      if (!Array.isArray(a)) out.push(a.route);
      else for (let i = 0; i < a.length; i++) out.push(a[i]!.route);
    }
    return out;
  }
}

/**
 * fib_table_lookup in the trie local and main share while no rule was added (fib_new_table makes
 * local an alias of main's trie; fib_unmerge splits them): the longest prefix of either table
 * answers, and at one prefix the local table's routes come first (fib_find_alias orders a leaf's
 * aliases by table id, highest first).
 */
export function lookupMerged(local: FibTable, main: FibTable, flow: FibFlow): FibResult | undefined {
  const dst = flow.dst;
  const scope = flow.scope ?? RT_SCOPE_UNIVERSE;
  const tos = flow.tos ?? 0;
  const oif = flow.oif;
  const a = local.prefixLengths;
  const b = main.prefixLengths;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const len = j >= b.length || (i < a.length && a[i]! >= b[j]!) ? a[i]! : b[j]!;
    if (i < a.length && a[i] === len) {
      i++;
      const r = local.at(len, dst, tos, scope, oif);
      if (r) return r;
    }
    if (j < b.length && b[j] === len) {
      j++;
      const r = main.at(len, dst, tos, scope, oif);
      if (r) return r;
    }
  }
  return undefined;
}

/** A route of the prefix answers the lookup: its TOS and scope fit, and it leaves by the flow's oif (if any) on a device that is up. */
function usable(r: FibRoute, tos: number, scope: number, oif: NetDevice | undefined): boolean {
  if (r.tos && r.tos !== tos) return false;
  if (r.scope < scope) return false;
  // Error routes answer regardless of the device; others must leave by the flow's oif.
  if (oif && ROUTE_TYPE_PROPS[r.type].error === 0 && r.dev !== oif && !r.nexthops?.some((nh) => nh.dev === oif)) return false;
  if (r.dev && !r.dev.up && r.type === 'unicast' && (!r.nexthops || !r.nexthops.some((nh) => nh.dev.up && nh.dev.addrs.length > 0))) return false;
  return true;
}

export function routeCovers(route: FibRoute, ip: Ip4): boolean {
  return inPrefix(ip, route.dst, route.len);
}
