import type { Mac } from '../addr/mac';
import type { Direction } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import { Errno, KernelError } from './errors';
import { devAllocName, devNewIndex, netifReceive, registerNetdevice, unregisterNetdevice } from './link';
import { peernet2idAlloc } from './net_namespace_ids';
import { NetDevice } from './netdevice';
import type { Stack } from './stack';

/*
 * A veth pair (drivers/net/veth.c): what one end transmits the other receives (veth_xmit →
 * netif_rx on the peer). Each end has carrier only while both are up (veth_open turns carrier
 * on for both when the peer is already up; veth_close turns it off for both).
 */

/** eth_random_addr: random bytes, unicast, locally administered. */
export function ethRandomAddr(stack: Stack): Mac {
  const bytes = Array.from({ length: 6 }, () => Math.floor(stack.env.random() * 256));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export { devAllocName } from './link';

/**
 * veth_newlink: the peer is registered first (so it has the lower ifindex), in its own
 * namespace (`peer … netns NS`, else the requester's), then the device; if the device's name
 * is taken by then (the peer took it) the peer is unregistered again, its ifindex spent.
 * rtnl_newlink has already refused a device name taken before.
 */
export function vethNewlink(stack: Stack, name: string | undefined, peerName: string | undefined, peerNet: Stack = stack): NetDevice {
  // register_netdevice checks the name (dev_get_valid_name) before it reserves an ifindex.
  if (peerName !== undefined && peerNet.byName.has(peerName)) throw new KernelError(Errno.EEXIST);
  const peer = new NetDevice(devNewIndex(peerNet), peerName ?? devAllocName(peerNet, 'veth%d'), ethRandomAddr(stack), false, false, 'veth');
  peer.up = false;
  peer.qdiscNoop = true;
  registerNetdevice(peerNet, peer);
  if (name !== undefined && stack.byName.has(name)) {
    unregisterNetdevice(peerNet, peer);
    throw new KernelError(Errno.EEXIST);
  }
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'veth%d'), ethRandomAddr(stack), false, false, 'veth');
  dev.up = false;
  dev.qdiscNoop = true;
  registerNetdevice(stack, dev);
  // dev_net: where each end is (the pair may span namespaces; either may move later).
  dev.netns = stack;
  peer.netns = peerNet;
  // Each end's RTM_NEWLINK names the other's namespace (IFLA_LINK_NETNSID): both get an id.
  if (peerNet !== stack) {
    peernet2idAlloc(peerNet, stack);
    peernet2idAlloc(stack, peerNet);
  }
  dev.peer = peer;
  peer.peer = dev;
  dev.xmit = peer.xmit = vethXmit;
  return dev;
}

/**
 * veth_xmit: the peer receives the frame on the next softirq, in the namespace it is in now
 * (dev_net: either end may have moved), unless it is down (dropped, counted). tcpdump on either
 * end sees it (dev_queue_xmit_nit on the sender, the receive taps on the peer), and the trace
 * shows it sent on this end and received on the peer.
 */
function vethXmit(dev: NetDevice, frame: EthernetFrame, dir?: Direction): void {
  const peer = dev.peer;
  const from = dev.netns!;
  from.env.capture?.(dev, frame, 'out');
  if (!peer?.running) return;
  const to = peer.netns!;
  if (from.tracing) from.trace({ layer: 'link', kind: 'frame-sent', port: dev.name, frame, dir, reason: { code: 'frame_sent', dev: dev.name, to: frame.dst } });
  to.env.schedule(0, () => {
    to.env.capture?.(peer, frame, 'in');
    if (to.tracing) to.trace({ layer: 'link', kind: 'frame-received', port: peer.name, frame, dir, reason: { code: 'frame_received', dev: peer.name, from: frame.src } });
    netifReceive(to, peer, frame);
  });
}

/** veth_open / veth_close: carrier follows "both ends up". */
export function vethCarrierUpdate(dev: NetDevice): void {
  const peer = dev.peer;
  if (!peer) return;
  const carrier = dev.up && peer.up;
  dev.carrier = carrier;
  peer.carrier = carrier;
}

/** veth_dellink: deleting one end deletes its peer too, in whichever namespace the peer is. */
export function vethDellink(stack: Stack, dev: NetDevice): void {
  const peer = dev.peer;
  unregisterNetdevice(stack, dev);
  const peerNet = peer?.netns ?? stack;
  if (peer && peerNet.devices.includes(peer)) unregisterNetdevice(peerNet, peer);
}
