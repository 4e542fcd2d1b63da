import { AF_INET, AF_INET6, type Family } from '../addr/family';
import { prefixMask } from '../addr/ipv4';
import type { IptJump, IptMatch, IptRule as RuleSpec, IptTarget } from '../command/types';
import * as M from '../kernel/netfilter/matches';
import { ANY_IP, type IptHead, type IptIp, type IptRule, type Match, type Target } from '../kernel/netfilter/x_tables';
import type { Stack } from '../kernel/stack';
import { findMatch, findTarget } from './extensions';
import { ruleText } from './save';

/*
 * Turns a parsed iptables rule into the kernel's form (what iptables hands to the kernel): the
 * ipt_ip part first, in the order iptables-save prints it (-s -d -i -o -p), then each loaded
 * extension's match as written, then its target; each carries its extension's parsed options.
 */

export function isJump(t: IptTarget | undefined): t is IptJump {
  return t?.name === 'chain' && 'chain' in t;
}

/**
 * iptables loads a match once per rule: `-p tcp ! --syn -m tcp --sport 1024:65535` is one tcp
 * match with both options (`-m tcp --sport 1024:65535 ! --tcp-flags FIN,SYN,RST,ACK SYN`).
 */
function mergeProtocolMatches(list: readonly IptMatch[]): IptMatch[] {
  const out: IptMatch[] = [];
  for (const m of list) {
    const first = m.name === 'tcp' || m.name === 'udp' ? out.find((o) => o.name === m.name) : undefined;
    if (first) Object.assign(first, Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
    else out.push(m.name === 'tcp' || m.name === 'udp' ? { ...m } : m);
  }
  return out;
}

/** A rule with no target only counts packets (`iptables -A INPUT -s x`). */
const NO_TARGET: Target = { name: '', run: () => 'CONTINUE' };

export function buildTarget(t: IptTarget | undefined, family: Family = AF_INET): Target {
  if (!t) return NO_TARGET;
  if (isJump(t)) {
    const v = t.goto ? { goto: t.chain } : { jump: t.chain };
    return { name: t.chain, enters: t.chain, goto: t.goto, run: () => v };
  }
  const ext = findTarget(t.name, family)!;
  const restriction = typeof ext.restriction === 'function' ? ext.restriction(t) : ext.restriction;
  const checkentryEffects = ext.checkentry ? (stack: Stack, head: IptHead) => ext.checkentry!(t, head, stack) : undefined;
  return { name: ext.kernelName ?? t.name, info: t, restriction, checkentryEffects, ...ext.target(t) };
}

/** The rule's `-s`/`-d` as struct ipt_ip holds them: masked int32 address and mask. */
function headerOf(spec: RuleSpec): IptIp {
  if (!spec.source && !spec.destination) return ANY_IP;
  const part = (c: RuleSpec['source']) => {
    const mask = c ? prefixMask(c.value.len) | 0 : 0;
    return { addr: c && typeof c.value.addr === 'number' ? c.value.addr & mask : 0, mask, inv: c?.negated ?? false };
  };
  const s = part(spec.source);
  const d = part(spec.destination);
  return { src: s.addr, smsk: s.mask, invSrc: s.inv, dst: d.addr, dmsk: d.mask, invDst: d.inv };
}

/**
 * `family` AF_INET6 builds an ip6tables rule (struct ip6t_entry): its addresses are kept for the
 * tools to print, and no IPv4 test is made of them (an IPv6 table never sees an IPv4 packet).
 */
export function buildRule(spec: RuleSpec, family: Family = AF_INET): IptRule {
  if (family === AF_INET6) return buildRule6(spec);
  const head: { -readonly [K in keyof IptHead]: IptHead[K] } = {};
  const matches: Match[] = [];
  // 0.0.0.0/0 is no address test at all: iptables-nft adds no payload match for it, -S shows none.
  if (spec.source && typeof spec.source.value.addr === 'number' && (spec.source.value.len > 0 || spec.source.negated)) {
    head.source = { addr: spec.source.value.addr, len: spec.source.value.len, invert: spec.source.negated };
    matches.push(M.sourceMatch(spec.source.value.addr, spec.source.value.len, spec.source.negated));
  }
  if (spec.destination && typeof spec.destination.value.addr === 'number' && (spec.destination.value.len > 0 || spec.destination.negated)) {
    head.destination = { addr: spec.destination.value.addr, len: spec.destination.value.len, invert: spec.destination.negated };
    matches.push(M.destinationMatch(spec.destination.value.addr, spec.destination.value.len, spec.destination.negated));
  }
  if (spec.inInterface) {
    head.inInterface = { name: spec.inInterface.value, invert: spec.inInterface.negated };
    matches.push(M.inInterfaceMatch(spec.inInterface.value, spec.inInterface.negated));
  }
  if (spec.outInterface) {
    head.outInterface = { name: spec.outInterface.value, invert: spec.outInterface.negated };
    matches.push(M.outInterfaceMatch(spec.outInterface.value, spec.outInterface.negated));
  }
  if (spec.protocol && spec.protocol.value !== 0) {
    head.protocol = { proto: spec.protocol.value, invert: spec.protocol.negated };
    matches.push(M.protocolMatch(spec.protocol.value, spec.protocol.negated));
  }
  for (const info of mergeProtocolMatches(spec.matches)) {
    const m = findMatch(info.name)!.match(info);
    if (m) matches.push({ info, ...m });
  }
  const target = buildTarget(spec.target);
  // One literal, every field in one order: one object shape for every rule keeps traversal fast.
  const ip = headerOf(spec);
  return { head, matches, target, text: ruleText({ head, matches, target }), packets: 0, bytes: 0, src: ip.src, smsk: ip.smsk, invSrc: ip.invSrc, dst: ip.dst, dmsk: ip.dmsk, invDst: ip.invDst };
}

function buildRule6(spec: RuleSpec): IptRule {
  const head: { -readonly [K in keyof IptHead]: IptHead[K] } = {};
  // ::/0 is no address test at all: ip6tables-nft adds no payload match for it, -S shows none.
  const addr = (c: RuleSpec['source']) => (c && (c.value.len > 0 || c.negated) ? { addr: c.value.addr, len: c.value.len, invert: c.negated } : undefined);
  const source = addr(spec.source);
  const destination = addr(spec.destination);
  if (source) head.source = source;
  if (destination) head.destination = destination;
  if (spec.inInterface) head.inInterface = { name: spec.inInterface.value, invert: spec.inInterface.negated };
  if (spec.outInterface) head.outInterface = { name: spec.outInterface.value, invert: spec.outInterface.negated };
  if (spec.protocol && spec.protocol.value !== 0) head.protocol = { proto: spec.protocol.value, invert: spec.protocol.negated };
  const matches: Match[] = [];
  for (const info of mergeProtocolMatches(spec.matches)) {
    const m = findMatch(info.name, AF_INET6)!.match(info);
    if (m) matches.push({ info, ...m });
  }
  const target = buildTarget(spec.target, AF_INET6);
  return { head, matches, target, text: ruleText({ head, matches, target }, AF_INET6), packets: 0, bytes: 0, ...ANY_IP };
}
