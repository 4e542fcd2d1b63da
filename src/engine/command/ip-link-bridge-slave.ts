import { Args, CommandError } from './args';
import { incomplete } from './ip-names';

/*
 * `ip link set DEV … type bridge_slave OPTIONS` (iproute2 6.1 ip/iplink_bridge_slave.c): the
 * port flags of a bridge port, as `bridge link set` changes them. Only hairpin is simulated.
 */

export interface BridgeSlaveOptions {
  hairpin?: boolean;
}

const OPTIONS = ['fdb_flush', 'state', 'priority', 'cost', 'guard', 'hairpin', 'fastleave', 'root_block', 'learning', 'flood', 'proxy_arp', 'proxy_arp_wifi', 'mcast_router', 'mcast_fast_leave', 'mcast_flood', 'bcast_flood', 'mcast_to_unicast', 'group_fwd_mask', 'neigh_suppress', 'vlan_tunnel', 'isolated', 'locked', 'backup_port', 'nobackup_port'];

const USAGE = `Usage: ... bridge_slave [ fdb_flush ]
			[ state STATE ]
			[ priority PRIO ]
			[ cost COST ]
			[ guard {on | off} ]
			[ hairpin {on | off} ]
			[ fastleave {on | off} ]
			[ root_block {on | off} ]
			[ learning {on | off} ]
			[ flood {on | off} ]
			[ proxy_arp {on | off} ]
			[ proxy_arp_wifi {on | off} ]
			[ mcast_router MULTICAST_ROUTER ]
			[ mcast_fast_leave {on | off} ]
			[ mcast_flood {on | off} ]
			[ bcast_flood {on | off} ]
			[ mcast_to_unicast {on | off} ]
			[ group_fwd_mask MASK ]
			[ neigh_suppress {on | off} ]
			[ vlan_tunnel {on | off} ]
			[ isolated {on | off} ]
			[ locked {on | off} ]
			[ backup_port DEVICE ] [ nobackup_port ]`;

/** bridge_slave_parse_opt: every word after `type bridge_slave` is the kind's. */
export function parseBridgeSlave(args: Args): BridgeSlaveOptions {
  const out: BridgeSlaveOptions = {};
  while (!args.done) {
    const word = args.take()!;
    if (word.text === 'hairpin') {
      const value = args.need(() => incomplete(args.endColumn));
      if (value.text !== 'on' && value.text !== 'off') throw new CommandError(value.column, `Error: argument of "hairpin" must be one of "off", "on", not "${value.text}"`, 1);
      out.hairpin = value.text === 'on';
    } else if (OPTIONS.includes(word.text)) {
      throw new CommandError(word.column, `hairpin: ip link set type bridge_slave ${word.text} is not simulated (only hairpin)`, 2);
    } else throw new CommandError(word.column, `bridge_slave: unknown option "${word.text}"?\n${USAGE}`, 1);
  }
  return out;
}
