import { isLbcast, isLoopback, isMulticast, isZeronet, type Ip4 } from '../addr/ipv4';
import { Errno } from './errors';
import { ifaMatch, inetSelectAddr } from './devinet';
import { RT_SCOPE_HOST, RT_SCOPE_LINK, RT_SCOPE_UNIVERSE, type FibResult, type RouteType } from './fib';
import { fibMultipathHash, fibSelectMultipath, type MultipathKeys } from './fib_multipath';
import { fibLookup4 } from './fib4_rules';
import type { FibRule, RuleFlow, RuleLookup } from './fib_rules';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';
import type { ReasonOf, RouteFailure } from '../trace/reason';
import type { Ipv4Packet } from '../wire/types';

/*
 * Route decisions (net/ipv4/route.c): ip_route_output_key for locally generated packets and
 * ip_route_input_slow for received ones, with fib_validate_source (rp_filter, martians).
 */

export interface RouteFacts {
  /** The route that matched, and the rule that chose its table. */
  fib?: FibResult;
  rule?: FibRule;
  /** The gateway comes from a route exception (an accepted ICMP redirect), not the route. */
  redirected?: boolean;
}

export interface OutputRoute extends RouteFacts {
  type: RouteType;
  dev: NetDevice;
  /** Nexthop gateway, when the route has one. */
  gateway?: Ip4;
  src: Ip4;
  dst: Ip4;
}

export interface OutputFlow {
  dst: Ip4;
  src?: Ip4;
  oif?: NetDevice;
  mark?: number;
  tos?: number;
  /** ip_route_me_harder's FLOWI_FLAG_ANYSRC: a foreign source is allowed. */
  anySrc?: boolean;
  /** flowi4_proto and the ports, which ip rule's ipproto/sport/dport select on. */
  keys?: FlowKeys;
}

/** The transport keys of a flow (flowi4_proto, fl4_sport, fl4_dport). */
export interface FlowKeys {
  proto: number;
  sport: number;
  dport: number;
}

const NO_KEYS: FlowKeys = { proto: 0, sport: 0, dport: 0 };

/**
 * fib4_rules_early_flow_dissect: a packet's protocol and, for the protocols the flow dissector
 * takes ports from (TCP, UDP), its ports; ICMP has none.
 */
export function flowKeysOf(pkt: Ipv4Packet, into: FlowKeys = { proto: 0, sport: 0, dport: 0 }): FlowKeys {
  const l4 = pkt.payload;
  const ports = l4.kind === 'tcp' || l4.kind === 'udp';
  into.proto = l4.kind === 'tcp' ? 6 : l4.kind === 'udp' ? 17 : l4.kind === 'icmp' ? 1 : 0;
  into.sport = ports ? l4.sport : 0;
  into.dport = ports ? l4.dport : 0;
  return into;
}

/** The keys of the packet being routed on input, in one reused object: routeInput keeps none. */
const rxKeys: FlowKeys = { proto: 0, sport: 0, dport: 0 };
export function rxFlowKeys(pkt: Ipv4Packet): FlowKeys {
  return flowKeysOf(pkt, rxKeys);
}

/** The reverse-path lookup's keys (ports swapped), reused likewise. */
const backKeysBuf: FlowKeys = { proto: 0, sport: 0, dport: 0 };

export type Routed<T> = ({ ok: true } & T) | ({ ok: false; errno: number; reason: RouteFailure } & RouteFacts);

/** The flow of the lookup under way: rule and table lookups read it and never keep it. */
const flowKey: RuleFlow = { dst: 0, src: 0, mark: 0, tos: 0, iif: '', oif: undefined, oifName: undefined, scope: RT_SCOPE_UNIVERSE, proto: 0, sport: 0, dport: 0, uid: 0 };

function lookup(stack: Stack, dst: Ip4, src: Ip4, iif: string, mark: number, tos: number, oif?: NetDevice, keys: FlowKeys = NO_KEYS): RuleLookup {
  const flow = flowKey;
  flow.proto = keys.proto;
  flow.sport = keys.sport;
  flow.dport = keys.dport;
  flow.dst = dst;
  flow.src = src;
  flow.mark = mark;
  flow.tos = tos;
  flow.iif = iif;
  flow.oif = oif;
  flow.oifName = oif?.name;
  return fibLookup4(stack.ipv4, flow);
}

/** fib_lookup as a netfilter match calls it (xt_rpfilter): the route's type and its nexthops' devices. */
export function fibLookup(stack: Stack, flow: { dst: Ip4; src: Ip4; mark: number; tos: number; iif: string }): { type: string; devs: NetDevice[] } | undefined {
  const r = lookup(stack, flow.dst, flow.src, flow.iif, flow.mark, flow.tos);
  if (!r.ok) return undefined;
  const route = r.result.route;
  // fib_info_nh_uses_dev: any nexthop of a multipath route counts.
  if (route.nexthops) return { type: route.type, devs: route.nexthops.map((nh) => nh.dev) };
  return { type: route.type, devs: route.dev ? [route.dev] : [] };
}

function mpKeys(src: Ip4, dst: Ip4, keys: FlowKeys = NO_KEYS): MultipathKeys {
  return { src, dst, proto: keys.proto, sport: keys.sport, dport: keys.dport };
}

/** fib_result_prefsrc: the route's `src`, else inet_select_addr on its device toward its gateway. */
function resultPrefsrc(stack: Stack, res: FibResult): Ip4 {
  const r = res.route;
  if (r.prefsrc) return r.prefsrc;
  return inetSelectAddr(stack, r.dev, r.gateway ?? 0, r.scope);
}

export function routeOutput(stack: Stack, flow: OutputFlow): Routed<OutputRoute> {
  let src = flow.src ?? 0;
  const mark = flow.mark ?? 0;
  const tos = flow.tos ?? 0;
  if (src) {
    if (isMulticast(src) || isLbcast(src) || isZeronet(src)) return fail(Errno.EINVAL, { code: 'invalid_source' });
    if (!flow.anySrc && !stack.addressOwner(src)) {
      return fail(Errno.ENETUNREACH, { code: 'source_not_local', src });
    }
  }
  let dst = flow.dst;
  if (flow.oif && !flow.oif.up) return fail(Errno.ENETUNREACH, { code: 'oif_down', dev: flow.oif.name });
  // The limited broadcast (and multicast) leave by the source address's device, or the oif,
  // without a route lookup (ip_route_output_key_hash_rcu).
  if (isLbcast(dst) || isMulticast(dst)) {
    const dev = flow.oif ?? (src ? stack.addressOwner(src) : undefined);
    if (dev) return { ok: true, type: isLbcast(dst) ? 'broadcast' : 'multicast', dev, src: src || inetSelectAddr(stack, dev, 0, RT_SCOPE_LINK), dst };
  }
  if (!dst) {
    dst = src || 0x7f000001;
    src = src || dst;
    return { ok: true, type: 'local', dev: stack.lo, src, dst };
  }
  const res = lookup(stack, dst, src, 'lo', mark, tos, flow.oif, flow.keys);
  if (!res.ok) {
    if (flow.oif) {
      // "Apparently, routing tables are wrong. Assume that the destination is on link."
      return { ok: true, type: 'unicast', dev: flow.oif, src: src || inetSelectAddr(stack, flow.oif, 0, RT_SCOPE_LINK), dst };
    }
    return { ok: false, errno: res.errno, reason: res.rule ? { code: 'rule_action', priority: res.rule.priority, action: res.rule.action } : { code: 'no_route', input: false }, rule: res.rule };
  }
  const route = res.result.route;
  const facts: RouteFacts = { fib: res.result, rule: res.rule };
  const err = errorOfType(route.type);
  if (err) return { ok: false, errno: err, reason: { code: route.type as ErrorRouteType }, ...facts };
  if (route.type === 'local') {
    if (!src) src = route.prefsrc ?? dst;
    return { ok: true, type: 'local', dev: stack.lo, src, dst, ...facts };
  }
  // fib_select_path: a multipath route picks its nexthop by the flow's hash (no oif given), or
  // the nexthop through the oif.
  const nh = route.nexthops ? (flow.oif ? route.nexthops.find((n) => n.dev === flow.oif) : undefined) ?? fibSelectMultipath(stack, route, fibMultipathHash(stack, mpKeys(src, dst, flow.keys))) : undefined;
  const dev = nh ? nh.dev : route.dev!;
  if (!src) src = nh ? (route.prefsrc ?? inetSelectAddr(stack, nh.dev, nh.gateway ?? 0, route.scope)) : resultPrefsrc(stack, res.result);
  // __mkroute_output: a loopback source may only leave through lo, unless route_localnet.
  if (isLoopback(src) && !dev.loopback && !stack.sysctl.orConf(dev.name, 'route_localnet')) {
    return { ok: false, errno: Errno.EINVAL, reason: { code: 'loopback_source', src, dev: dev.name }, ...facts };
  }
  const type: RouteType = isLbcast(dst) ? 'broadcast' : route.type;
  // A route exception from an accepted ICMP redirect replaces the gateway (rt_bind_exception).
  const redirected = stack.fnhe.gatewayFor(route, dst);
  return { ok: true, type, dev, gateway: redirected ?? (nh ? nh.gateway : route.gateway), redirected: redirected !== undefined, src, dst, ...facts };
}

function errorOfType(type: RouteType): number {
  switch (type) {
    case 'unreachable':
      return Errno.EHOSTUNREACH;
    case 'prohibit':
      return Errno.EACCES;
    case 'blackhole':
      return Errno.EINVAL;
    default:
      return 0;
  }
}

type ErrorRouteType = 'unreachable' | 'prohibit' | 'blackhole';

function fail(errno: number, reason: RouteFailure): { ok: false; errno: number; reason: RouteFailure } {
  return { ok: false, errno, reason };
}

export interface InputRoute extends RouteFacts {
  type: 'local' | 'forward' | 'broadcast';
  /** Output device and nexthop when forwarding. */
  dev?: NetDevice;
  gateway?: Ip4;
  /** __mkroute_input set IPSKB_DOREDIRECT: the packet leaves by the interface it came in on. */
  doRedirect?: boolean;
  /** A forward's trace facts and reason, made once for every packet a kept route (route_input_cache.ts) forwards. */
  traceFacts?: Readonly<Record<string, string>>;
  traceReason?: ReasonOf<'input_forward'>;
}

/** Why ip_route_input refused a packet, and what ip_error would answer. */
export interface InputRefusal extends RouteFacts {
  /** 'martian' and 'rpf' drop silently; 'unreachable' may send ICMP (ip_error). */
  cause: 'martian-source' | 'martian-destination' | 'rpf' | 'unreachable' | 'not-forwarding';
  errno: number;
  reason: RouteFailure;
}

export type InputResult = ({ ok: true } & InputRoute) | ({ ok: false } & InputRefusal);

function martianSrc(src: Ip4, detail: (RouteFailure & { code: 'martian_source' })['detail']): InputResult {
  return { ok: false, cause: 'martian-source', errno: Errno.EINVAL, reason: { code: 'martian_source', src, detail } };
}

function martianDst(dst: Ip4, detail: (RouteFailure & { code: 'martian_destination' })['detail']): InputResult {
  return { ok: false, cause: 'martian-destination', errno: Errno.EINVAL, reason: { code: 'martian_destination', dst, detail } };
}

export function routeInput(stack: Stack, src: Ip4, dst: Ip4, tos: number, mark: number, dev: NetDevice, keys: FlowKeys = NO_KEYS): InputResult {
  const sys = stack.sysctl;
  if (isMulticast(src) || isLbcast(src)) return martianSrc(src, 'multicast');
  if (isLbcast(dst) || (src === 0 && dst === 0)) return broadcastInput(stack, src, dst, tos, dev);
  if (isZeronet(src)) return martianSrc(src, 'zeronet');
  if (isZeronet(dst)) return martianDst(dst, 'zeronet');
  // route_localnet only matters for 127/8 addresses: read it only then.
  if ((isLoopback(dst) || isLoopback(src)) && !sys.orConf(dev.name, 'route_localnet')) {
    if (isLoopback(dst)) return martianDst(dst, { localnet: dev.name });
    return martianSrc(src, { localnet: dev.name });
  }
  const forwarding = sys.forwarding(dev.name);
  const res = lookup(stack, dst, src, dev.name, mark, tos, undefined, keys);
  if (!res.ok) {
    const errno = forwarding ? res.errno : Errno.EHOSTUNREACH;
    return { ok: false, cause: 'unreachable', errno, reason: res.rule ? { code: 'rule_action', priority: res.rule.priority, action: res.rule.action } : { code: 'no_route', input: true }, rule: res.rule };
  }
  const route = res.result.route;
  const typeErr = errorOfType(route.type);
  if (typeErr) {
    return { ok: false, cause: 'unreachable', errno: forwarding ? typeErr : Errno.EHOSTUNREACH, reason: { code: route.type as ErrorRouteType }, ...routeFacts(res) };
  }
  if (route.type === 'broadcast') return broadcastInput(stack, src, dst, tos, dev, routeFacts(res));
  if (route.type === 'local') {
    const v = validateSource(stack, src, dst, tos, undefined, dev, mark, keys);
    if (v < 0) return refusal(v, src, dev, routeFacts(res));
    return { ok: true, type: 'local', fib: res.result, rule: res.rule };
  }
  if (!forwarding) {
    return { ok: false, cause: 'not-forwarding', errno: Errno.EHOSTUNREACH, reason: { code: 'not_forwarding', dev: dev.name }, ...routeFacts(res) };
  }
  if (route.type !== 'unicast') return martianDst(dst, { routeType: route.type });
  // ip_mkroute_input: a multipath route picks its nexthop by the packet's hash.
  const nh = route.nexthops ? fibSelectMultipath(stack, route, fibMultipathHash(stack, mpKeys(src, dst, keys))) : undefined;
  const out = nh ? nh.dev : route.dev!;
  const gateway = nh ? nh.gateway : route.gateway;
  const v = validateSource(stack, src, dst, tos, out, dev, mark, keys);
  if (v < 0) return refusal(v, src, dev, routeFacts(res));
  let doRedirect = false;
  if (out === dev && v > 0 && sys.orConf(out.name, 'send_redirects')) {
    doRedirect = sys.orConf(out.name, 'shared_media') || onlinkPair(out, src, gateway ?? 0);
  }
  const redirected = stack.fnhe.gatewayFor(route, dst);
  return { ok: true, type: 'forward', dev: out, gateway: redirected ?? gateway, redirected: redirected !== undefined, doRedirect, fib: res.result, rule: res.rule, traceFacts: undefined, traceReason: undefined };
}

/** A found route's facts, for the answers that are not a forward (made only for those: a forward is per packet). */
function routeFacts(res: RuleLookup & { ok: true }): RouteFacts {
  return { fib: res.result, rule: res.rule };
}

function broadcastInput(stack: Stack, src: Ip4, dst: Ip4, tos: number, dev: NetDevice, facts: RouteFacts = {}): InputResult {
  if (src !== 0) {
    const v = validateSource(stack, src, dst, tos, undefined, dev, 0);
    if (v < 0) return refusal(v, src, dev, facts);
  }
  return { ok: true, type: 'broadcast', ...facts };
}

function refusal(v: number, src: Ip4, dev: NetDevice, facts: RouteFacts): InputResult {
  if (v === -Errno.EXDEV) {
    return { ok: false, cause: 'rpf', errno: Errno.EXDEV, reason: { code: 'rp_filter', src, dev: dev.name }, ...facts };
  }
  return { ok: false, cause: 'martian-source', errno: Errno.EINVAL, reason: { code: 'martian_source', src, detail: 'own_or_unroutable' }, ...facts };
}

/** inet_addr_onlink: both addresses inside one subnet of the device (b 0: a alone). */
export function onlinkPair(dev: NetDevice, a: Ip4, b: Ip4): boolean {
  return dev.addrs.some((ifa) => ifaMatch(a, ifa) && (!b || ifaMatch(b, ifa)));
}

/**
 * fib_validate_source: 1 when the source is directly on-link through `dev`, 0 when fine,
 * -EINVAL for a martian (our own address), -EXDEV when rp_filter refuses.
 */
export function validateSource(stack: Stack, src: Ip4, dst: Ip4, tos: number, oif: NetDevice | undefined, dev: NetDevice, mark: number, keys: FlowKeys = NO_KEYS): number {
  const sys = stack.sysctl;
  const rpf = sys.maxConf(dev.name, 'rp_filter');
  const acceptLocal = sys.orConf(dev.name, 'accept_local');
  if (!rpf && (dev !== oif || !sys.orConf(dev.name, 'send_redirects'))) {
    if (acceptLocal) return 0;
    if (!stack.hasCustomRules() && !stack.hasCustomLocalRoutes()) {
      return stack.addressOwner(src) ? -Errno.EINVAL : 0;
    }
  }
  // The reverse lookup uses the packet's mark only with src_valid_mark, and its keys with the
  // ports swapped (__fib_validate_source).
  const backMark = sys.orConf(dev.name, 'src_valid_mark') ? mark : 0;
  let backKeys = NO_KEYS;
  if (keys !== NO_KEYS) {
    backKeys = backKeysBuf;
    backKeys.proto = keys.proto;
    backKeys.sport = keys.dport;
    backKeys.dport = keys.sport;
  }
  const back = lookup(stack, src, dst, oif ? oif.name : 'lo', backMark, tos, undefined, backKeys);
  if (!back.ok) return rpf ? -Errno.EXDEV : 0;
  const r = back.result.route;
  if (r.type !== 'unicast' && (r.type !== 'local' || !acceptLocal)) return -Errno.EINVAL;
  // fib_info_nh_uses_dev: any nexthop of a multipath route.
  const devMatch = r.dev === dev || (r.nexthops?.some((n) => n.dev === dev) ?? false) || (r.type === 'local' && dev.loopback);
  if (devMatch) return r.nhScope >= RT_SCOPE_HOST ? 1 : 0;
  if (dev.addrs.length === 0) return rpf ? -Errno.EXDEV : 0;
  if (rpf === 1) return -Errno.EXDEV;
  const viaDev = lookup(stack, src, dst, oif ? oif.name : 'lo', backMark, tos, dev, backKeys);
  if (viaDev.ok && viaDev.result.route.type === 'unicast') return viaDev.result.route.nhScope >= RT_SCOPE_HOST ? 1 : 0;
  return 0;
}
