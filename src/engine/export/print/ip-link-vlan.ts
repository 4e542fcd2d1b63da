import type { NetDevice } from '../../kernel/netdevice';
import { vlanOf } from '../../kernel/vlan_core';

/*
 * `ip -d link` of a vlan device (iproute2 6.1 ip/iplink_vlan.c vlan_print_opt and
 * vlan_print_flags; the kernel's vlan_fill_info sends no QoS maps while they are empty).
 * Modelled, not recorded: the test kernel has no 8021q module.
 */

export function vlanDetails(dev: NetDevice): string {
  const v = vlanOf(dev)!;
  const proto = v.proto === 0x88a8 ? '802.1ad' : '802.1Q';
  return `vlan protocol ${proto} id ${v.vid} ${v.reorderHdr ? '<REORDER_HDR> ' : '<> '}`;
}
