import { broadcastOf } from '../addr/ipv4';
import type { IpAddrChange, IpLinkSet, IpNeighChange, IpRouteChange, IpRuleChange } from '../command/types';
import { brSetlink } from '../kernel/br_netlink';
import { RT_SCOPE_UNIVERSE } from '../kernel/fib';
import type { FibRule } from '../kernel/fib_rules';
import { rtmDelAddr, rtmDelNeigh, rtmDelRoute, rtmDelRule, rtmNewAddr, rtmNewNeigh, rtmNewRoute, rtmNewRule, rtmSetLink, type FibRuleMsg } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, resolveTable, rtnlTalk } from './libnetlink';

/*
 * `ip addr|link|route|rule|neigh` changes (iproute2's ipaddress.c, iplink.c, iproute.c,
 * iprule.c, ipneigh.c): the parsed command becomes the rtnetlink request iproute2 sends.
 */

export function ipAddr(stack: Stack, c: IpAddrChange): void {
  const dev = device(stack, c.dev);
  if (c.action === 'del') return rtnlTalk(rtmDelAddr(stack, { ifindex: dev.ifindex, local: c.address, prefixLen: c.prefixGiven ? c.prefixLen : undefined, address: c.peer ?? (c.prefixGiven ? c.address : undefined) }));
  const broadcast = c.broadcast === '+' ? broadcastOf(c.address, c.prefixLen) : c.broadcast === '-' ? undefined : c.broadcast;
  rtnlTalk(rtmNewAddr(stack, { ifindex: dev.ifindex, local: c.address, address: c.peer, prefixLen: c.prefixLen, broadcast, scope: c.scope ?? (dev.loopback && c.address >>> 24 === 127 ? 254 : RT_SCOPE_UNIVERSE), label: c.label ?? dev.name, noprefixroute: c.noprefixroute }));
}

export function ipLink(stack: Stack, c: IpLinkSet): void {
  const dev = device(stack, c.dev);
  // rtnl_newlink on an existing device: the master's slave_changelink first (none: EOPNOTSUPP).
  if (c.brport && brSetlink(dev, c.brport) !== 0) throw new CommandFailure('RTNETLINK answers: Operation not supported', 2, c.dev.column);
  rtnlTalk(rtmSetLink(stack, { ifindex: dev.ifindex, address: c.address, mtu: c.mtu, up: c.up, master: masterIndex(stack, c.master), ifname: c.name }));
}

/** iplink_parse: `master NAME` through ll_name_to_index (its own error), `nomaster` is IFLA_MASTER 0. */
function masterIndex(stack: Stack, master: IpLinkSet['master']): number | undefined {
  if (master === undefined) return undefined;
  if (master === null) return 0;
  const dev = stack.byName.get(master.text);
  if (!dev) throw new CommandFailure(`Error: argument "${master.text}" is wrong: Device does not exist`, 255, master.column);
  return dev.ifindex;
}

export function ipRoute(stack: Stack, c: IpRouteChange): void {
  const table = resolveTable(stack, c.table);
  const oif = c.dev ? device(stack, c.dev).ifindex : undefined;
  if (c.action === 'del') {
    return rtnlTalk(rtmDelRoute(stack, { dst: c.dst.addr, len: c.dst.len, table, gateway: c.via, oif, prefsrc: c.src, metric: c.metric, type: c.type === 'xresolve' || c.type === 'nat' ? undefined : c.type, protocol: c.protocol, tos: c.tos, scope: c.scope }));
  }
  const type = c.type ?? 'unicast';
  if (type === 'nat' || type === 'xresolve' || type === 'multicast') throw new CommandFailure(`hairpin: route type ${type} is not modelled`, 2);
  const mode = c.action === 'replace' || c.action === 'change' ? 'replace' : c.action === 'append' || c.action === 'prepend' ? 'append' : 'add';
  const multipath = c.nexthops?.map((nh) => ({ gateway: nh.via, oif: nh.dev ? device(stack, nh.dev).ifindex : undefined, weight: nh.weight, onlink: nh.onlink }));
  rtnlTalk(rtmNewRoute(stack, { type, dst: c.dst.addr, len: c.dst.len, table, gateway: c.via, oif, prefsrc: c.src, metric: c.metric, scope: c.scope, protocol: c.protocol, tos: c.tos, onlink: c.onlink, multipath }, mode));
}

export function ipRule(stack: Stack, c: IpRuleChange): void {
  if (c.action === 'flush') {
    // flush_rule: the dump, then RTM_DELRULE for each rule but the one at priority 0, even
    // main's and default's.
    for (const r of [...stack.ipv4.rulesOps.rules]) if (r.priority !== 0) rtnlTalk(rtmDelRule(stack, { priority: r.priority, table: r.table }));
    return;
  }
  const act = c.ruleAction ?? { kind: 'lookup' as const, table: { kind: 'id' as const, id: 254 } };
  const rule: FibRuleMsg = {
    priority: c.priority,
    not: c.not,
    from: c.from && c.from.len > 0 ? { addr: c.from.addr, len: c.from.len } : undefined,
    to: c.to && c.to.len > 0 ? { addr: c.to.addr, len: c.to.len } : undefined,
    tos: c.tos,
    fwmark: c.fwmark?.value,
    fwmask: c.fwmark ? (c.fwmark.mask ?? 0xffffffff) : undefined,
    iif: c.iif,
    oif: c.oif,
    action: act.kind,
    table: act.kind === 'lookup' ? resolveTable(stack, act.table) : 0,
    gotoPriority: act.kind === 'goto' ? act.target : undefined,
    suppressPrefixlen: c.suppressPrefixLength,
    // FRA_IP_PROTO 0 is no selector.
    ipproto: c.ipproto || undefined,
    sport: c.sport,
    dport: c.dport,
    uidrange: c.uidrange,
    protocol: c.protocol ?? 0,
  };
  if (c.action === 'del') {
    const sel: { -readonly [K in keyof FibRule]?: FibRule[K] } = {};
    if (c.priority !== undefined) sel.priority = c.priority;
    if (c.ruleAction?.kind === 'lookup') sel.table = rule.table;
    if (rule.fwmark !== undefined) sel.fwmark = rule.fwmark;
    if (rule.from) sel.from = rule.from;
    if (rule.to) sel.to = rule.to;
    if (c.iif) sel.iif = c.iif;
    if (c.oif) sel.oif = c.oif;
    if (rule.ipproto) sel.ipproto = rule.ipproto;
    if (c.sport) sel.sport = c.sport;
    if (c.dport) sel.dport = c.dport;
    if (c.uidrange) sel.uidrange = c.uidrange;
    return rtnlTalk(rtmDelRule(stack, sel));
  }
  rtnlTalk(rtmNewRule(stack, rule));
}

export function ipNeigh(stack: Stack, c: IpNeighChange): void {
  const dev = device(stack, c.dev);
  if (c.action === 'del') return rtnlTalk(rtmDelNeigh(stack, { ifindex: dev.ifindex, dst: c.address }));
  rtnlTalk(rtmNewNeigh(stack, { ifindex: dev.ifindex, dst: c.address, lladdr: c.lladdr, nud: c.nud }, c.action));
}
