import type { Reason, ReasonOf } from '../trace/reason';
import { keptObjectMaker } from '../wire/kept-object';
import { UNSET_TIME, type Direction, type TraceEvent } from '../trace/types';
import type { Ipv4Packet } from '../wire/types';
import { withTtl } from '../wire/ipv4';
import { icmpSend, ipRtSendRedirect } from './icmp';
import { dstOutput } from './ip_output';
import type { NetDevice } from './netdevice';
import type { Dst, SkBuff } from './skbuff';
import type { Stack } from './stack';

/** ip_forward: TTL, redirects, FORWARD, then out like any routed packet. */
export function ipForward(stack: Stack, skb: SkBuff): void {
  const p = skb.pkt;
  const out = skb.dst!.dev;
  if (skb.pktType !== 'host') {
    stack.trace({ layer: 'ip', kind: 'drop', packet: p, reason: { code: 'not_forwarded_otherhost' } });
    return;
  }
  if (p.ttl <= 1) {
    stack.trace({ layer: 'ip', kind: 'drop', port: skb.inDev?.name, packet: p, reason: { code: 'ttl_expired', ttl: p.ttl } });
    icmpSend(stack, skb, 11, 0, 0);
    return;
  }
  const before = p;
  skb.pkt = withTtl(p, p.ttl - 1);
  if (skb.doRedirect) ipRtSendRedirect(stack, skb);
  if (stack.nf.forward(skb, skb.inDev!, out) !== 'ACCEPT') return;
  if (stack.tracing) {
    const reason = forwardedReason(skb.dst!, skb.inDev!.name, out, p.ttl);
    const t = stack.traceTime();
    stack.traceWhole(skb.ct ? new ForwardedWithDir(out.name, skb.pkt, before, skb.ctReply ? 'reply' : 'original', reason, t, stack.traceLabel) : new Forwarded(out.name, skb.pkt, before, undefined, reason, t, stack.traceLabel));
  }
  dstOutput(stack, skb);
}

/*
 * A forwarded packet's event, made by a constructor (wire/kept-object.ts: a run keeps one per
 * router hop). A `dir` key only with conntrack (a key holding undefined costs its slot in every event).
 */
const Forwarded = keptObjectMaker(function (this: TraceEvent, port: string, packet: Ipv4Packet, before: Ipv4Packet, _dir: Direction | undefined, reason: Reason, t: number, device: string) {
  this.layer = 'ip'; this.kind = 'forward'; this.port = port; this.packet = packet; this.before = before; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});
const ForwardedWithDir = keptObjectMaker(function (this: TraceEvent, port: string, packet: Ipv4Packet, before: Ipv4Packet, dir: Direction | undefined, reason: Reason, t: number, device: string) {
  this.layer = 'ip'; this.kind = 'forward'; this.port = port; this.packet = packet; this.before = before; this.dir = dir; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});

/** Each packet of a flow through a router is forwarded for the same reason: its route keeps one object for their trace events while it says the same. */
function forwardedReason(dst: Dst, from: string, out: NetDevice, ttl: number): ReasonOf<'forwarded'> {
  const kept = dst.forwarded;
  if (kept && kept.from === from && kept.to === out.name && kept.gateway === dst.gateway && kept.ttl === ttl) return kept;
  return (dst.forwarded = { code: 'forwarded', from, to: out.name, gateway: dst.gateway, ttl });
}
