import { rtCacheFlush } from './rt_genid';
import { MAC_BROADCAST, isMulticastMac } from '../addr/mac';
import type { Direction } from '../trace/types';
import { ethertypeOf } from '../wire/ethernet';
import type { EthernetFrame } from '../wire/types';
import { packetRcv } from './af_packet';
import { Errno, KernelError } from './errors';
import { insertedAt } from './exact';
import type { NetDevice } from './netdevice';
import { neighIfdown } from './neighbour';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import { vlanDoReceive } from './vlan_core';

/** printk level of netdev_info. */
const KERN_INFO = 6;

/* The device layer: what a NIC hands up (netif_receive_skb) and takes down (dev_queue_xmit). */

export type PktType = 'host' | 'broadcast' | 'otherhost';

/** struct packet_type: the protocol handler for one ethertype, registered with dev_add_pack. */
export interface PacketType {
  type: number;
  /** `skb` is set for a packet looped back through lo: it keeps its route and connection. */
  func(stack: Stack, dev: NetDevice, frame: EthernetFrame, pktType: PktType, skb?: SkBuff): void;
  /** The handler looks at frames for other hosts itself (arp_rcv); others never see them. */
  otherhost?: boolean;
}

/**
 * The table each registration leads to from each table, made once: every namespace registers the
 * same protocols in the same order, so they all end up holding one table, as their objects
 * share one hidden class. A table is never changed once made.
 */
const ptypeTransitions = new WeakMap<ReadonlyMap<number, PacketType>, Map<PacketType, ReadonlyMap<number, PacketType>>>();

/** dev_add_pack. */
export function devAddPack(stack: Stack, pt: PacketType): void {
  let from = ptypeTransitions.get(stack.ptype);
  if (!from) ptypeTransitions.set(stack.ptype, (from = new Map()));
  let next = from.get(pt);
  if (!next) from.set(pt, (next = new Map(stack.ptype).set(pt.type, pt)));
  stack.ptype = next;
}

/** dev_queue_xmit: a device without carrier drops at the qdisc; tcpdump never sees it. */
export function devQueueXmit(stack: Stack, dev: NetDevice, frame: EthernetFrame, dir?: Direction, skb?: SkBuff): void {
  if (!dev.running) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'link_down', dev: dev.name, up: dev.up } });
    return;
  }
  dev.xmit(dev, frame, dir, skb);
}

/** __netif_receive_skb: the rx_handler first (a bridge port's), then the handler for the ethertype. */
export function netifReceive(stack: Stack, dev: NetDevice, frameIn: EthernetFrame, skb?: SkBuff): void {
  if (!dev.up) return;
  // vlan_do_receive runs before any rx_handler: a tagged frame goes to the vlan device of its VID.
  const frame = frameIn.vlan ? vlanDoReceive(stack, dev, frameIn, netifReceive) : frameIn;
  if (!frame) return;
  if (dev.rxHandler && dev.rxHandler(dev, frame) !== 'pass') return;
  // A VID without a vlan device here: PACKET_OTHERHOST, which no protocol takes.
  if (frame.vlan) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'vlan_no_device', dev: dev.name, vid: frame.vlan.vid } });
    return;
  }
  const pktType = frame.dst === dev.mac ? 'host' : frame.dst === MAC_BROADCAST || isMulticastMac(frame.dst) ? 'broadcast' : 'otherhost';
  if (pktType !== 'otherhost') packetRcv(stack, dev, frame);
  // eth_type_trans: the frame's ethertype (ETH_P_IP, ETH_P_ARP; ETH_P_IPV6 later) picks the handler.
  const pt = stack.ptype.get(ethertypeOf(frame));
  if (!pt) return;
  if (pktType === 'otherhost' && !pt.otherhost) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'otherhost', dev: dev.name, dst: frame.dst, mac: dev.mac } });
    return;
  }
  pt.func(stack, dev, frame, pktType, skb);
}

/** dev_new_index: the next ifindex of the namespace; one is never reused while the namespace lives. */
export function devNewIndex(stack: Stack): number {
  return ++stack.lastIfindex;
}

/** register_netdevice: the name must be free; the device gets conf/ and neigh/ from `default`. */
export function registerNetdevice(stack: Stack, dev: NetDevice): NetDevice {
  if (stack.byName.has(dev.name)) throw new KernelError(Errno.EEXIST);
  stack.devices = insertedAt(stack.devices, stack.devices.length, dev);
  stack.byName.set(dev.name, dev);
  stack.sysctl.addDevice(dev.name);
  stack.lastIfindex = Math.max(stack.lastIfindex, dev.ifindex);
  return dev;
}

/**
 * unregister_netdevice: the device is closed and released from its master (a bridge releases
 * its ports), then everything that named it goes: its addresses (inetdev_destroy), every route
 * through it (fib_disable_ip), its neighbours (neigh_ifdown) and its sysctl directories.
 */
export function unregisterNetdevice(stack: Stack, dev: NetDevice): void {
  dev.master?.bridge?.delIf(dev);
  if (dev.bridge) {
    for (const port of [...dev.bridge.ports]) dev.bridge.delIf(port);
    if (stack.bridge === dev.bridge) stack.bridge = undefined;
  }
  dev.up = false;
  dev.carrier = false;
  dev.addrs.length = 0;
  rtCacheFlush();
  stack.fibFlush((r) => r.dev === dev);
  neighIfdown(stack, dev);
  stack.devices.splice(stack.devices.indexOf(dev), 1);
  stack.byName.delete(dev.name);
  stack.sysctl.removeDevice(dev.name);
}

/** dev_alloc_name (net/core/dev.c): the lowest free N of a `veth%d` pattern. */
export function devAllocName(stack: Stack, pattern: string): string {
  for (let n = 0; ; n++) {
    const name = pattern.replace('%d', String(n));
    if (!stack.byName.has(name)) return name;
  }
}

/**
 * dev_valid_name (net/core/dev.c): not empty, shorter than IFNAMSIZ (16), not "." or "..", and
 * no '/', ':' or whitespace.
 */
export function devValidName(name: string): boolean {
  return name.length > 0 && name.length < 16 && name !== '.' && name !== '..' && !/[/: \t\n\v\f\r]/.test(name);
}

/**
 * dev_change_name (netif_change_name): the same name is no change; an invalid one is EINVAL, a
 * `NAME%d` pattern takes its lowest free number (__dev_alloc_name: one `%d` only), a name in use
 * EEXIST. An up device may be renamed too (since 6.2, bd039b5ea2a9: no EBUSY), and the kernel
 * logs it. The sysctl directories move, an address label that was the old name (or began with
 * it, `eth0:1`) follows (inetdev_changename); routes and neighbours hold the device, not its name.
 */
export function devChangeName(stack: Stack, dev: NetDevice, newname: string): void {
  if (newname === dev.name) return;
  if (!devValidName(newname)) throw new KernelError(Errno.EINVAL);
  let name = newname;
  const pct = newname.indexOf('%');
  if (pct >= 0) {
    if (newname[pct + 1] !== 'd' || newname.includes('%', pct + 2)) throw new KernelError(Errno.EINVAL);
    name = devAllocName(stack, newname);
  } else if (stack.byName.has(name)) throw new KernelError(Errno.EEXIST);
  const old = dev.name;
  stack.byName.delete(old);
  stack.byName.set(name, dev);
  stack.sysctl.renameDevice(old, name);
  dev.name = name;
  for (const a of dev.addrs) {
    if (a.label === old) a.label = name;
    else if (a.label.startsWith(`${old}:`)) a.label = name + a.label.slice(old.length);
  }
  stack.printk.printk(stack.env.now(), KERN_INFO, `${name}: renamed from ${old}${dev.up ? ' (while UP)' : ''}`);
}
