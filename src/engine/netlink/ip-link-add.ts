import type { IpLinkAdd, IpLinkDel } from '../command/types';
import { rtmDelLink, rtmNewLink, type NewLinkMsg } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, rtnlTalk } from './libnetlink';

/* `ip link add` and `ip link delete` (iplink_modify): RTM_NEWLINK with IFLA_LINKINFO, RTM_DELLINK. */

export function ipLinkAdd(stack: Stack, c: IpLinkAdd): void {
  // iplink_parse resolves `link DEV` (ll_name_to_index) before anything is sent.
  const link = c.link ? device(stack, c.link).ifindex : undefined;
  const vxlan = c.vxlan ? vxlanAttributes(stack, c.vxlan) : undefined;
  try {
    rtnlTalk(rtmNewLink(stack, { kind: c.type, ifname: c.name?.text, peerName: c.peerName?.text, stpState: c.stpState, ageingTime: c.ageingTime, mcastSnooping: c.mcastSnooping, link, macvlanMode: c.macvlanMode, vlan: c.vlan, vxlan }));
  } catch (e) {
    // The parser's warning was printed before the request was sent.
    if (c.warning && e instanceof CommandFailure) throw new CommandFailure(`${c.warning}\n${e.message}`, e.exitStatus, e.column);
    throw e;
  }
}

/** vxlan_parse_opt's attributes: `dev` by ll_name_to_index (its exit(nodev()) is 255). */
function vxlanAttributes(stack: Stack, o: NonNullable<IpLinkAdd['vxlan']>): NewLinkMsg['vxlan'] {
  const dev = o.dev ? stack.byName.get(o.dev.text) : undefined;
  if (o.dev && !dev) throw new CommandFailure(`Cannot find device "${o.dev.text}"`, 255, o.dev.column);
  // A multicast underlay needs IGMP and multicast routing, which the simulator does not model.
  if (o.group !== undefined) throw new CommandFailure('hairpin: a vxlan multicast group is not modelled (use remote, or bridge fdb append for each VTEP)', 2);
  return { vni: o.vni!, remote: o.remote, local: o.local, link: dev?.ifindex, dstPort: o.dstPort, portMin: o.portMin, portMax: o.portMax, learning: o.learning, ttl: o.ttl, ttlInherit: o.ttlInherit, tos: o.tos, ageing: o.ageing };
}

export function ipLinkDel(stack: Stack, c: IpLinkDel): void {
  const dev = device(stack, c.dev);
  // The lab builds topology ports as veths the simulator ties to the topology: deleting them
  // is not modelled.
  if (dev.type === 'ether') {
    throw new CommandFailure(`hairpin: ip link delete ${dev.name}: the topology's ports are not deleted`, 2, c.dev.column);
  }
  rtnlTalk(rtmDelLink(stack, { ifindex: dev.ifindex }));
}
