import { ipipDellink } from './ipip';
import { unregisterNetdevice } from './link';
import { Errno, KernelError } from './errors';
import { macvlanChildren, macvlanDellink, macvlanLowerUnregister, macvlanTransferOperstate } from './macvlan';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';
import { vethDellink } from './veth';
import { vlanDellink, vlanDevOpen, vlanRealDevUnregister, vlanTransferOperstate } from './vlan';
import { vlanChildren } from './vlan_core';
import { vxlanChangeMtu, vxlanDellink, vxlanLowerUnregistered } from './vxlan';

/*
 * What rtnl_link_ops and the netdevice notifiers do for each kind when a device goes or
 * changes state: its kind's dellink (a veth takes its peer, a macvlan leaves its lower), the
 * devices stacked on it going with it (NETDEV_UNREGISTER), and their carrier following its own
 * (NETDEV_UP/DOWN/CHANGE: netif_stacked_transfer_operstate).
 */

/** rtnl_dellink / default_device_exit_batch: the kind's dellink, else a plain unregister. */
export function rtnlDellink(stack: Stack, dev: NetDevice): void {
  for (const d of dev.peer ? [dev, dev.peer] : [dev]) {
    macvlanLowerUnregister(d);
    vlanRealDevUnregister(d);
  }
  if (dev.type === 'veth') vethDellink(stack, dev);
  else if (dev.type === 'macvlan') macvlanDellink(stack, dev);
  else if (dev.type === 'vlan') vlanDellink(stack, dev);
  else if (dev.type === 'vxlan') vxlanDellink(stack, dev);
  else if (dev.type === 'ipip') ipipDellink(stack, dev);
  else unregisterNetdevice(stack, dev);
  // vxlan_handle_lowerdev_unregister: a vxlan whose `dev` went goes too.
  vxlanLowerUnregistered(stack);
}

/** ndo_open: a kind may refuse to come up (a vlan device while its real device is down). */
export function ndoOpen(dev: NetDevice): void {
  vlanDevOpen(dev);
}

/** After a device's carrier or up state changed (a veth's changes its peer's too). */
export function linkwatchStacked(dev: NetDevice): void {
  for (const d of dev.peer ? [dev, dev.peer] : [dev]) {
    macvlanTransferOperstate(d);
    vlanTransferOperstate(d);
  }
}

/** macvlan_change_mtu, vlan_dev_change_mtu: no larger than the lower's. */
export function ndoChangeMtu(dev: NetDevice, mtu: number): void {
  if ((dev.type === 'macvlan' || dev.type === 'vlan') && dev.lower && mtu > dev.lower.mtu) throw new KernelError(Errno.EINVAL);
  vxlanChangeMtu(dev, mtu);
}

/** NETDEV_CHANGEMTU of a lower: the macvlan and vlan devices on it shrink to fit (never grow). */
export function mtuChangedStacked(dev: NetDevice): void {
  for (const c of [...macvlanChildren(dev), ...vlanChildren(dev)]) if (c.mtu > dev.mtu) c.mtu = dev.mtu;
}
