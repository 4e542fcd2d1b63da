import type { IpLinkAdd, IpLinkDel } from '../command/types';
import { rtmDelLink, rtmNewLink } from '../kernel/rtnl_link';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, rtnlTalk } from './libnetlink';

/* `ip link add` and `ip link delete` (iplink_modify): RTM_NEWLINK with IFLA_LINKINFO, RTM_DELLINK. */

export function ipLinkAdd(stack: Stack, c: IpLinkAdd): void {
  rtnlTalk(rtmNewLink(stack, { kind: c.type, name: c.name?.text, peerName: c.peerName?.text }));
}

export function ipLinkDel(stack: Stack, c: IpLinkDel): void {
  const dev = device(stack, c.dev);
  // The lab builds topology ports (and a switch's bridge) as veths and a bridge the simulator
  // ties to the topology: deleting them is not modelled.
  if (!dev.loopback && (dev.type === 'ether' || dev.type === 'bridge')) {
    throw new CommandFailure(`hairpin: ip link delete ${dev.name}: the topology's ports are not deleted`, 2, c.dev.column);
  }
  rtnlTalk(rtmDelLink(stack, dev));
}
