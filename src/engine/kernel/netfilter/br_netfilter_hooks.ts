import { ETH_P_IP, type EthernetFrame, type Ipv4Packet } from '../../wire/types';
import { ethertypeOf } from '../../wire/ethernet';
import { isMulticastMac } from '../../addr/mac';
import { arpTbl } from '../arp';
import { ipError } from '../icmp';
import type { Bridge } from '../bridge';
import { describeRoute } from '../describe';
import { devQueueXmit } from '../link';
import type { NetDevice } from '../netdevice';
import { routeInput, rxFlowKeys } from '../route';
import { rxSkb, type SkBuff } from '../skbuff';
import type { Stack } from '../stack';

/*
 * br_netfilter (net/bridge/br_netfilter_hooks.c): with net.bridge.bridge-nf-call-iptables on
 * in the bridge's namespace, a bridged IPv4 frame passes iptables as if the bridge were a
 * router interface: PREROUTING (raw, conntrack, mangle, nat) with in=the bridge when it enters
 * (br_nf_pre_routing), FORWARD (mangle, filter) with in=out=the bridge once the bridge chose a
 * port (br_nf_forward_ip), POSTROUTING (mangle, nat) with out=the bridge just before it leaves
 * (br_nf_post_routing). The ports it entered and leaves by ride beside it (nf_bridge_info) for
 * -m physdev. A frame for the box itself goes up with PREROUTING done (ip_sabotage_in).
 */

/** br_nf_pre_routing's test: the module is loaded here, call-iptables is on, and the frame is IPv4. */
export function brNfApplies(stack: Stack, frame: EthernetFrame): boolean {
  return stack.sysctl.bridge?.callIptables === true && ethertypeOf(frame) === ETH_P_IP;
}

/**
 * br_nf_pre_routing → setup_pre_routing: the packet enters iptables PREROUTING from the bridge
 * device, a frame for another host counting as for this one (PACKET_OTHERHOST becomes HOST).
 */
export function brNfPreRouting(stack: Stack, br: Bridge, port: NetDevice, frame: EthernetFrame): void {
  const pkt = frame.payload as Ipv4Packet;
  const skb = rxSkb(pkt, br.dev, isMulticastMac(frame.dst) ? 'broadcast' : 'host', { src: frame.src, dst: frame.dst });
  skb.nfBridge = { physindev: port };
  if (stack.tracing) stack.trace({ layer: 'bridge', kind: 'hook', port: port.name, frame, reason: { code: 'brnf_call_iptables', bridge: br.dev.name, port: port.name }, facts: { sysctl: 'net.bridge.bridge-nf-call-iptables=1' } });
  if (stack.nf.prerouting(skb, br.dev) === 'DROP') return;
  brNfPreRoutingFinish(stack, br, port, frame, skb, pkt.dst);
}

/**
 * br_nf_pre_routing_finish: an unchanged destination goes on through the bridge. A destination
 * DNAT changed is routed (from the bridge device): out of the bridge itself it is bridged
 * again to the new address's owner (bridged_dnat); anywhere else (another interface, this box)
 * the frame is readdressed to the bridge and goes up to IP. A destination that cannot be
 * routed is dropped (ip_error: with forwarding on, an ICMP unreachable for a missing route).
 */
function brNfPreRoutingFinish(stack: Stack, br: Bridge, port: NetDevice, frame: EthernetFrame, skb: SkBuff, origDaddr: number): void {
  const p = skb.pkt;
  let out: EthernetFrame = p === frame.payload ? frame : { ...frame, payload: p };
  if (p.dst === origDaddr) {
    // bridge_parent_rtable: the bridge's fake route, so FORWARD's matches see a route out of it.
    skb.dst = { type: 'forward', dev: br.dev };
    return br.handleFrameFinish(port, out, skb);
  }
  const rt = routeInput(stack, p.src, p.dst, p.tos, skb.mark, br.dev, rxFlowKeys(p));
  if (!rt.ok) {
    const facts: Record<string, string | number> = { reason: rt.cause };
    if (rt.cause === 'not-forwarding') facts.sysctl = `net.ipv4.conf.${br.dev.name}.forwarding=0`;
    stack.trace({ layer: 'ip', kind: 'drop', port: br.dev.name, packet: p, reason: { code: 'input_route', route: rt.reason }, facts });
    // No route: the packet goes up with the kernel's error route and ip_error answers it, as a routed one's would.
    if (rt.cause === 'unreachable' && stack.sysctl.forwarding(br.dev.name)) ipError(stack, skb, rt.errno);
    return;
  }
  if (rt.type === 'forward' && rt.dev === br.dev) {
    if (stack.tracing) stack.trace({ layer: 'bridge', kind: 'route', port: br.dev.name, packet: p, reason: { code: 'brnf_dnat_bridged', dst: p.dst, bridge: br.dev.name }, facts: { route: describeRoute(rt, stack) } });
    return brNfPreRoutingFinishBridge(stack, br, port, frame, skb, rt.gateway ?? p.dst);
  }
  if (stack.tracing) stack.trace({ layer: 'bridge', kind: 'route', port: br.dev.name, packet: p, reason: { code: 'brnf_dnat_routed', dst: p.dst, bridge: br.dev.name } });
  out = { ...out, dst: br.dev.mac };
  br.handleFrameFinish(port, out, skb);
}

/**
 * br_nf_pre_routing_finish_bridge: the new destination's neighbour (on the bridge device)
 * gives the frame its destination address, resolving it first if needed; the source address
 * stays the sender's, and the frame re-enters the bridge from the port it came in by.
 */
function brNfPreRoutingFinishBridge(stack: Stack, br: Bridge, port: NetDevice, frame: EthernetFrame, skb: SkBuff, nexthop: number): void {
  skb.nfBridge!.bridgedDnat = true;
  arpTbl(stack).output(br.dev, nexthop, skb, {
    send: (_stack, s, mac) => br.handleFrameFinish(port, { src: frame.src, dst: mac, payload: s.pkt }, s),
  });
}

/**
 * __br_forward with a packet br_netfilter hooked: FORWARD (br_nf_forward_ip, the out port now
 * known), then POSTROUTING (br_nf_post_routing: no in device), then the port sends it.
 */
export function brNfForward(stack: Stack, br: Bridge, to: NetDevice, frame: EthernetFrame, skb: SkBuff): void {
  skb.nfBridge!.physoutdev = to;
  if (stack.nf.forward(skb, br.dev, br.dev) !== 'ACCEPT') return;
  const inDev = skb.inDev;
  skb.inDev = undefined;
  const verdict = stack.nf.postrouting(skb, br.dev);
  skb.inDev = inDev;
  if (verdict === 'DROP') return;
  const out = skb.pkt === frame.payload ? frame : { ...frame, payload: skb.pkt };
  devQueueXmit(stack, to, out, skb.ct ? (skb.ctReply ? 'reply' : 'original') : undefined);
}

/** deliver_clone: each port a broadcast is flooded to gets its own copy through the hooks. */
export function brNfClone(skb: SkBuff): SkBuff {
  return { ...skb, nfBridge: { ...skb.nfBridge! } };
}
