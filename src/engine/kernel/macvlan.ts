import { isMulticastMac, type Mac } from '../addr/mac';
import type { Direction } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import { Errno, KernelError } from './errors';
import { devNewIndex, devQueueXmit, netifReceive, registerNetdevice, unregisterNetdevice } from './link';
import { NetDevice } from './netdevice';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import { devAllocName, ethRandomAddr } from './veth';

/*
 * macvlan (drivers/net/macvlan.c): devices with their own MAC address on one lower device.
 * The lower gets an rx_handler (macvlan_handle_frame) that hands a unicast frame to the child
 * whose address it is for (the lower's own stack never sees it), and a broadcast or multicast
 * to every child (later, from a work queue) and to the lower itself. What a child sends goes
 * out of the lower onto the wire (macvlan_queue_xmit), never up into the lower's own stack:
 * the box cannot reach its own macvlan children through the lower. In bridge mode a child's
 * frame for a sibling in bridge mode goes to it through the lower's receive path (tcpdump on
 * the lower sees it, its wire does not); vepa and private send everything
 * out (an external switch would have to send it back); passthru gives the one child the
 * lower's address and every unicast frame.
 */

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru';

/** struct macvlan_port: the children of one lower device. */
interface MacvlanPort {
  dev: NetDevice;
  /** The namespace the lower is in (its rx_handler runs there). */
  net: Stack;
  vlans: NetDevice[];
  passthru: boolean;
}

/** struct macvlan_dev, the child's private part. */
export interface MacvlanDev {
  mode: MacvlanMode;
  lowerdev: NetDevice;
  port: MacvlanPort;
  /** The namespace it was made in; `dev.netns` says where it moved since. */
  home: Stack;
}

const ports = new WeakMap<NetDevice, MacvlanPort>();
const vlans = new WeakMap<NetDevice, MacvlanDev>();

/** netdev_priv of a macvlan device. */
export function macvlanOf(dev: NetDevice): MacvlanDev | undefined {
  return vlans.get(dev);
}

/** The children of a lower device (its macvlan_port's list), in the order they were made. */
export function macvlanChildren(lower: NetDevice): readonly NetDevice[] {
  return ports.get(lower)?.vlans ?? [];
}

function netOf(dev: NetDevice, home: Stack): Stack {
  return dev.netns ?? home;
}

/** macvlan_hash_lookup: the child using this address. */
function hashLookup(port: MacvlanPort, mac: Mac): NetDevice | undefined {
  return port.vlans.find((v) => v.mac === mac);
}

const MODE_ALL: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru'];

const MACVLAN_HASH_BITS = 8n;
const GOLDEN_RATIO_64 = 0x61c8864680b583ebn;
const U64 = (1n << 64n) - 1n;

/** macvlan_eth_hash on a little-endian machine: hash_64 of the six address bytes shifted up 16 bits. */
function ethHash(mac: Mac): number {
  const bytes = mac.split(':').map((b) => BigInt(parseInt(b, 16)));
  let value = 0n;
  bytes.forEach((b, i) => (value |= b << BigInt(8 * i)));
  value = (value << 16n) & U64;
  return Number(((value * GOLDEN_RATIO_64) & U64) >> (64n - MACVLAN_HASH_BITS));
}

/** hash_for_each over vlan_hash: by bucket, the newest first within one (hlist_add_head_rcu). */
function hashOrder(port: MacvlanPort): NetDevice[] {
  return port.vlans.map((v, i) => ({ v, i, h: ethHash(v.mac) })).sort((a, b) => a.h - b.h || b.i - a.i).map((e) => e.v);
}

/**
 * How long a broadcast from the wire waits in the port's bc_queue before the work item
 * (macvlan_process_broadcast) hands it to the children: a kworker's wake-up. On the recording
 * machine the children answered an ARP request 50-60 µs after it arrived, after the lower had
 * already answered it and exchanged a ping (kernel-macvlan flow 0).
 */
const MACVLAN_BC_WORK_NS = 50_000;

/**
 * macvlan_broadcast: a copy to every child in one of `modes` except the sender, in hash
 * order; each arrives through netif_rx (the backlog), `delayNs` from now. `sibling`: sent by
 * that bridge-mode child (macvlan_queue_xmit), not received from the lower's wire.
 */
function broadcast(port: MacvlanPort, frame: EthernetFrame, src: NetDevice | undefined, modes: readonly MacvlanMode[], delayNs = 0, sibling?: NetDevice): void {
  for (const v of hashOrder(port)) {
    if (v === src || !modes.includes(vlans.get(v)!.mode)) continue;
    const net = netOf(v, vlans.get(v)!.home);
    net.env.schedule(delayNs, () => {
      if (v.up) net.env.capture?.(v, frame, 'in');
      if (v.up) net.trace({ layer: 'link', kind: 'frame-received', port: v.name, frame, reason: { code: 'macvlan_broadcast', dev: v.name, lower: port.dev.name, ...(sibling ? { from: sibling.name } : {}) } });
      netifReceive(net, v, frame);
    });
  }
}

/** macvlan_handle_frame: 'pass' lets the lower's own stack have the frame (RX_HANDLER_PASS). */
function handleFrame(port: MacvlanPort) {
  return (_dev: NetDevice, frame: EthernetFrame): 'pass' | undefined => {
    if (isMulticastMac(frame.dst)) {
      const src = hashLookup(port, frame.src);
      const srcMode = src && vlans.get(src)!.mode;
      // From outside: every child (macvlan_broadcast_enqueue: the work queue); back from a
      // reflecting switch: the children that did not see it on the way out.
      if (!src) broadcast(port, frame, undefined, MODE_ALL, MACVLAN_BC_WORK_NS);
      else if (srcMode === 'vepa') broadcast(port, frame, src, ['vepa', 'bridge'], MACVLAN_BC_WORK_NS);
      else if (srcMode === 'bridge') broadcast(port, frame, src, ['vepa'], MACVLAN_BC_WORK_NS);
      return 'pass';
    }
    const vlan = port.passthru ? port.vlans[0] : hashLookup(port, frame.dst);
    if (!vlan) return 'pass';
    // A child that is down drops it (and the lower does not get it either).
    if (!vlan.up) {
      port.net.trace({ layer: 'link', kind: 'drop', port: port.dev.name, frame, reason: { code: 'upper_down', dev: vlan.name, lower: port.dev.name, kind: 'macvlan' } });
      return undefined;
    }
    const net = netOf(vlan, vlans.get(vlan)!.home);
    // RX_HANDLER_ANOTHER: the frame goes round the receive path again as the child's, past its taps.
    net.env.capture?.(vlan, frame, 'in');
    net.trace({ layer: 'link', kind: 'frame-received', port: vlan.name, frame, reason: { code: 'macvlan_rx', dev: vlan.name, lower: port.dev.name, mac: frame.dst } });
    netifReceive(net, vlan, frame);
    return undefined;
  };
}

/** macvlan_port_create: the lower must be an Ethernet device whose rx_handler is free. */
function portCreate(net: Stack, lower: NetDevice): MacvlanPort {
  if (lower.loopback) throw new KernelError(Errno.EINVAL);
  if (lower.rxHandler) throw new KernelError(Errno.EBUSY);
  const port: MacvlanPort = { dev: lower, net, vlans: [], passthru: false };
  ports.set(lower, port);
  lower.rxHandler = handleFrame(port);
  return port;
}

function portDestroy(port: MacvlanPort): void {
  ports.delete(port.dev);
  port.dev.rxHandler = undefined;
}

/**
 * macvlan_common_newlink (`ip link add NAME link DEV type macvlan mode MODE`): a macvlan on a
 * macvlan sits on that one's lower; passthru must be the lower's only child, and the lower's
 * address becomes its own. Carrier follows the lower's (netif_stacked_transfer_operstate).
 */
export function macvlanNewlink(stack: Stack, name: string | undefined, link: NetDevice | undefined, mode: MacvlanMode): NetDevice {
  if (!link) throw new KernelError(Errno.EINVAL);
  const lower = vlans.get(link)?.lowerdev ?? link;
  const existing = ports.get(lower);
  const port = existing ?? portCreate(stack, lower);
  if (port.passthru || (mode === 'passthru' && port.vlans.length > 0)) {
    if (!existing) portDestroy(port);
    throw new KernelError(Errno.EINVAL);
  }
  const mac = mode === 'passthru' ? lower.mac : ethRandomAddr(stack);
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'macvlan%d'), mac, lower.running, false, 'macvlan');
  dev.up = false;
  dev.qdiscNoop = true;
  dev.mtu = lower.mtu;
  dev.lower = lower;
  registerNetdevice(stack, dev);
  port.passthru = mode === 'passthru';
  port.vlans.push(dev);
  vlans.set(dev, { mode, lowerdev: lower, port, home: stack });
  dev.xmit = macvlanStartXmit;
  return dev;
}

/**
 * macvlan_queue_xmit: in bridge mode a broadcast also goes to the bridge-mode siblings and a
 * unicast for a bridge-mode sibling goes only to it (dev_forward_skb); everything else leaves
 * through the lower (dev_queue_xmit), onto its wire.
 */
function macvlanStartXmit(dev: NetDevice, frame: EthernetFrame, dir?: Direction, skb?: SkBuff): void {
  const vlan = vlans.get(dev)!;
  // dev_queue_xmit_nit: tcpdump on the child sees what it sends before its driver does anything.
  netOf(dev, vlan.home).env.capture?.(dev, frame, 'out');
  const lowerNet = netOf(vlan.lowerdev, vlan.port.net);
  if (vlan.mode === 'bridge') {
    if (isMulticastMac(frame.dst)) broadcast(vlan.port, frame, dev, ['bridge'], 0, dev);
    else {
      const dest = hashLookup(vlan.port, frame.dst);
      if (dest && vlans.get(dest)!.mode === 'bridge') {
        netOf(dev, vlan.home).trace({ layer: 'link', kind: 'output', port: dev.name, frame, reason: { code: 'macvlan_bridge', dev: dev.name, to: dest.name, lower: vlan.lowerdev.name, mac: frame.dst } });
        // "send to lowerdev first for its network taps": dev_forward_skb to the lower, whose
        // rx_handler hands it to the sibling; tcpdump on the lower sees it arrive, its wire never does.
        lowerNet.env.schedule(0, () => {
          lowerNet.env.tap?.(vlan.lowerdev, frame);
          netifReceive(lowerNet, vlan.lowerdev, frame);
        });
        return;
      }
    }
  }
  devQueueXmit(lowerNet, vlan.lowerdev, frame, dir, skb);
}

/** netif_stacked_transfer_operstate on NETDEV_UP/DOWN/CHANGE of a lower: the children's carrier is its. */
export function macvlanTransferOperstate(lower: NetDevice): void {
  for (const v of macvlanChildren(lower)) v.carrier = lower.running;
}

/** macvlan_dellink / macvlan_uninit: the child leaves its lower's list; the last one frees the lower's rx_handler. */
export function macvlanDellink(stack: Stack, dev: NetDevice): void {
  const vlan = vlans.get(dev);
  if (vlan) {
    const port = vlan.port;
    port.vlans.splice(port.vlans.indexOf(dev), 1);
    if (port.vlans.length === 0) portDestroy(port);
    else if (vlan.mode === 'passthru') port.passthru = false;
    vlans.delete(dev);
  }
  unregisterNetdevice(stack, dev);
}

/** macvlan_device_event NETDEV_UNREGISTER of a lower: its children go with it, wherever they are. */
export function macvlanLowerUnregister(lower: NetDevice): void {
  for (const v of [...macvlanChildren(lower)]) {
    const vlan = vlans.get(v)!;
    macvlanDellink(netOf(v, vlan.home), v);
  }
}
