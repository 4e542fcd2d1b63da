import { brForwardDelayTimer, brGcTimer, brPortForwarding, brPortNo } from '../../kernel/br_stp';
import type { NetDevice } from '../../kernel/netdevice';

/*
 * `ip -d link` of a bridge and of its ports (iproute2 6.1 ip/iplink_bridge.c bridge_print_opt,
 * ip/iplink_bridge_slave.c bridge_slave_print_opt), as this kernel fills them for a bridge
 * without STP or VLAN filtering (observed in namespaces).
 */

/** print_timer: seconds and centiseconds, "%4i.%.2i". */
export function formatTimer(ns: number): string {
  const cs = Math.floor(ns / 10_000_000);
  return `${String(Math.floor(cs / 100)).padStart(4)}.${String(cs % 100).padStart(2, '0')}`;
}

/** A bridge id as iproute2 prints it: priority in hex, a dot, the address without leading zeros. */
export function bridgeIdText(br: NetDevice): string {
  // A bridge that never had a port has a zero bridge id (its own random address is not used).
  const mac = br.bridge && br.bridge.ports.length > 0 ? br.mac : '00:00:00:00:00:00';
  return `8000.${mac.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`;
}

export function bridgeDetails(br: NetDevice, now: number): string {
  const b = br.bridge!;
  const id = bridgeIdText(br);
  return (
    `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time ${Math.round(b.ageingNs / 10_000_000)} stp_state ${b.stpState} priority 32768 vlan_filtering 0 ` +
    `bridge_id ${id} designated_root ${id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 ` +
    `hello_timer ${formatTimer(0)} tcn_timer ${formatTimer(0)} topology_change_timer ${formatTimer(0)} gc_timer ${formatTimer(brGcTimer(now, br, b.ageingNs))} ` +
    `group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping ${b.mcastSnooping} no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 ` +
    'mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 ' +
    'mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 ' +
    'nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 '
  );
}

/** br_port path cost: a veth reports 10 Gb/s (cost 2); a device without a speed gets 100. */
function portCost(port: NetDevice): number {
  return port.type === 'ether' || port.type === 'veth' || port.type === 'vlan' ? 2 : 100;
}

export function bridgeSlaveDetails(port: NetDevice, now: number): string {
  const no = brPortNo(port);
  const id = bridgeIdText(port.master!);
  return (
    `bridge_slave state ${brPortForwarding(port) ? 'forwarding' : 'disabled'} priority 32 cost ${portCost(port)} hairpin ${port.master!.bridge?.hairpin(port) ? 'on' : 'off'} guard off root_block off fastleave off learning on flood on ` +
    `port_id 0x${(0x8000 | no).toString(16)} port_no 0x${no.toString(16)} designated_port ${0x8000 | no} designated_cost 0 designated_bridge ${id} designated_root ${id} ` +
    `hold_timer ${formatTimer(0)} message_age_timer ${formatTimer(0)} forward_delay_timer ${formatTimer(brForwardDelayTimer(now, port))} topology_change_ack 0 config_pending 0 ` +
    'proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 ' +
    'vlan_tunnel off isolated off locked off '
  );
}
