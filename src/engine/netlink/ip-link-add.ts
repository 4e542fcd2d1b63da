import type { IpLinkAdd, IpLinkDel, Word } from '../command/types';
import { Errno } from '../kernel/errors';
import { rtmDelLink, rtmNewLink } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, rtnlTalk } from './libnetlink';

/* `ip link add` and `ip link delete` (iplink_modify): RTM_NEWLINK with IFLA_LINKINFO, RTM_DELLINK. */

export function ipLinkAdd(stack: Stack, c: IpLinkAdd): void {
  // iplink_parse opens each `netns` before it sends anything (the device's, then the peer's).
  const net = c.netns && netnsOf(stack, c.netns);
  const peerNet = c.peerNetns && netnsOf(stack, c.peerNetns);
  rtnlTalk(rtmNewLink(stack, { kind: c.type, ifname: c.name?.text, peerName: c.peerName?.text, stpState: c.stpState, ageingTime: c.ageingTime, net, peerNet }));
}

/**
 * `netns NAME|PID` (iplink_parse): netns_get_fd opens /run/netns/NAME; failing that the word
 * must be a pid (IFLA_NET_NS_PID). No process of the box owns a namespace of its own, so the
 * kernel finds no such process (ESRCH).
 */
function netnsOf(stack: Stack, w: Word): Stack | typeof Errno.ESRCH {
  const net = stack.netns?.get(w.text);
  if (net) return net;
  if (/^[0-9]+$/.test(w.text)) return Errno.ESRCH;
  throw new CommandFailure(`Error: argument "${w.text}" is wrong: Invalid "netns" value\n`, 255, w.column);
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
