import { devNewIndex, registerNetdevice } from './link';
import { NetDevice } from './netdevice';
import type { Stack } from './stack';
import { devAllocName, ethRandomAddr } from './veth';

/*
 * The dummy device (drivers/net/dummy.c): always has carrier, takes no ARP (IFF_NOARP) and
 * swallows whatever it is sent (dummy_xmit frees the skb). Modelled, not recorded: the test
 * kernel has no dummy module.
 */

export function dummyNewlink(stack: Stack, name: string | undefined): NetDevice {
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'dummy%d'), ethRandomAddr(stack), true, false, 'dummy');
  dev.qdiscNoop = true;
  dev.up = false;
  registerNetdevice(stack, dev);
  return dev;
}
