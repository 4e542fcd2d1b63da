import type { Ip4 } from '../addr/ipv4';
import type { EthernetFrame, Ipv4Packet } from '../wire/types';
import { Errno, KernelError } from './errors';
import { icmpSend } from './icmp';
import { ipLocalOut } from './ip_output';
import { devNewIndex, registerNetdevice, unregisterNetdevice } from './link';
import { NetDevice } from './netdevice';
import { routeOutput } from './route';
import { rxSkb, skb as makeSkb, type SkBuff } from './skbuff';
import type { Stack } from './stack';
import { devAllocName } from './veth';

/*
 * net/ipv4/ipip.c on net/ipv4/ip_tunnel.c: IPv4 in IPv4. Loading the module gives every
 * namespace the fallback device tunl0 (ip_tunnel_init_net), which takes any IPIP packet no
 * other tunnel claims once it is up; `ip link add NAME type ipip` adds tunnels keyed by their
 * remote and local addresses. A received packet's tunnel is found by ip_tunnel_lookup, and the
 * inner packet is received on that device (ip_tunnel_rcv → netif_rx → ip_rcv), so PREROUTING,
 * rp_filter and the input route all see it arrive on tunl0. Modelled, not recorded: the test
 * kernel has no ipip module.
 */

/** struct ip_tunnel_parm as ipip keeps it: the outer header's fixed fields. */
export interface IpTunnelParms {
  /** IFLA_IPTUN_LINK: the device the outer packets are bound to. */
  link?: NetDevice;
  local: Ip4;
  remote: Ip4;
  /** 0: inherit the inner packet's TTL. */
  ttl: number;
  /** 0: none; 1: inherit the inner packet's. */
  tos: number;
  /** iph.frag_off's DF: the outer packets carry DF. */
  pmtudisc: boolean;
  /** IFLA_IPTUN_PROTO: IPPROTO_IPIP, or 0 (any) as iproute2 asks by default. */
  proto: number;
}

/** The outer header's length (t_hlen; ipip adds no header of its own). */
const IPIP_HLEN = 20;
/** ETH_DATA_LEN - t_hlen: the MTU of a tunnel with no device to take it from. */
const IPIP_DEFAULT_MTU = 1500 - IPIP_HLEN;
const IPPROTO_IPIP = 4;

const params = new WeakMap<NetDevice, IpTunnelParms>();

/** struct ip_tunnel_net: a namespace's ipip tunnels (its fallback first). */
interface IpipNet {
  fb: NetDevice;
  tunnels: NetDevice[];
}
const perNet = new WeakMap<Stack, IpipNet>();

export const ipipParms = (dev: NetDevice): IpTunnelParms | undefined => params.get(dev);
export const ipipIsFallback = (dev: NetDevice, net: Stack): boolean => perNet.get(net)?.fb === dev;

/** ip_tunnel_bind_dev: the MTU is the lower device's (the bound one, else the route to the remote's) less the outer header. */
function bindMtu(stack: Stack, p: IpTunnelParms): number {
  let lower = p.link;
  if (!lower && p.remote) {
    const r = routeOutput(stack, { dst: p.remote, src: p.local || undefined, anySrc: true });
    if (r.ok) lower = r.dev;
  }
  return lower && !lower.loopback ? Math.max(68, lower.mtu - IPIP_HLEN) : IPIP_DEFAULT_MTU;
}

function tunnelDevice(stack: Stack, name: string, p: IpTunnelParms): NetDevice {
  // dev_addr is the local address and the broadcast the remote (link/ipip LOCAL brd|peer REMOTE).
  const dev = new NetDevice(devNewIndex(stack), name, '00:00:00:00:00:00', true, false, 'ipip');
  dev.up = false;
  dev.qdiscNoop = true;
  dev.mtu = bindMtu(stack, p);
  dev.xmit = (d, frame, _dir, skb) => ipipTunnelXmit(stack, d, frame, skb);
  params.set(dev, p);
  return registerNetdevice(stack, dev);
}

/** ipip_init_net → ip_tunnel_init_net: the module's fallback device in a namespace. */
export function ipipInitNet(net: Stack): void {
  if (perNet.has(net)) return;
  const fb = tunnelDevice(net, 'tunl0', { local: 0, remote: 0, ttl: 0, tos: 0, pmtudisc: false, proto: IPPROTO_IPIP });
  perNet.set(net, { fb, tunnels: [fb] });
}

/** ipip_exit_batch_rtnl: every ipip device of the namespace goes with the module. */
export function ipipExitNet(net: Stack): void {
  const itn = perNet.get(net);
  if (!itn) return;
  for (const d of itn.tunnels) if (net.devices.includes(d)) unregisterNetdevice(net, d);
  perNet.delete(net);
}

/** ipip_newlink → ip_tunnel_newlink: a tunnel with the same endpoints and device already there is EEXIST (tunl0 has none). */
export function ipipNewlink(net: Stack, name: string | undefined, p: IpTunnelParms): NetDevice {
  const itn = perNet.get(net);
  if (!itn) throw new KernelError(Errno.EOPNOTSUPP);
  const same = itn.tunnels.find((d) => {
    const q = params.get(d)!;
    return q.remote === p.remote && q.local === p.local && q.link === p.link;
  });
  if (same) throw new KernelError(Errno.EEXIST);
  const dev = tunnelDevice(net, name ?? devAllocName(net, 'ipip%d'), p);
  itn.tunnels.push(dev);
  return dev;
}

/** ip_tunnel_dellink: the fallback device stays (the call succeeds and does nothing). */
export function ipipDellink(net: Stack, dev: NetDevice): void {
  const itn = perNet.get(net);
  if (itn?.fb === dev) return;
  if (itn) itn.tunnels.splice(itn.tunnels.indexOf(dev), 1);
  unregisterNetdevice(net, dev);
}

/** ip_tunnel_lookup: exact endpoints, then remote only, then local only, then neither; a tunnel bound to the receiving device wins each pass; else tunl0 if up. */
function ipTunnelLookup(itn: IpipNet, rxDev: NetDevice, remote: Ip4, local: Ip4): NetDevice | undefined {
  const passes: ((p: IpTunnelParms) => boolean)[] = [
    (p) => p.remote === remote && p.local === local,
    (p) => p.remote === remote && p.local === 0,
    (p) => p.local === local && p.remote === 0,
    (p) => p.local === 0 && p.remote === 0,
  ];
  let cand: NetDevice | undefined;
  for (const pass of passes) {
    for (const d of itn.tunnels) {
      const p = params.get(d)!;
      if (!d.up || !pass(p) || d === itn.fb) continue;
      if (p.link === rxDev) return d;
      cand ??= d;
    }
  }
  if (cand) return cand;
  return itn.fb.up ? itn.fb : undefined;
}

/**
 * ipip_rcv (via tunnel4_rcv): the tunnel for the outer addresses takes the inner packet as if
 * it arrived on its device. Without the module protocol 4 has no handler (ICMP protocol
 * unreachable); with it but no tunnel up, tunnel4_rcv answers port unreachable.
 */
export function ipipRcv(stack: Stack, skb: SkBuff, ipRcvFinish: (stack: Stack, skb: SkBuff) => void): void {
  const outer = skb.pkt;
  const l4 = outer.payload;
  if (l4.kind !== 'ipip') return;
  const itn = perNet.get(stack);
  if (!itn) {
    stack.trace({ layer: 'ip', kind: 'drop', port: skb.inDev?.name, packet: outer, reason: { code: 'ip_no_protocol', protocol: IPPROTO_IPIP } });
    icmpSend(stack, skb, 3, 2, 0);
    return;
  }
  const dev = ipTunnelLookup(itn, skb.inDev!, outer.src, outer.dst);
  if (!dev) {
    stack.trace({ layer: 'ip', kind: 'drop', port: skb.inDev?.name, packet: outer, reason: { code: 'ipip_no_tunnel', remote: outer.src, local: outer.dst } });
    icmpSend(stack, skb, 3, 3, 0);
    return;
  }
  const p = params.get(dev)!;
  // ipip_tunnel_rcv: a tunnel for another inner protocol (mplsip) does not take it.
  if (p.proto !== IPPROTO_IPIP && p.proto !== 0) return;
  stack.trace({ layer: 'ip', kind: 'frame-received', port: dev.name, packet: l4.inner, reason: { code: 'ipip_decap', dev: dev.name, remote: outer.src, local: outer.dst } });
  // skb_scrub_packet: the inner packet starts afresh (no route, no conntrack entry), PACKET_HOST;
  // its mark stays (same namespace). Then ip_rcv on the tunnel device.
  const inner = rxSkb(l4.inner, dev, 'host');
  inner.mark = skb.mark;
  if (stack.nf.prerouting(inner, dev) === 'DROP') return;
  ipRcvFinish(stack, inner);
}

/** INET_ECN_encapsulate: the outer TOS with the inner's ECN bits (CE becomes ECT(0)). */
export function ecnEncapsulate(outerTos: number, innerTos: number): number {
  const inner = innerTos & 3;
  return (outerTos & ~3) | (inner === 3 ? 2 : inner);
}

/**
 * ipip_tunnel_xmit → ip_tunnel_xmit: a packet routed out through the tunnel goes inside one to
 * its remote, from its local address (else the route's source), TTL and TOS fixed or inherited,
 * DF when pmtudisc is on or the inner packet has it; then through LOCAL_OUT as the host's own.
 */
function ipipTunnelXmit(stack: Stack, dev: NetDevice, frame: EthernetFrame, skb?: SkBuff): void {
  const inner = frame.payload;
  if (inner.kind !== 'ipv4') return;
  const p = params.get(dev)!;
  // A tunnel without a remote (tunl0, an NBMA tunnel) sends to the inner route's next hop (rt_nexthop).
  const remote = p.remote || (skb?.dst?.gateway ?? inner.dst);
  const route = routeOutput(stack, { dst: remote, src: p.local || undefined, oif: p.link, anySrc: true });
  if (!route.ok || route.dev === dev) {
    stack.trace({ layer: 'ip', kind: 'drop', port: dev.name, packet: inner, reason: { code: 'ipip_no_route', dev: dev.name, remote } });
    return;
  }
  const df = p.pmtudisc || inner.df;
  const tos = ecnEncapsulate(p.tos === 1 ? inner.tos : p.tos, inner.tos);
  const outer: Ipv4Packet = {
    // iptunnel_xmit: __ip_select_ident, DF or not.
    kind: 'ipv4', tos, id: stack.nextIpId(), df, ttl: p.ttl || inner.ttl,
    src: p.local || route.src, dst: remote, payload: { kind: 'ipip', inner },
  };
  if (stack.tracing) stack.trace({ layer: 'ip', kind: 'output', port: dev.name, packet: outer, reason: { code: 'ipip_encap', dev: dev.name, remote } });
  ipLocalOut(stack, makeSkb(outer, true), route);
}
