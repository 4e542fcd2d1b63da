import type { BridgeLinkShow } from '../../command/bridge-link';
import type { Stack } from '../../kernel/stack';
import { fail, ok, type Printed } from './common';
import { linkViews } from './ip-addr';

/*
 * `bridge [-d] link show [dev DEV]` as iproute2 6.1 prints it (bridge/link.c): one line per
 * bridge port in ifindex order, with the interface flags `ip link` shows, the bridge, the STP
 * port state (no STP: forwarding while the bridge is up and the port running, else disabled),
 * priority and path cost; -d adds the port's flags.
 */

/** br_port_cost from the port's ethtool speed: a veth says 10000Mb/s. */
const VETH_COST = 2;
/** br_port_cost when the device reports no speed. */
const UNKNOWN_SPEED_COST = 100;

export function printBridgeLink(stack: Stack, c: BridgeLinkShow): Printed {
  if (c.dev && !stack.byName.has(c.dev.text)) return fail(`Cannot find device "${c.dev.text}"`, 255);
  let out = '';
  for (const view of linkViews(stack)) {
    const dev = stack.byName.get(view.name);
    const br = dev?.master?.bridge;
    if (!dev || !br || (c.dev && c.dev.text !== view.name)) continue;
    const name = view.peer ? `${view.name}@${view.peer}` : view.name;
    const state = br.dev.up && dev.running ? 'forwarding' : 'disabled';
    const cost = dev.type === 'veth' || dev.type === 'ether' ? VETH_COST : UNKNOWN_SPEED_COST;
    out += `${view.ifindex}: ${name}: <${view.flags}> mtu ${view.mtu} master ${br.name} state ${state} priority 32 cost ${cost} \n`;
    if (c.details) {
      const hairpin = br.hairpin(dev) ? 'on' : 'off';
      out += `    hairpin ${hairpin} guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n`;
    }
  }
  return ok(out);
}
