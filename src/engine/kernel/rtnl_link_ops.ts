import { unregisterNetdevice } from './link';
import { macvlanDellink, macvlanLowerUnregister, macvlanTransferOperstate } from './macvlan';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';
import { vethDellink } from './veth';
import { vlanDellink, vlanDevOpen, vlanRealDevUnregister, vlanTransferOperstate } from './vlan';

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
  else unregisterNetdevice(stack, dev);
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
