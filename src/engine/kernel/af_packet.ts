import type { EthernetFrame } from '../wire/types';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/*
 * AF_PACKET sockets (arping): a copy of every frame received on a device goes to the packet
 * sockets bound to it, before and independently of ARP or IP processing (__netif_receive_skb
 * delivers to ptype handlers side by side); what they send goes straight to the driver.
 */

export type PacketHandler = (dev: NetDevice, frame: EthernetFrame) => void;

const taps = new WeakMap<Stack, Set<PacketHandler>>();

export function packetBind(stack: Stack, h: PacketHandler): () => void {
  let set = taps.get(stack);
  if (!set) taps.set(stack, (set = new Set()));
  set.add(h);
  return () => set!.delete(h);
}

/** Called by the receive path for every frame a device accepts. */
export function packetRcv(stack: Stack, dev: NetDevice, frame: EthernetFrame): void {
  const set = taps.get(stack);
  if (set) for (const h of [...set]) h(dev, frame);
}
