import { keptObjectMaker } from '../wire/kept-object';
import type { Reason } from '../trace/reason';
import { UNSET_TIME, type TraceEvent } from '../trace/types';
import { ETH_P_IP, type Ipv4Packet } from '../wire/types';
import { describeRoute, routeLookupFacts } from './describe';
import { icmpRcv, ipError } from './icmp';
import { ipForward } from './ip_forward';
import { ipipRcv } from './ipip';
import type { PacketType } from './link';
import type { NetDevice } from './netdevice';
import { rxFlowKeys } from './route';
import { routeInputCached } from './route_input_cache';
import { rxSkb, type Dst, type MacHeader, type SkBuff } from './skbuff';
import type { FibResult } from './fib';
import type { Ip4 } from '../addr/ipv4';
import type { Stack } from './stack';

/* The receive path (ip_input.c): PREROUTING, the input route, then local delivery or forwarding. */

/** ip_packet_type: IPv4 frames for this host; a packet looped back through lo arrives with its skb. */
export const IP_PACKET_TYPE: PacketType = {
  type: ETH_P_IP,
  func(stack, dev, frame, pktType, skb) {
    // A frame br_netfilter already took through PREROUTING (ip_sabotage_in): routed, not hooked again.
    if (skb?.nfBridge) return ipRcvFinish(stack, skb);
    if (skb) return ipRcvLoopback(stack, skb);
    ipRcv(stack, dev, frame.payload as Ipv4Packet, pktType as 'host' | 'broadcast', frame);
  },
};

export function ipRcv(stack: Stack, dev: NetDevice, pkt: Ipv4Packet, pktType: 'host' | 'broadcast', macHeader?: MacHeader): void {
  const skb = rxSkb(pkt, dev, pktType, macHeader);
  if (stack.nf.prerouting(skb, dev) === 'DROP') return;
  ipRcvFinish(stack, skb);
}

/** A packet looped back through lo keeps its route and connection (ip_rcv_finish skips routing). */
export function ipRcvLoopback(stack: Stack, skb: SkBuff): void {
  if (stack.nf.prerouting(skb, stack.lo) === 'DROP') return;
  ipLocalDeliver(stack, skb);
}

export function ipRcvFinish(stack: Stack, skb: SkBuff): void {
  const dev = skb.inDev!;
  const p = skb.pkt;
  const rt = routeInputCached(stack, p.src, p.dst, p.tos, skb.mark, dev, rxFlowKeys(p));
  if (!rt.ok) {
    const facts: Record<string, string | number> = { reason: rt.cause };
    if (rt.cause === 'rpf') facts.sysctl = `net.ipv4.conf.${dev.name}.rp_filter=${stack.sysctl.maxConf(dev.name, 'rp_filter')}`;
    if (rt.cause === 'not-forwarding') facts.sysctl = `net.ipv4.conf.${dev.name}.forwarding=0`;
    if (rt.fib) facts.route = describeRoute(rt, stack);
    stack.trace({ layer: 'ip', kind: 'drop', port: dev.name, packet: p, reason: { code: 'input_route', route: rt.reason }, facts });
    if (rt.cause === 'unreachable' && stack.sysctl.forwarding(dev.name)) ipError(stack, skb, rt.errno);
    return;
  }
  if (rt.type === 'forward') {
    skb.dst = inputForwardDst(rt.fib!, rt.dev!, rt.gateway);
    skb.doRedirect = rt.doRedirect;
    if (stack.tracing) {
      // A kept route's facts hold while it does: rt_genid moves with every name they print.
      const facts = rt.traceFacts ?? (rt.traceFacts = routeLookupFacts(rt, stack));
      const reason = rt.traceReason ?? (rt.traceReason = { code: 'input_forward', route: facts.route! });
      stack.traceWhole(new ForwardRoute(dev.name, p, reason, facts, stack.traceTime(), stack.traceLabel));
    }
    ipForward(stack, skb);
    return;
  }
  const facts = stack.tracing ? routeLookupFacts(rt, stack) : undefined;
  const route = facts ? facts.route! : '';
  if (facts) stack.trace({ layer: 'ip', kind: 'route', port: dev.name, packet: p, reason: rt.type === 'broadcast' ? { code: 'input_broadcast', dst: p.dst } : { code: 'input_local', dst: p.dst, route }, facts });
  skb.dst = { type: rt.type === 'broadcast' ? 'broadcast' : 'local', dev: stack.lo };
  ipLocalDeliver(stack, skb);
}

/** A forwarded packet's input route event, made by a constructor (wire/kept-object.ts: a run keeps one per router hop). */
const ForwardRoute = keptObjectMaker(function (this: TraceEvent, port: string, packet: Ipv4Packet, reason: Reason, facts: TraceEvent['facts'], t: number, device: string) {
  this.layer = 'ip'; this.kind = 'route'; this.port = port; this.packet = packet; this.reason = reason; this.facts = facts; this.t = UNSET_TIME; this.device = device; this.t = t;
});

/** ip_local_deliver: INPUT, then the transport protocol. */
export function ipLocalDeliver(stack: Stack, skb: SkBuff): void {
  if (stack.nf.input(skb, skb.inDev!) !== 'ACCEPT') return;
  const p = skb.pkt;
  const l4 = p.payload;
  if (l4.kind === 'icmp') return icmpRcv(stack, skb);
  if (l4.kind === 'tcp') return stack.sockets.tcpRcv(skb);
  if (l4.kind === 'udp') return stack.sockets.udpRcv(skb);
  if (l4.kind === 'ipip') return ipipRcv(stack, skb, ipRcvFinish);
}

/** rt_cache_route: the route keeps the input route it made (nhc_rth_input), and every packet it forwards shares it. */
function inputForwardDst(res: FibResult, dev: NetDevice, gateway: Ip4 | undefined): Dst {
  const kept = res.rthInput;
  if (kept && kept.dev === dev && kept.gateway === gateway) return kept;
  return (res.rthInput = { type: 'forward', dev, gateway, forwarded: undefined });
}
