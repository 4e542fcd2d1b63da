import { Args, CommandError, matches, parseCNumber } from './args';
import { duparg, duparg2, incomplete, invarg, parseInteger, parseLladdr } from './ip-names';
import { parseIpipOptions } from './ip-link-ipip';
import { parseMacvlanOptions } from './ip-link-macvlan';
import { parseVlanOptions } from './ip-link-vlan';
import { VXLAN_DSTPORT_WARNING, parseVxlanOptions } from './ip-link-vxlan';
import type { CreateAttrs, IpipOptions, IpLinkAdd, IpLinkDel, VxlanOptions, Word } from './types';

/*
 * `ip link add` and `ip link delete` (iproute2 ip/iplink.c iplink_modify, iplink_parse;
 * ip/link_veth.c for `peer`). The kinds this kernel knows but the simulator does not model
 * are refused by name; a kind no kernel module provides is the kernel's own error.
 */

const MODELLED = ['veth', 'dummy', 'bridge', 'macvlan', 'vlan', 'vxlan', 'ipip'] as const;

/** Kinds the recording kernel has (or Linux commonly has) that the simulator does not model yet. */
const NOT_MODELLED = ['macvtap', 'ipvlan', 'bond', 'team', 'gre', 'gretap', 'sit', 'vti', 'geneve', 'wireguard', 'vrf', 'ifb', 'nlmon', 'tun', 'tap', 'netkit', 'xfrm', 'bareudp', 'erspan', 'ip6tnl', 'ip6gre', 'can', 'vcan', 'hsr', 'macsec', 'batadv'];

export function parseIpLinkAdd(args: Args): IpLinkAdd {
  let name: Word | undefined;
  let type: Word | undefined;
  let peerName: Word | undefined;
  let link: Word | undefined;
  let macvlanMode: IpLinkAdd['macvlanMode'];
  let vlan: IpLinkAdd['vlan'];
  let netns: Word | undefined;
  let peer: VethPeer = {};
  const attrs: CreateAttrs = {};
  const bridge: { stpState?: number; ageingTime?: number; mcastSnooping?: number } = {};
  let vxlan: VxlanOptions | undefined;
  let ipip: IpipOptions | undefined;
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'type') {
      type = next();
      if (type.text === 'veth') peer = parseVethPeer(args, next);
      if (type.text === 'bridge') parseBridgeOptions(args, next, bridge);
      if (type.text === 'macvlan') macvlanMode = parseMacvlanOptions(args);
      if (type.text === 'vlan') vlan = parseVlanOptions(args);
      if (type.text === 'vxlan') vxlan = parseVxlanOptions(args, next);
      if (type.text === 'ipip') ipip = parseIpipOptions(args, next);
      break;
    } else if (t === 'link') {
      link = next();
    } else if (t === 'name' || t === 'dev') {
      const value = next();
      if (name) throw duparg2(t, value);
      name = value;
    } else if (t === 'netns') {
      // iplink_parse: IFLA_NET_NS_FD of /run/netns/NAME (or IFLA_NET_NS_PID); resolved when it runs.
      const value = next();
      if (netns) throw duparg2(t, value);
      netns = value;
    } else if (t === 'address' || t === 'mtu') {
      createAttr(attrs, word, next());
    } else if (['up', 'down', 'txqueuelen', 'qlen', 'master', 'index', 'numtxqueues', 'numrxqueues', 'group', 'alias', 'arp', 'multicast', 'promisc'].includes(t)) {
      throw new CommandError(word.column, `hairpin: ip link add option '${t}' is not supported`, 2);
    } else {
      if (name) throw duparg2('dev', word);
      name = word;
    }
  }
  if (!type) throw new CommandError(args.endColumn, 'Not enough information: "type" argument is required', 1);
  if (!args.done) {
    const extra = args.take()!;
    throw new CommandError(extra.column, `hairpin: ip link add type ${type.text} option '${extra.text}' is not supported`, 2);
  }
  if (NOT_MODELLED.includes(type.text)) throw new CommandError(type.column, `hairpin: ip link add type ${type.text} is not modelled`, 2);
  if (!(MODELLED as readonly string[]).includes(type.text)) throw new CommandError(type.column, 'Error: Unknown device type.', 2);
  peerName = peer.name;
  return {
    kind: 'ip-link-add', name, type: type.text as IpLinkAdd['type'], peerName, ...attrs, ...(peer.attrs ? { peer: peer.attrs } : {}), link, macvlanMode, vlan, ...(netns ? { netns } : {}), ...(peer.netns ? { peerNetns: peer.netns } : {}), ...bridge,
    ...(ipip ? { ipip } : {}),
    ...(vxlan ? { vxlan, warning: vxlan.dstPort === undefined ? VXLAN_DSTPORT_WARNING : undefined } : {}),
  };
}

const BRIDGE_OPTIONS = ['stp_state', 'ageing_time', 'mcast_snooping'];

/** iplink_bridge.c bridge_parse_opt: the options modelled so far (get_u32 / get_u8, base 0). */
function parseBridgeOptions(args: Args, next: () => Word, out: { stpState?: number; ageingTime?: number; mcastSnooping?: number }): void {
  while (!args.done) {
    const word = args.take()!;
    if (!BRIDGE_OPTIONS.includes(word.text)) {
      throw new CommandError(word.column, `hairpin: ip link add type bridge option '${word.text}' is not supported`, 2);
    }
    const value = next();
    const n = parseCNumber(value.text);
    if (n === undefined) throw invarg(value, `invalid ${word.text}`);
    if (word.text === 'stp_state') out.stpState = n;
    else if (word.text === 'ageing_time') out.ageingTime = n;
    else out.mcastSnooping = n;
  }
}

/** link_veth.c: `peer` is followed by iplink_parse of the peer's own words: `name` and `netns` matter here. */
interface VethPeer {
  name?: Word;
  netns?: Word;
  attrs?: CreateAttrs;
}

/**
 * iplink_parse's `address LLADDR` and `mtu N`: a malformed address is ip's own error; one of the
 * wrong length is sent, and the kernel refuses it (EINVAL), unlike `ip link set`, which checks
 * it against the device.
 */
function createAttr(attrs: CreateAttrs, key: Word, value: Word): void {
  if (key.text === 'mtu') {
    if (attrs.mtu !== undefined) throw duparg('mtu', value);
    const mtu = parseInteger(value.text);
    if (mtu === undefined) throw invarg(value, 'Invalid "mtu" value\n');
    attrs.mtu = mtu;
    return;
  }
  try {
    attrs.address = parseLladdr(value);
  } catch (e) {
    if (!(e instanceof CommandError) || !e.message.startsWith('Invalid address length')) throw e;
    attrs.address = null;
  }
}

function parseVethPeer(args: Args, next: () => Word): VethPeer {
  const peer: VethPeer = {};
  if (args.done) return peer;
  const word = args.take()!;
  if (!matches(word.text, 'peer')) throw new CommandError(word.column, `hairpin: ip link add type veth option '${word.text}' is not supported`, 2);
  while (!args.done) {
    const w = args.take()!;
    if (w.text === 'address' || w.text === 'mtu') {
      createAttr((peer.attrs ??= {}), w, next());
      continue;
    }
    const key = w.text === 'name' || w.text === 'dev' ? 'name' : w.text === 'netns' ? 'netns' : undefined;
    if (!key && peer.name) throw new CommandError(w.column, `hairpin: ip link add type veth peer option '${w.text}' is not supported`, 2);
    const value = key ? next() : w;
    if (peer[key ?? 'name']) throw duparg2(key === 'netns' ? 'netns' : 'dev', value);
    peer[key ?? 'name'] = value;
  }
  return peer;
}

/** `ip link delete [dev] NAME` (the `type` it may name is not checked by the kernel here). */
export function parseIpLinkDel(args: Args): IpLinkDel {
  let dev: Word | undefined;
  while (!args.done) {
    const word = args.take()!;
    const value = word.text === 'dev' || word.text === 'name' ? args.need(() => incomplete(args.endColumn)) : word;
    if (dev) throw duparg2('dev', value);
    dev = value;
  }
  if (!dev) throw new CommandError(args.endColumn, 'Not enough information: "dev" argument is required.', 255);
  return { kind: 'ip-link-del', dev };
}
