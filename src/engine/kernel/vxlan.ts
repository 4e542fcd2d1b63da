import { isMulticast, type Ip4 } from '../addr/ipv4';
import { MAC_ZERO, type Mac } from '../addr/mac';
import type { EthernetFrame, Ipv4Packet } from '../wire/types';
import { decodeFrame } from '../wire/ethernet';
import { WireDecodeError } from '../wire/bytes';
import { VXLAN_DEFAULT_PORT, VXLAN_FLAG_VNI, VXLAN_HLEN, decodeVxlan, encodeVxlan } from '../wire/vxlan';
import { Errno, KernelError } from './errors';
import { ipLocalOut } from './ip_output';
import { devNewIndex, netifReceive, registerNetdevice, unregisterNetdevice } from './link';
import { NetDevice } from './netdevice';
import { routeOutput } from './route';
import { skb as makeSkb } from './skbuff';
import type { Stack } from './stack';
import type { UdpSock } from './udp';
import { devAllocName, ethRandomAddr } from './veth';
import { VxlanFdb, type VxlanRdst } from './vxlan_fdb';
import { udpFlowSrcPort } from './vxlan_flow';

/*
 * A VXLAN device (drivers/net/vxlan/vxlan_core.c): an Ethernet device whose frames leave as UDP
 * datagrams to the remote VTEPs its FDB names (vxlan_xmit), through the namespace's routing and
 * OUTPUT/POSTROUTING like any local packet (udp_tunnel_xmit_skb → ip_local_out), and whose
 * received frames arrive on a UDP socket bound to the destination port while a device using it
 * is up (vxlan_open / vxlan_sock_add), to be handed to the device with the datagram's VNI.
 */

/** VXLAN_HEADROOM: the outer IPv4, UDP and VXLAN headers and the inner Ethernet header. */
export const VXLAN_HEADROOM = 20 + 8 + VXLAN_HLEN + 14;

/** IFLA_VXLAN_*: what `ip link add ... type vxlan` sends. */
export interface VxlanConfig {
  vni: number;
  /** IFLA_VXLAN_GROUP: the remote VTEP, or a multicast group. */
  remote?: Ip4;
  /** IFLA_VXLAN_LOCAL: the outer source address (else the route's). */
  local?: Ip4;
  /** IFLA_VXLAN_LINK: the lower device's ifindex. */
  link?: number;
  /** IFLA_VXLAN_PORT; 0 or absent: the kernel's default 8472. */
  dstPort?: number;
  /** IFLA_VXLAN_PORT_RANGE: the outer source ports; 0 0 is the namespace's ip_local_port_range. */
  portMin?: number;
  portMax?: number;
  learning: boolean;
  /** IFLA_VXLAN_TTL (0: auto, the route's hop limit); IFLA_VXLAN_TTL_INHERIT: the inner packet's. */
  ttl?: number;
  ttlInherit?: boolean;
  /** IFLA_VXLAN_TOS; 1 is `inherit`. */
  tos?: number;
  /** IFLA_VXLAN_AGEING, seconds (default 300). */
  ageing?: number;
}

/** struct vxlan_dev: the device's configuration and FDB. */
export interface VxlanDev {
  /** vxlan->net: the namespace it was made in, whose routes and socket carry its datagrams even after the device moves. */
  readonly net: Stack;
  readonly cfg: Required<Omit<VxlanConfig, 'remote' | 'local' | 'link'>> & Pick<VxlanConfig, 'remote' | 'local'>;
  /** The lower device (kept here: vxlan has no ndo_get_iflink, so `ip link` prints no NAME@LOWER). */
  readonly lower?: NetDevice;
  readonly fdb: VxlanFdb;
}

/** struct vxlan_sock: one UDP socket per port, shared by the devices on it. */
interface VxlanSock {
  readonly udp: UdpSock;
  readonly devs: Set<NetDevice>;
}

const VXLANS = new WeakMap<NetDevice, VxlanDev>();
/** vxlan_net: the namespace's sockets by port. */
const SOCKS = new WeakMap<Stack, Map<number, VxlanSock>>();

export function vxlanOf(dev: NetDevice): VxlanDev | undefined {
  return VXLANS.get(dev);
}

/**
 * vxlan_newlink → vxlan_dev_configure: the source port range must be ordered, the VNI free on
 * its port; the MTU is the lower device's less VXLAN_HEADROOM (1500 without one); `remote`
 * makes the default (all-zeros) FDB entry, leaving by the lower device.
 */
export function vxlanNewlink(stack: Stack, name: string | undefined, conf: VxlanConfig): NetDevice {
  const lower = conf.link ? stack.devices.find((d) => d.ifindex === conf.link) : undefined;
  if (conf.link && !lower) throw new KernelError(Errno.ENODEV);
  const portMin = conf.portMin ?? 0;
  const portMax = conf.portMax ?? 0;
  if (portMax < portMin) throw new KernelError(Errno.EINVAL, 'Invalid source port range');
  const dstPort = conf.dstPort || VXLAN_DEFAULT_PORT;
  for (const d of stack.devices) {
    const other = VXLANS.get(d);
    if (other && other.cfg.vni === conf.vni && other.cfg.dstPort === dstPort) throw new KernelError(Errno.EEXIST, 'A VXLAN device with the specified VNI already exists');
  }
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'vxlan%d'), ethRandomAddr(stack), true, false, 'vxlan');
  dev.up = false;
  dev.qdiscNoop = true;
  if (lower) dev.mtu = lower.mtu - VXLAN_HEADROOM;
  const vx: VxlanDev = {
    net: stack,
    cfg: { vni: conf.vni, remote: conf.remote, local: conf.local, dstPort, portMin, portMax, learning: conf.learning, ttl: conf.ttl ?? 0, ttlInherit: conf.ttlInherit ?? false, tos: conf.tos ?? 0, ageing: conf.ageing ?? 300 },
    lower,
    fdb: new VxlanFdb(() => stack.env.now(), (conf.ageing ?? 300) * 1e9),
  };
  registerNetdevice(stack, dev);
  VXLANS.set(dev, vx);
  if (conf.remote) vx.fdb.update(MAC_ZERO, 'permanent', { ip: conf.remote, port: dstPort, vni: conf.vni, ifindex: lower?.ifindex ?? 0 }, 'append');
  dev.xmit = (d, frame) => vxlanXmit(stack, d, frame);
  return dev;
}

/**
 * vxlan_open / vxlan_stop: the port's socket, in the namespace the device was made in, is bound
 * while a device on it is up.
 */
export function vxlanChangeUp(dev: NetDevice): void {
  const vx = VXLANS.get(dev);
  if (!vx) return;
  const stack = vx.net;
  let socks = SOCKS.get(stack);
  if (!socks) SOCKS.set(stack, (socks = new Map()));
  const port = vx.cfg.dstPort;
  let vs = socks.get(port);
  if (dev.up) {
    if (!vs) {
      const udp = stack.sockets.udpBind(0, port, (data, from) => vxlanRcv(stack, port, data, from));
      if (typeof udp === 'number') {
        dev.up = false;
        throw new KernelError(udp);
      }
      socks.set(port, (vs = { udp, devs: new Set() }));
    }
    vs.devs.add(dev);
  } else if (vs) {
    vs.devs.delete(dev);
    if (vs.devs.size === 0) {
      vs.udp.close();
      socks.delete(port);
    }
  }
}

/** vxlan_dellink: closed, then unregistered. */
export function vxlanDellink(stack: Stack, dev: NetDevice): void {
  dev.up = false;
  vxlanChangeUp(dev);
  unregisterNetdevice(stack, dev);
}

/** vxlan_change_mtu: no more than the lower device's MTU less the headroom (a device without one: any). */
export function vxlanChangeMtu(dev: NetDevice, mtu: number): void {
  const lower = VXLANS.get(dev)?.lower;
  if (lower && mtu > lower.mtu - VXLAN_HEADROOM) throw new KernelError(Errno.EINVAL);
}

/**
 * vxlan_handle_lowerdev_unregister: a vxlan device goes with its lower device. FDB entries
 * bound to that device stay (`via if3`).
 */
export function vxlanLowerUnregistered(stack: Stack): void {
  for (const d of [...stack.devices]) {
    const lower = VXLANS.get(d)?.lower;
    if (lower && !stack.devices.includes(lower)) vxlanDellink(stack, d);
  }
}

/**
 * vxlan_xmit: the entry for the frame's destination MAC, else the default entry; without
 * either the frame is dropped. Every destination of the entry gets its own copy: clones go to
 * the second and later ones in order, and the frame itself to the first one, last.
 */
function vxlanXmit(stack: Stack, dev: NetDevice, frame: EthernetFrame): void {
  const vx = VXLANS.get(dev)!;
  const own = vx.fdb.find(frame.dst);
  const f = own ?? vx.fdb.find(MAC_ZERO);
  const entry = own ? frame.dst : MAC_ZERO;
  if (!f) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'vxlan_drop', dev: dev.name, detail: 'no_fdb', mac: frame.dst } });
    return;
  }
  const [first, ...others] = f.remotes;
  for (const rd of others) vxlanXmitOne(stack, dev, vx, frame, rd, entry);
  if (first) vxlanXmitOne(stack, dev, vx, frame, first, entry);
}

/**
 * vxlan_xmit_one for IPv4: the route to the remote (by the entry's or the device's lower
 * device, from `local`), TTL from the config or the route (1 to a group), DF unset, the outer
 * source port hashed from the inner flow, then udp_tunnel_xmit_skb: ip_local_out.
 */
function vxlanXmitOne(stack: Stack, dev: NetDevice, vx: VxlanDev, frame: EthernetFrame, rd: VxlanRdst, entry: Mac): void {
  if (!rd.ip) return;
  const dport = rd.port || vx.cfg.dstPort;
  const sport = udpFlowSrcPort(stack, frame, vx.cfg.portMin, vx.cfg.portMax);
  const oif = rd.ifindex ? stack.devices.find((d) => d.ifindex === rd.ifindex) : undefined;
  // A `local` the namespace does not own has no route (no FLOWI_FLAG_ANYSRC): the frame is dropped (tx_carrier_errors).
  const route = routeOutput(stack, { dst: rd.ip, src: vx.cfg.local, oif, keys: { proto: 17, sport, dport } });
  if (!route.ok) {
    stack.trace({ layer: 'ip', kind: 'drop', port: dev.name, frame, reason: { code: 'no_route', dst: rd.ip, route: route.reason } });
    return;
  }
  if (route.dev === dev) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'vxlan_drop', dev: dev.name, detail: 'circular_route', mac: frame.dst } });
    return;
  }
  const inner = frame.payload.kind === 'ipv4' ? frame.payload : undefined;
  const ttl = vx.cfg.ttlInherit && inner ? inner.ttl : vx.cfg.ttl || (isMulticast(rd.ip) ? 1 : stack.defaultTtl);
  const tos = vx.cfg.tos === 1 ? (inner?.tos ?? 0) : vx.cfg.tos;
  const pkt: Ipv4Packet = {
    kind: 'ipv4',
    tos,
    id: stack.nextIpId(),
    df: false,
    ttl,
    src: vx.cfg.local ?? route.src,
    dst: rd.ip,
    // udpcsum is on, left to the device (CHECKSUM_PARTIAL) as for a socket's datagrams.
    payload: { kind: 'udp', sport, dport, data: encodeVxlan(rd.vni, frame), partialChecksum: true },
  };
  stack.trace({ layer: 'link', kind: 'output', port: dev.name, frame, packet: pkt, reason: { code: 'vxlan_encap', dev: dev.name, vni: rd.vni, remote: rd.ip, port: dport, fdb: entry } });
  ipLocalOut(stack, makeSkb(pkt, true), route);
}

/**
 * vxlan_rcv (the socket's encap_rcv): the device with the datagram's VNI, up; a frame from
 * the device's own MAC is a loop; with learning, the inner source MAC is learned at the outer
 * source address (vxlan_snoop), and a static entry that would move drops the frame. The
 * inner frame is then received on the vxlan device (gro_cells_receive, the next softirq).
 */
function vxlanRcv(stack: Stack, port: number, data: Uint8Array, from: Ip4): void {
  const vs = SOCKS.get(stack)?.get(port);
  const hdr = data.length >= VXLAN_HLEN ? decodeVxlan(data) : undefined;
  if (!vs || !hdr || !(hdr.flags & VXLAN_FLAG_VNI)) return;
  // A device moved to another namespace went down without vxlan_stop here: it takes nothing until up again.
  const dev = [...vs.devs].find((d) => d.up && VXLANS.get(d)!.cfg.vni === hdr.vni);
  if (!dev) {
    stack.trace({ layer: 'udp', kind: 'drop', reason: { code: 'vxlan_drop', dev: '', detail: 'no_vni', vni: hdr.vni } });
    return;
  }
  let frame: EthernetFrame;
  try {
    frame = decodeFrame(data.subarray(VXLAN_HLEN));
  } catch (e) {
    if (e instanceof WireDecodeError) return;
    throw e;
  }
  const vx = VXLANS.get(dev)!;
  if (frame.src === dev.mac) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'vxlan_drop', dev: dev.name, detail: 'own_mac', mac: frame.src } });
    return;
  }
  if (vx.cfg.learning) (dev.netns ?? stack).stateChange('fdb');
  if (vx.cfg.learning && vx.fdb.snoop(frame.src, { ip: from, port: vx.cfg.dstPort, vni: vx.cfg.vni, ifindex: 0 })) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'vxlan_drop', dev: dev.name, detail: 'static_moved', mac: frame.src } });
    return;
  }
  // The device may live in another namespace than its socket (moved there, as a container's).
  const net = dev.netns ?? stack;
  net.trace({ layer: 'link', kind: 'frame-received', port: dev.name, frame, reason: { code: 'vxlan_decap', dev: dev.name, vni: hdr.vni, remote: from } });
  net.env.schedule(0, () => netifReceive(net, dev, frame));
}
