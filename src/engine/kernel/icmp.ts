import { ipDoRedirect } from './fnhe';
import { isLbcast, isMulticast, type Ip4 } from '../addr/ipv4';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, type IcmpMessage, type Ipv4Packet } from '../wire/types';
import { ipv4Length } from '../wire/ipv4';
import { Errno } from './errors';
import { ipLocalOut } from './ip_output';
import { routeOutput } from './route';
import { CTL_SK, skb as makeSkb, type SkBuff } from './skbuff';
import { inetPeers } from './netns_ipv4';
import type { Stack } from './stack';

/*
 * ICMP (net/ipv4/icmp.c): errors with the kernel's source choice, quote size and rate limits;
 * echo replies; and ip_error / ip_rt_send_redirect from route.c.
 */

const NS = 1_000_000_000;
/** ip_rt_redirect_number, ip_rt_redirect_load (HZ/50) and ip_rt_redirect_silence (load << 10). */
const REDIRECT_NUMBER = 9;
const REDIRECT_LOAD = 20_000_000;
const REDIRECT_SILENCE = REDIRECT_LOAD * 2 ** (REDIRECT_NUMBER + 1);
const IPTOS_PREC_INTERNETCONTROL = 0xc0;
const ERROR_TYPES = new Set([ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ICMP_REDIRECT, 4, 12]);

function peer(stack: Stack, ip: Ip4) {
  const peers = inetPeers(stack.ipv4);
  let p = peers.get(ip);
  if (!p) {
    // inet_getpeer starts rate_last 60 s in the past, so the first errors pass at once.
    const now = stack.env.now();
    p = { tokens: 0, last: now - 60 * NS, redirects: 0, errTokens: 0, errLast: now - 60 * NS };
    peers.set(ip, p);
  }
  return p;
}

/** inet_peer_xrlim_allow: a token bucket of icmp_ratelimit ms per message, burst 6. */
function xrlimAllow(stack: Stack, dst: Ip4, type: number): boolean {
  const mask = stack.sysctl.global['net.ipv4.icmp_ratemask'];
  if (type > 31 || !((mask >> type) & 1)) return true;
  const timeout = stack.sysctl.global['net.ipv4.icmp_ratelimit'] * 1_000_000;
  if (timeout === 0) return true;
  const p = peer(stack, dst);
  const now = stack.env.now();
  p.tokens = Math.min(p.tokens + (now - p.last), 6 * timeout);
  p.last = now;
  if (p.tokens >= timeout) {
    p.tokens -= timeout;
    return true;
  }
  return false;
}

/**
 * __icmp_send. Never about ICMP errors, broadcasts or non-host frames. The source is the
 * offending packet's destination if that was us, else chosen by routing back to its source.
 */
export function icmpSend(stack: Stack, skbIn: SkBuff, type: number, code: number, info: number, fromLinkFailure = false): void {
  const inPkt = skbIn.pkt;
  if (skbIn.pktType !== 'host') return;
  if (isLbcast(inPkt.dst) || isMulticast(inPkt.dst) || skbIn.dst?.type === 'broadcast') return;
  const l4 = inPkt.payload;
  if (l4.kind === 'icmp' && (ERROR_TYPES.has(l4.type) || l4.type > 18)) return;
  const weAreDst = skbIn.dst?.type === 'local' && !fromLinkFailure;
  const saddr = weAreDst ? inPkt.dst : 0;
  const route = routeOutput(stack, { dst: inPkt.src, src: saddr || undefined, tos: (inPkt.tos & 0x1e) | IPTOS_PREC_INTERNETCONTROL, anySrc: true });
  if (!route.ok) return;
  // A redirect sent to this peer at this very instant (for this packet) stamped rate_last.
  const known = stack.ipv4.peersMade?.get(inPkt.src);
  const redirectJustSent = known !== undefined && known.redirects > 0 && known.last === stack.env.now();
  if (!route.dev.loopback && !xrlimAllow(stack, inPkt.src, type)) {
    const code = redirectJustSent ? 'icmp_ratelimit_redirect' : 'icmp_ratelimit';
    stack.trace({ layer: 'icmp', kind: 'drop', packet: inPkt, reason: { code, type, dst: inPkt.src }, facts: { sysctl: 'net.ipv4.icmp_ratelimit' } });
    return;
  }
  const quoted = Math.min(ipv4Length(inPkt), 576 - 20 - 8);
  // info is the redirect's gateway, or fragmentation needed's next-hop MTU.
  const msg: IcmpMessage = type === ICMP_REDIRECT
    ? { kind: 'icmp', type, code, gateway: info, original: inPkt, quotedLength: quoted }
    : type === ICMP_DEST_UNREACH && code === 4 ? { kind: 'icmp', type, code, mtu: info, original: inPkt, quotedLength: quoted } : { kind: 'icmp', type, code, original: inPkt, quotedLength: quoted };
  const pkt: Ipv4Packet = { kind: 'ipv4', tos: IPTOS_PREC_INTERNETCONTROL, id: stack.nextIpId(), df: false, ttl: stack.defaultTtl, src: route.src, dst: inPkt.src, payload: msg };
  stack.trace({ layer: 'icmp', kind: type === ICMP_REDIRECT ? 'redirect' : 'icmp-error', packet: pkt, reason: { code: 'icmp_sent', message: msg } });
  // icmp_glue_bits → nf_ct_attach: an error belongs to the connection of the packet it quotes,
  // in the other direction, even one never confirmed (its first packet died here).
  const ct = skbIn.ct ? { ct: skbIn.ct, ctReply: !skbIn.ctReply, ctInfo: 'related' as const } : {};
  ipLocalOut(stack, makeSkb(pkt, true, { sk: CTL_SK, ...ct }), route);
}

/** ip_error: a forwarded packet hit no route or an error route. Blackhole stays silent. */
export function ipError(stack: Stack, skb: SkBuff, errno: number): void {
  const code = errno === Errno.EHOSTUNREACH ? 1 : errno === Errno.ENETUNREACH ? 0 : errno === Errno.EACCES ? 13 : -1;
  if (code < 0) return;
  const p = peer(stack, skb.pkt.src);
  const now = stack.env.now();
  // ip_rt_error_cost 1 s, ip_rt_error_burst 5 s, on the same inet_peer tokens as icmp_send's
  // own limit, which charges the message again: from a fresh peer only two get out (traceroute
  // through a router without a route shows "!N !N *" on Linux 6.18).
  p.tokens = Math.min(p.tokens + (now - p.last), 5 * NS);
  p.last = now;
  if (p.tokens < NS) return;
  p.tokens -= NS;
  icmpSend(stack, skb, ICMP_DEST_UNREACH, code, 0);
}

/**
 * ip_rt_send_redirect: at most ip_rt_redirect_number (9), spaced by load << n. It keeps its
 * clock in the same inet_peer fields as icmp_send's own limit (rate_last, rate_tokens): after
 * ip_rt_redirect_silence it empties the tokens, and each redirect stamps rate_last, so an ICMP
 * error for the same packet right after (a FORWARD REJECT) finds no token and is not sent.
 */
export function ipRtSendRedirect(stack: Stack, skb: SkBuff): void {
  const out = skb.dst!.dev;
  if (!stack.sysctl.orConf(out.name, 'send_redirects')) return;
  const p = peer(stack, skb.pkt.src);
  const now = stack.env.now();
  if (now > p.last + REDIRECT_SILENCE) {
    p.tokens = 0;
    p.redirects = 0;
  }
  if (p.redirects >= REDIRECT_NUMBER) {
    p.last = now;
    return;
  }
  if (p.redirects === 0 || now > p.last + REDIRECT_LOAD * 2 ** p.redirects) {
    // Observed on Linux 6.18 (fixtures/kernel/kernel-redirect, kernel-reject-redirect): once
    // the nat table has a chain in use, no redirect reaches the wire, yet the bookkeeping
    // above and below still runs, so a REJECT for the packet stays silent all the same.
    if (stack.nf.natInUse()) stack.trace({ layer: 'icmp', kind: 'redirect', packet: skb.pkt, reason: { code: 'redirect_nat' } });
    else icmpSend(stack, skb, ICMP_REDIRECT, 1, skb.dst!.gateway ?? skb.pkt.dst);
    p.last = now;
    p.redirects++;
  }
}

/** icmp_rcv: answer echo requests; hand echo replies and errors to sockets. */
export function icmpRcv(stack: Stack, skb: SkBuff): void {
  const p = skb.pkt;
  const m = p.payload as IcmpMessage;
  stack.sockets.rawDeliver(skb);
  if (m.type === ICMP_ECHO) {
    if (stack.sysctl.global['net.ipv4.icmp_echo_ignore_all']) return;
    if (skb.dst?.type === 'broadcast' && stack.sysctl.global['net.ipv4.icmp_echo_ignore_broadcasts']) return;
    const reply: Ipv4Packet = {
      kind: 'ipv4',
      tos: p.tos,
      id: stack.nextIpId(),
      df: false,
      ttl: stack.defaultTtl,
      src: p.dst,
      dst: p.src,
      payload: { kind: 'icmp', type: ICMP_ECHOREPLY, code: 0, id: m.id, seq: m.seq, data: m.data },
    };
    const route = routeOutput(stack, { dst: p.src, src: p.dst, tos: p.tos, anySrc: true });
    if (!route.ok) {
      stack.trace({ layer: 'icmp', kind: 'drop', packet: reply, reason: { code: 'echo_reply_no_route', dst: p.src, route: route.reason } });
      return;
    }
    stack.trace({ layer: 'icmp', kind: 'reply', port: route.dev.name, packet: reply, dir: 'reply', reason: { code: 'echo_reply', from: p.dst } });
    ipLocalOut(stack, makeSkb(reply, true, { sk: CTL_SK }), route);
    return;
  }
  if (m.type === ICMP_DEST_UNREACH || m.type === ICMP_TIME_EXCEEDED) stack.sockets.icmpError(skb);
  if (m.type === ICMP_REDIRECT) ipDoRedirect(stack, skb, m);
}

