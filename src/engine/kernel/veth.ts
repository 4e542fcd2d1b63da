import type { Mac } from '../addr/mac';
import type { Direction } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import { Errno, KernelError } from './errors';
import { devNewIndex, netifReceive, registerNetdevice, unregisterNetdevice } from './link';
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

/** dev_alloc_name: the lowest free N of a `veth%d` pattern. */
export function devAllocName(stack: Stack, pattern: string): string {
  for (let n = 0; ; n++) {
    const name = pattern.replace('%d', String(n));
    if (!stack.byName.has(name)) return name;
  }
}

/**
 * veth_newlink: the peer is registered first (so it has the lower ifindex), then the device;
 * if the device's name is taken by then (the peer took it) the peer is unregistered again, its
 * ifindex spent. rtnl_newlink has already refused a device name taken before.
 */
export function vethNewlink(stack: Stack, name: string | undefined, peerName: string | undefined): NetDevice {
  // register_netdevice checks the name (dev_get_valid_name) before it reserves an ifindex.
  if (peerName !== undefined && stack.byName.has(peerName)) throw new KernelError(Errno.EEXIST);
  const peer = new NetDevice(devNewIndex(stack), peerName ?? devAllocName(stack, 'veth%d'), ethRandomAddr(stack), false, false, 'veth');
  peer.up = false;
  peer.qdiscNoop = true;
  registerNetdevice(stack, peer);
  if (name !== undefined && stack.byName.has(name)) {
    unregisterNetdevice(stack, peer);
    throw new KernelError(Errno.EEXIST);
  }
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'veth%d'), ethRandomAddr(stack), false, false, 'veth');
  dev.up = false;
  dev.qdiscNoop = true;
  registerNetdevice(stack, dev);
  dev.peer = peer;
  peer.peer = dev;
  dev.xmit = peer.xmit = vethXmit(stack);
  return dev;
}

/**
 * veth_xmit: the peer receives the frame on the next softirq unless it is down (dropped,
 * counted), in the namespace it is in now (dev_net: either end may have moved). Both ends see
 * the frame as tcpdump on each would: sent on this end, received on the peer.
 */
function vethXmit(stack: Stack) {
  return (dev: NetDevice, frame: EthernetFrame, dir?: Direction) => {
    const peer = dev.peer;
    if (!peer?.running) return;
    const from = dev.netns ?? stack;
    const to = peer.netns ?? stack;
    if (from.tracing) from.trace({ layer: 'link', kind: 'frame-sent', port: dev.name, frame, dir, reason: { code: 'frame_sent', dev: dev.name, to: frame.dst } });
    stack.env.schedule(0, () => {
      if (to.tracing) to.trace({ layer: 'link', kind: 'frame-received', port: peer.name, frame, dir, reason: { code: 'frame_received', dev: peer.name, from: frame.src } });
      netifReceive(to, peer, frame);
    });
  };
}

/** veth_open / veth_close: carrier follows "both ends up". */
export function vethCarrierUpdate(dev: NetDevice): void {
  const peer = dev.peer;
  if (!peer) return;
  const carrier = dev.up && peer.up;
  dev.carrier = carrier;
  peer.carrier = carrier;
}

/** veth_dellink: deleting one end deletes its peer too. */
export function vethDellink(stack: Stack, dev: NetDevice): void {
  const peer = dev.peer;
  unregisterNetdevice(stack, dev);
  if (peer && stack.devices.includes(peer)) unregisterNetdevice(stack, peer);
}
