import type { IpLinkAdd, IpLinkDel, Word } from '../command/types';
import { Errno } from '../kernel/errors';
import { rtmDelLink, rtmNewLink, type NewLinkMsg } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';
import { CommandFailure, device, rtnlTalk } from './libnetlink';

/* `ip link add` and `ip link delete` (iplink_modify): RTM_NEWLINK with IFLA_LINKINFO, RTM_DELLINK. */

export function ipLinkAdd(stack: Stack, c: IpLinkAdd): void {
  // iplink_parse resolves `link DEV` (ll_name_to_index) and opens each `netns` (the device's,
  // then the peer's) before anything is sent.
  const link = c.link ? device(stack, c.link).ifindex : undefined;
  const net = c.netns && netnsOf(stack, c.netns);
  // The kernel makes a stacked device in another namespace over a lower in this one (link_net); not modelled.
  if (net && net !== stack && (c.type === 'macvlan' || c.type === 'vlan' || c.type === 'vxlan')) {
    throw new CommandFailure(`hairpin: ip link add … netns with type ${c.type} is not modelled: make it here, then ip link set DEV netns NAME`, 2, c.netns!.column);
  }
  const peerNet = c.peerNetns && netnsOf(stack, c.peerNetns);
  const vxlan = c.vxlan ? vxlanAttributes(stack, c.vxlan) : undefined;
  const ipip = c.ipip ? ipipAttributes(stack, c.ipip) : undefined;
  try {
    rtnlTalk(rtmNewLink(stack, { kind: c.type, ifname: c.name?.text, peerName: c.peerName?.text, stpState: c.stpState, ageingTime: c.ageingTime, mcastSnooping: c.mcastSnooping, address: c.address, mtu: c.mtu, peer: c.peer, link, macvlanMode: c.macvlanMode, vlan: c.vlan, vxlan, ipip, net, peerNet }));
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

/** iptunnel_parse_opt's attributes: `dev` by ll_name_to_index (exit(nodev()): 255). */
function ipipAttributes(stack: Stack, o: NonNullable<IpLinkAdd['ipip']>): NewLinkMsg['ipip'] {
  const dev = o.dev ? stack.byName.get(o.dev.text) : undefined;
  if (o.dev && !dev) throw new CommandFailure(`Cannot find device "${o.dev.text}"`, 255, o.dev.column);
  return { remote: o.remote, local: o.local, link: dev?.ifindex, ttl: o.ttl, tos: o.tos, pmtudisc: o.pmtudisc, proto: o.proto };
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
