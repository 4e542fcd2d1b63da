import { MAC_BROADCAST, type Mac } from '../addr/mac';
import { keptObjectMaker } from '../wire/kept-object';
import type { EthernetFrame, Ipv4Packet } from '../wire/types';
import { arpTbl } from './arp';
import { Errno } from './errors';
import { devQueueXmit } from './link';
import { hasHeaderOps } from './netdevice';
import type { NeighOutput } from './neighbour';
import { flowKeysOf, routeOutput, type OutputRoute } from './route';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import { describeRoute, describeRule, routeLookupFacts } from './describe';

/*
 * The output path (ip_output.c): LOCAL_OUT (with re-routing after mangle/nat changes), then
 * dst_output: loopback for local routes, else POSTROUTING and the neighbour layer.
 */

/** __ip_local_out for a routed packet. Returns 0 or the errno the sender sees. */
export function ipLocalOut(stack: Stack, skb: SkBuff, route: OutputRoute): number {
  if (stack.tracing) stack.trace({
    layer: 'ip',
    kind: 'route',
    port: route.dev.name,
    packet: skb.pkt,
    reason: route.type === 'local' ? { code: 'output_local', dst: skb.pkt.dst } : { code: 'output_route', route: describeRoute(route, stack), gateway: route.gateway, redirected: route.redirected ?? false },
    facts: routeFacts(route, stack),
  });
  skb.dst = { type: route.type === 'local' ? 'local' : route.type === 'broadcast' ? 'broadcast' : 'unicast', dev: route.dev, gateway: route.gateway };
  const res = stack.nf.output(skb, route.dev);
  if (res.verdict === 'DROP') return Errno.EPERM;
  // Taken by a hook and sent on (IPVS): the sender's send succeeded.
  if (res.verdict === 'STOLEN') return 0;
  if (res.reroute) {
    const again = routeOutput(stack, { dst: skb.pkt.dst, src: skb.pkt.src, mark: skb.mark, anySrc: true, oif: skb.boundDev, keys: flowKeysOf(skb.pkt) });
    if (!again.ok) {
      stack.trace({ layer: 'ip', kind: 'drop', packet: skb.pkt, reason: { code: 'reroute_failed', route: again.reason } });
      return again.errno;
    }
    stack.trace({ layer: 'ip', kind: 'route', port: again.dev.name, packet: skb.pkt, reason: { code: 'rerouted', route: describeRoute(again, stack), gateway: again.gateway }, facts: routeFacts(again, stack) });
    skb.dst = { type: again.type === 'local' ? 'local' : 'unicast', dev: again.dev, gateway: again.gateway };
  }
  return dstOutput(stack, skb);
}

/** Shared by the events that name the same route and rule (see routeLookupFacts): never mutate it. */
export function routeFacts(r: OutputRoute | { fib?: OutputRoute['fib']; rule?: OutputRoute['rule'] }, stack?: Stack): Readonly<Record<string, string | number>> {
  if (r.fib) return routeLookupFacts(r, stack);
  return r.rule ? { rule: describeRule(r.rule, stack) } : {};
}

/** dst_output: ip_output (POSTROUTING, neighbour) or the loopback device. */
export function dstOutput(stack: Stack, skb: SkBuff): number {
  const dst = skb.dst!;
  if (dst.type === 'local' || dst.dev.loopback) {
    // POSTROUTING still runs for looped-back packets (ip_output on lo).
    if (stack.nf.postrouting(skb, stack.lo) === 'DROP') return Errno.EPERM;
    if (stack.tracing) stack.trace({ layer: 'ip', kind: 'output', port: 'lo', packet: skb.pkt, dir: skb.ct ? (skb.ctReply ? 'reply' : 'original') : undefined, reason: { code: 'output_local', dst: skb.pkt.dst } });
    // loopback_xmit's eth_type_trans: the header lo "sent", all zeros but the type.
    const looped: SkBuff = { ...skb, inDev: stack.lo, macHeader: { src: stack.lo.mac, dst: stack.lo.mac } };
    devQueueXmit(stack, stack.lo, { src: stack.lo.mac, dst: stack.lo.mac, payload: skb.pkt }, undefined, looped);
    return 0;
  }
  if (stack.nf.postrouting(skb, dst.dev) === 'DROP') return Errno.EPERM;
  return ipFinishOutput(stack, skb);
}

/** ip_finish_output2: hand the packet to the neighbour of its nexthop. */
function ipFinishOutput(stack: Stack, skb: SkBuff): number {
  const dst = skb.dst!;
  const dev = dst.dev;
  const pkt = skb.pkt;
  if (dst.type === 'broadcast') {
    devQueueXmit(stack, dev, { src: dev.mac, dst: MAC_BROADCAST, payload: pkt });
    return 0;
  }
  if (!hasHeaderOps(dev)) {
    // neigh_direct_output: no link-layer header to fill in (an ipip tunnel); the device gets the packet.
    devQueueXmit(stack, dev, { src: dev.mac, dst: dev.mac, payload: pkt }, undefined, skb);
    return 0;
  }
  arpTbl(stack).output(dev, dst.gateway ?? pkt.dst, skb, NEIGH_OUTPUT);
  return 0;
}

/** A routed packet's frame, made by a constructor (wire/kept-object.ts: a run keeps the one each hop makes). */
const RoutedFrame = keptObjectMaker(function (this: { -readonly [K in keyof EthernetFrame]: EthernetFrame[K] }, src: Mac, dst: Mac, payload: Ipv4Packet) {
  this.src = src; this.dst = dst; this.payload = payload;
});

/** neigh_resolve_output's end for a routed packet (one object: nothing built per packet). */
const NEIGH_OUTPUT: NeighOutput = {
  send(stack, skb, mac) {
    const dev = skb.dst!.dev;
    const frame: EthernetFrame = new RoutedFrame(dev.mac, mac, skb.pkt);
    devQueueXmit(stack, dev, frame, skb.ct ? (skb.ctReply ? 'reply' : 'original') : undefined);
  },
};
