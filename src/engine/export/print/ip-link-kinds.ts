import type { NetDevice } from '../../kernel/netdevice';
import type { Stack } from '../../kernel/stack';
import { macvlanOf } from '../../kernel/macvlan';
import { peernet2idAlloc } from '../../kernel/net_namespace_ids';
import { vlanOf } from '../../kernel/vlan_core';
import { ipipParms } from '../../kernel/ipip';
import { formatIp4 } from '../../addr/ipv4';
import type { LinkView } from './ip-addr';

/*
 * How `ip link` shows the devices made with `ip link add` (ip/ipaddress.c print_linkinfo,
 * print_link_flags): a veth as NAME@PEER with M-DOWN while its peer is down, a dummy as
 * NOARP with operstate UNKNOWN (it has no operstate of its own), `qdisc noop` until the
 * device was first up (dev_activate attaches noqueue). A peer or lower in another namespace is
 * known only by its ifindex there and that namespace's name or id (NAME@ifN, link-netns).
 */

export function runtimeLinkView(d: NetDevice, stack?: Stack): LinkView {
  const qdisc = d.qdiscNoop ? 'noop' : 'noqueue';
  const away = linkElsewhere(d, stack);
  const linkLine = `link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff${away ? ` ${away}` : ''}`;
  const base = { ifindex: d.ifindex, name: d.name, mtu: d.mtu, master: d.master?.name, linkLine, addrs: d.addrs, qdisc, kind: d.type, slaveKind: d.master ? 'bridge' : undefined };
  if (d.type === 'dummy') {
    return { ...base, flags: d.up ? 'BROADCAST,NOARP,UP,LOWER_UP' : 'BROADCAST,NOARP', state: d.up ? 'UNKNOWN' : 'DOWN' };
  }
  // vxlan always has carrier and no operstate of its own (UNKNOWN).
  if (d.type === 'ipip') return ipipLinkView(d, base);
  if (d.type === 'vxlan') return { ...base, flags: d.up ? 'BROADCAST,MULTICAST,UP,LOWER_UP' : 'BROADCAST,MULTICAST', state: d.up ? 'UNKNOWN' : 'DOWN' };
  // print_link_flags' M-DOWN: the IFLA_LINK device (the peer, the lower) is not up; one in
  // another namespace (IFLA_LINK_NETNSID) is not looked up, so no M-DOWN for it.
  const link = d.peer ?? d.lower;
  const mdown = away || link?.up ? '' : ',M-DOWN';
  const peer = away ? `if${link!.ifindex}` : link?.name;
  if (!d.up) return { ...base, peer, flags: `BROADCAST,MULTICAST${mdown}`, state: 'DOWN' };
  if (d.carrier) return { ...base, peer, flags: `BROADCAST,MULTICAST,UP,LOWER_UP${mdown}`, state: 'UP' };
  return { ...base, peer, flags: `NO-CARRIER,BROADCAST,MULTICAST,UP${mdown}`, state: 'LOWERLAYERDOWN' };
}

/**
 * An ipip tunnel (ARPHRD_TUNNEL): NAME@LOWER, or @NONE when IFLA_LINK is 0; NOARP (and
 * POINTOPOINT with a remote); its 4-byte dev_addr is the local address and the broadcast the
 * remote, printed as `peer` on a point-to-point device; no operstate of its own (UNKNOWN).
 */
function ipipLinkView(d: NetDevice, base: Omit<LinkView, 'flags' | 'state'>): LinkView {
  const p = ipipParms(d)!;
  const p2p = p.remote !== 0;
  const linkLine = `link/ipip ${formatIp4(p.local)} ${p2p ? 'peer' : 'brd'} ${formatIp4(p.remote)}`;
  const flags = `${p2p ? 'POINTOPOINT,' : ''}NOARP${d.up ? ',UP,LOWER_UP' : ''}`;
  return { ...base, linkLine, peer: p.link?.name ?? 'NONE', flags, state: d.up ? 'UNKNOWN' : 'DOWN' };
}

/** The IFLA_LINK device's namespace as print_linkinfo names it, when it is not this one: `link-netns NAME` or `link-netnsid N`. */
function linkElsewhere(d: NetDevice, stack: Stack | undefined): string | undefined {
  let here: Stack | undefined;
  let there: Stack | undefined;
  if (d.peer) {
    here = d.netns;
    there = d.peer.netns;
  } else if (d.lower && stack) {
    here = stack;
    there = d.lower.netns ?? macvlanOf(d)?.port.net ?? vlanOf(d)?.home;
  }
  if (!here || !there || here === there) return undefined;
  return there.netnsName !== undefined ? `link-netns ${there.netnsName}` : `link-netnsid ${peernet2idAlloc(here, there)}`;
}
