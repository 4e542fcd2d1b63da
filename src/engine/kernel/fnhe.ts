import { isLbcast, isMulticast, isZeronet, type Ip4 } from '../addr/ipv4';
import type { IcmpMessage } from '../wire/types';
import type { FibRoute } from './fib';
import type { NetDevice } from './netdevice';
import { arpTbl } from './arp';
import { onlinkPair, routeOutput } from './route';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import type { RedirectIgnored } from '../trace/reason';

/*
 * Next-hop exceptions (struct fib_nh_exception) and the ICMP redirects that make them
 * (__ip_do_redirect in net/ipv4/route.c). A redirect accepted from the current gateway makes
 * later packets to that destination go to the new gateway instead, for ip_rt_gc_timeout
 * (300 s), until any route changes (rt_cache_flush).
 */

const NS = 1_000_000_000;
/** ip_rt_gc_timeout: RT_GC_TIMEOUT, 300 s. */
export const REDIRECT_LIFETIME_NS = 300 * NS;

export interface Exception {
  daddr: Ip4;
  dev: NetDevice | undefined;
  gateway: Ip4;
  expires: number;
  /** The routing tables' state when it was made (fnhe_genid). */
  genid: number;
}

/** A route's next hop, as the kernel's fib_nh: its device and gateway. */
function nexthopKey(route: FibRoute): string {
  return `${route.dev?.ifindex ?? 0}/${route.gateway ?? 0}`;
}

export class NexthopExceptions {
  private get byNexthop(): Map<string, Map<Ip4, Exception>> {
    return (this.byNexthopMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private byNexthopMade?: Map<string, Map<Ip4, Exception>>;

  constructor(private readonly stack: Stack) {}

  private genid(): number {
    let v = 0;
    for (const t of this.stack.ipv4.fibTables.values()) v += t.version;
    return v;
  }

  /** No exception at all (nearly always): a kept input route cannot have been redirected. */
  get empty(): boolean {
    return this.byNexthop.size === 0;
  }

  /** update_or_create_fnhe. */
  set(route: FibRoute, daddr: Ip4, gateway: Ip4): void {
    const key = nexthopKey(route);
    let m = this.byNexthop.get(key);
    if (!m) this.byNexthop.set(key, (m = new Map()));
    m.set(daddr, { daddr, dev: route.dev, gateway, expires: this.stack.env.now() + REDIRECT_LIFETIME_NS, genid: this.genid() });
  }

  /** find_exception: the exception for `daddr` through this route's next hop, if still valid. */
  find(route: FibRoute, daddr: Ip4): Exception | undefined {
    // Asked for every routed packet: without any exception (nearly always) nothing else is read.
    if (!this.byNexthop.size || route.gateway === undefined) return undefined;
    const m = this.byNexthop.get(nexthopKey(route));
    const e = m?.get(daddr);
    if (!e) return undefined;
    if (!this.valid(e)) {
      m!.delete(daddr);
      if (!m!.size) this.byNexthop.delete(nexthopKey(route));
      return undefined;
    }
    return e;
  }

  gatewayFor(route: FibRoute, daddr: Ip4): Ip4 | undefined {
    return this.find(route, daddr)?.gateway;
  }

  private valid(e: Exception): boolean {
    return this.stack.env.now() <= e.expires && e.genid === this.genid();
  }

  /** `ip route flush cache` (rt_cache_flush): every exception goes. */
  flush(): void {
    this.byNexthop.clear();
  }

  /** Every valid exception (`ip route show cache`). */
  all(): Exception[] {
    const out: Exception[] = [];
    for (const m of this.byNexthop.values()) for (const e of m.values()) if (this.valid(e)) out.push(e);
    return out;
  }

  /** What `ip route` prints after an exception's route: `expires` in whole seconds (rta_expires / HZ). */
  static cacheLine(e: Exception, now: number): string {
    return `    cache <redirected> expires ${Math.max(0, Math.floor((e.expires - now) / NS))}sec \n`;
  }
}

/** IN_DEV_RX_REDIRECTS: a forwarding interface needs all and its own on, a host either. */
function rxRedirects(stack: Stack, dev: NetDevice): boolean {
  const sys = stack.sysctl;
  const all = sys.all.accept_redirects !== 0;
  const own = sys.conf(dev.name).accept_redirects !== 0;
  return sys.forwarding(dev.name) ? all && own : all || own;
}

/** ip_fib_check_default: some route already has this gateway on this device. */
function isGatewayOnDev(stack: Stack, gw: Ip4, dev: NetDevice): boolean {
  for (const t of stack.ipv4.fibTables.values()) for (const r of t.all()) if (r.gateway === gw && r.dev === dev) return true;
  return false;
}

/** ip_rt_redirect / __ip_do_redirect for an ICMP redirect received on `skb.inDev`. */
export function ipDoRedirect(stack: Stack, skb: SkBuff, m: IcmpMessage): void {
  const dev = skb.inDev!;
  const orig = m.original;
  const oldGw = skb.pkt.src;
  const newGw = m.gateway ?? 0;
  const ignore = (cause: RedirectIgnored) => stack.trace({ layer: 'icmp', kind: 'redirect', port: dev.name, packet: skb.pkt, reason: { code: 'redirect_ignored', from: oldGw, cause } });
  if (!orig || (m.code & 7) > 3) return ignore({ code: 'not_network_or_host', icmpCode: m.code });
  const rt = routeOutput(stack, { dst: orig.dst, src: orig.src, oif: dev, tos: orig.tos });
  if (!rt.ok || rt.gateway === undefined || rt.gateway !== oldGw) {
    return ignore({ code: 'not_routed_via', dst: orig.dst, gateway: oldGw });
  }
  if (newGw === oldGw) return ignore({ code: 'same_gateway' });
  if (!rxRedirects(stack, dev)) return ignore({ code: 'accept_redirects_off', dev: dev.name });
  if (isMulticast(newGw) || isLbcast(newGw) || isZeronet(newGw)) return ignore({ code: 'bad_gateway', gateway: newGw });
  if (!stack.sysctl.orConf(dev.name, 'shared_media')) {
    if (!onlinkPair(dev, newGw, oldGw)) return ignore({ code: 'not_onlink', gateway: newGw, dev: dev.name, oldGateway: oldGw });
    if (stack.sysctl.orConf(dev.name, 'secure_redirects') && !isGatewayOnDev(stack, newGw, dev)) {
      return ignore({ code: 'not_a_route_gateway', gateway: newGw, dev: dev.name });
    }
  } else if (stack.addrType(newGw) !== 'unicast') {
    return ignore({ code: 'not_unicast', gateway: newGw });
  }
  // The new gateway's MAC must be known (NUD_VALID); otherwise the redirect only starts ARP.
  if (!arpTbl(stack).resolve(dev, newGw)) {
    stack.trace({ layer: 'icmp', kind: 'redirect', port: dev.name, packet: skb.pkt, reason: { code: 'redirect_pending', from: oldGw, gateway: newGw } });
    return;
  }
  if (!rt.fib) return;
  stack.fnhe.set(rt.fib.route, orig.dst, newGw);
  stack.trace({ layer: 'icmp', kind: 'redirect', port: dev.name, packet: skb.pkt, reason: { code: 'redirect_accepted', dst: orig.dst, gateway: newGw, from: oldGw } });
}
