import { ETH_P_8021AD, ETH_P_8021Q, type EthernetFrame } from '../wire/types';
import type { Direction } from '../trace/types';
import { Errno, KernelError } from './errors';
import { devNewIndex, devQueueXmit, registerNetdevice, unregisterNetdevice } from './link';
import { NetDevice } from './netdevice';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import { devAllocName } from './veth';
import { findDev, vlanAttach, vlanChildren, vlanDetach, vlanOf } from './vlan_core';

/*
 * 802.1Q VLAN devices (net/8021q: vlan_netlink.c, vlan_dev.c, vlan_core.c, vlan.c). A vlan
 * device sits on a real device: what it sends leaves the real device with a tag (TPID 0x8100
 * or 0x88a8, TCI with its VID, priority 0); a tagged frame arriving on the real device goes,
 * untagged, to the vlan device of its VID (vlan_do_receive), before any rx_handler. Modelled,
 * not recorded: the test kernel has no 8021q module.
 */

export interface VlanNewlinkOptions {
  id?: number;
  protocol?: number;
  reorderHdr?: boolean;
}

/**
 * vlan_validate and vlan_newlink (`ip link add link DEV name NAME type vlan id N`): the VID
 * must be given and below 4095, the real device able to carry tags (not lo) and without a
 * vlan device of that VID. The new device has the real device's address, MTU and carrier.
 */
export function vlanNewlink(stack: Stack, name: string | undefined, link: NetDevice | undefined, o: VlanNewlinkOptions): NetDevice {
  const proto = o.protocol ?? ETH_P_8021Q;
  if (proto !== ETH_P_8021Q && proto !== ETH_P_8021AD) throw new KernelError(Errno.EPROTONOSUPPORT, '8021q: Invalid VLAN protocol');
  if (o.id !== undefined && o.id >= 4095) throw new KernelError(Errno.ERANGE, '8021q: Invalid VLAN id');
  if (o.id === undefined) throw new KernelError(Errno.EINVAL, '8021q: VLAN id not specified');
  if (!link) throw new KernelError(Errno.EINVAL, '8021q: link not specified');
  // NETIF_F_VLAN_CHALLENGED: lo cannot carry tags.
  if (link.loopback) throw new KernelError(Errno.EOPNOTSUPP, '8021q: VLANs not supported on device');
  // The model's frames carry one tag: a vlan device on a vlan device (QinQ) would need two.
  if (link.type === 'vlan') throw new KernelError(Errno.EOPNOTSUPP, 'hairpin: a vlan device on a vlan device (two tags) is not modelled');
  if (findDev(link, proto, o.id)) throw new KernelError(Errno.EEXIST, '8021q: VLAN device already exists');
  const dev = new NetDevice(devNewIndex(stack), name ?? devAllocName(stack, 'vlan%d'), link.mac, link.running, false, 'vlan');
  dev.up = false;
  dev.qdiscNoop = true;
  dev.mtu = link.mtu;
  dev.lower = link;
  registerNetdevice(stack, dev);
  vlanAttach(dev, { vid: o.id, proto, realDev: link, reorderHdr: o.reorderHdr ?? true, home: stack });
  dev.xmit = vlanDevHardStartXmit;
  return dev;
}

/** vlan_dev_hard_start_xmit: the frame gets the device's tag (priority 0) and leaves through the real device. */
function vlanDevHardStartXmit(dev: NetDevice, frame: EthernetFrame, dir?: Direction, skb?: SkBuff): void {
  const vlan = vlanOf(dev)!;
  const tagged: EthernetFrame = { src: frame.src, dst: frame.dst, vlan: { tpid: vlan.proto, pcp: 0, dei: false, vid: vlan.vid }, payload: frame.payload };
  devQueueXmit(vlan.realDev.netns ?? vlan.home, vlan.realDev, tagged, dir, skb);
}

/** vlan_dev_open: a vlan device comes up only while its real device is up. */
export function vlanDevOpen(dev: NetDevice): void {
  const vlan = vlanOf(dev);
  if (vlan && !vlan.realDev.up) throw new KernelError(Errno.ENETDOWN);
}

/** vlan_stacked_transfer_operstate: carrier follows the real device's. */
export function vlanTransferOperstate(real: NetDevice): void {
  for (const v of vlanChildren(real)) v.carrier = real.running;
}

/** unregister_vlan_dev (vlan_dellink, or the real device going: NETDEV_UNREGISTER). */
export function vlanDellink(stack: Stack, dev: NetDevice): void {
  const vlan = vlanOf(dev);
  if (vlan) vlanDetach(dev, vlan);
  unregisterNetdevice(stack, dev);
}

export function vlanRealDevUnregister(real: NetDevice): void {
  for (const v of [...vlanChildren(real)]) vlanDellink(v.netns ?? vlanOf(v)!.home, v);
}
