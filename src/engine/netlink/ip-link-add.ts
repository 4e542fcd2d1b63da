import type { IpLinkAdd, IpLinkDel } from '../command/types';
import { rtmDelLink, rtmNewLink } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, rtnlTalk } from './libnetlink';

/* `ip link add` and `ip link delete` (iplink_modify): RTM_NEWLINK with IFLA_LINKINFO, RTM_DELLINK. */

export function ipLinkAdd(stack: Stack, c: IpLinkAdd): void {
  // iplink_parse resolves `link DEV` (ll_name_to_index) before anything is sent.
  const link = c.link ? device(stack, c.link).ifindex : undefined;
  rtnlTalk(rtmNewLink(stack, { kind: c.type, ifname: c.name?.text, peerName: c.peerName?.text, stpState: c.stpState, ageingTime: c.ageingTime, mcastSnooping: c.mcastSnooping, link, macvlanMode: c.macvlanMode, vlan: c.vlan }));
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
