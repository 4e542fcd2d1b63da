import type { NetDevice } from '../../kernel/netdevice';
import { peernet2idAlloc } from '../../kernel/net_namespace_ids';
import type { LinkView } from './ip-addr';

/*
 * How `ip link` shows the devices made with `ip link add` (ip/ipaddress.c print_linkinfo,
 * print_link_flags): a veth as NAME@PEER with M-DOWN while its peer is down, a dummy as
 * NOARP with operstate UNKNOWN (it has no operstate of its own), `qdisc noop` until the
 * device was first up (dev_activate attaches noqueue).
 */

export function runtimeLinkView(d: NetDevice): LinkView {
  const qdisc = d.qdiscNoop ? 'noop' : 'noqueue';
  const linkLine = `link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff`;
  const base = { ifindex: d.ifindex, name: d.name, mtu: d.mtu, master: d.master?.name, linkLine, addrs: d.addrs, qdisc, kind: d.type, slaveKind: d.master ? 'bridge' : undefined };
  if (d.type === 'dummy') {
    return { ...base, flags: d.up ? 'BROADCAST,NOARP,UP,LOWER_UP' : 'BROADCAST,NOARP', state: d.up ? 'UNKNOWN' : 'DOWN' };
  }
  // A peer in another namespace is known only by its ifindex and that namespace's id there.
  if (d.peer && d.netns && d.peer.netns && d.peer.netns !== d.netns) {
    const id = peernet2idAlloc(d.netns, d.peer.netns);
    const where = d.peer.netns.netnsName !== undefined ? `link-netns ${d.peer.netns.netnsName}` : `link-netnsid ${id}`;
    return vethView({ ...base, linkLine: `${linkLine} ${where}` }, d, `if${d.peer.ifindex}`, '');
  }
  // print_link_flags' M-DOWN: the IFLA_LINK device (the peer) is not up.
  return vethView(base, d, d.peer?.name, d.peer?.up ? '' : ',M-DOWN');
}

function vethView(base: Omit<LinkView, 'flags' | 'state'>, d: NetDevice, peer: string | undefined, mdown: string): LinkView {
  if (!d.up) return { ...base, peer, flags: `BROADCAST,MULTICAST${mdown}`, state: 'DOWN' };
  if (d.carrier) return { ...base, peer, flags: `BROADCAST,MULTICAST,UP,LOWER_UP${mdown}`, state: 'UP' };
  return { ...base, peer, flags: `NO-CARRIER,BROADCAST,MULTICAST,UP${mdown}`, state: 'LOWERLAYERDOWN' };
}
