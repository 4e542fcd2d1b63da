import { inPrefix, networkOf, type Ip4 } from '../addr/ipv4';
import type { NetDevice } from './netdevice';

/*
 * A routing table (net/ipv4/fib_trie.c): a binary trie on the destination prefix, each node
 * holding the routes ("aliases") of one prefix, ordered by TOS then priority (metric).
 * Lookups walk the key's path once and try prefixes from the longest back to the shortest,
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
}

interface TrieNode {
  child0?: TrieNode;
  child1?: TrieNode;
  routes?: FibRoute[];
}

export interface FibResult {
  route: FibRoute;
  /** The routes the trie walk passed over at longer prefixes, for the trace's "why". */
  prefixLen: number;
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

export class FibTable {
  private readonly root: TrieNode = {};
  private count = 0;
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

  private node(dst: Ip4, len: number, create: boolean): TrieNode | undefined {
    let node = this.root;
    for (let bit = 0; bit < len; bit++) {
      const one = (dst >>> (31 - bit)) & 1;
      let next = one ? node.child1 : node.child0;
      if (!next) {
        if (!create) return undefined;
        next = {};
        if (one) node.child1 = next;
        else node.child0 = next;
      }
      node = next;
    }
    return node;
  }

  /** Routes of exactly this prefix, in lookup order. */
  routesAt(dst: Ip4, len: number): readonly FibRoute[] {
    return this.node(networkOf(dst, len), len, false)?.routes ?? [];
  }

  /** Inserts keeping TOS-then-priority order; `append` puts it after equal ones. */
  insert(route: FibRoute): void {
    const node = this.node(route.dst, route.len, true)!;
    const list = (node.routes ??= []);
    let i = 0;
    while (i < list.length && (list[i]!.tos > route.tos || (list[i]!.tos === route.tos && list[i]!.priority <= route.priority))) i++;
    list.splice(i, 0, route);
    this.count++;
    if (route.protocol !== RTPROT_KERNEL) this.userCount++;
  }

  remove(route: FibRoute): boolean {
    const node = this.node(route.dst, route.len, false);
    const list = node?.routes;
    const i = list ? list.indexOf(route) : -1;
    if (i < 0) return false;
    list!.splice(i, 1);
    this.count--;
    if (route.protocol !== RTPROT_KERNEL) this.userCount--;
    return true;
  }

  replace(old: FibRoute, route: FibRoute): void {
    const list = this.node(old.dst, old.len, false)?.routes;
    const i = list ? list.indexOf(old) : -1;
    if (i < 0) return;
    list![i] = route;
    this.userCount += (route.protocol !== RTPROT_KERNEL ? 1 : 0) - (old.protocol !== RTPROT_KERNEL ? 1 : 0);
  }

  /** fib_table_lookup: longest prefix first, backtracking to shorter ones. */
  lookup(flow: FibFlow): FibResult | undefined {
    // Only the nodes on the path that hold routes, with their prefix lengths, longest last.
    const nodes: TrieNode[] = [];
    const lens: number[] = [];
    let node: TrieNode | undefined = this.root;
    for (let bit = 0; node; bit++) {
      if (node.routes) {
        nodes.push(node);
        lens.push(bit);
      }
      if (bit === 32) break;
      node = (flow.dst >>> (31 - bit)) & 1 ? node.child1 : node.child0;
    }
    const scope = flow.scope ?? RT_SCOPE_UNIVERSE;
    const tos = flow.tos ?? 0;
    for (let k = nodes.length - 1; k >= 0; k--) {
      for (const r of nodes[k]!.routes!) {
        if (r.tos && r.tos !== tos) continue;
        if (r.scope < scope) continue;
        // Error routes answer regardless of the device; others must leave by the flow's oif.
        if (flow.oif && ROUTE_TYPE_PROPS[r.type].error === 0 && r.dev !== flow.oif) continue;
        if (r.dev && !r.dev.up && r.type === 'unicast') continue;
        return { route: r, prefixLen: lens[k]! };
      }
    }
    return undefined;
  }

  /** Every route in dump order: by prefix address, shorter prefixes first at equal address. */
  all(): FibRoute[] {
    const out: FibRoute[] = [];
    const walk = (node: TrieNode) => {
      if (node.routes) out.push(...node.routes);
      if (node.child0) walk(node.child0);
      if (node.child1) walk(node.child1);
    };
    walk(this.root);
    return out;
  }
}

export function routeCovers(route: FibRoute, ip: Ip4): boolean {
  return inPrefix(ip, route.dst, route.len);
}
