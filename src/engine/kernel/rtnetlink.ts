import { AF_INET, type Family } from '../addr/family';
import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import { brNewlink } from './bridge';
import { brStpUpdate } from './br_stp';
import { dummyNewlink } from './dummy';
import { addAddress, delAddress, loopbackUp, rebuildKernelRoutes } from './devinet';
import { Errno, KernelError } from './errors';
import { RT_SCOPE_HOST, type RouteType } from './fib';
import { nhDead } from './fib_multipath';
import { addRule, createRoute, deleteRoute, deleteRule, insertRoute } from './fib_frontend';
import type { FibRule } from './fib_rules';
import { devChangeName } from './link';
import { macvlanNewlink, type MacvlanMode } from './macvlan';
import { linkwatchStacked, mtuChangedStacked, ndoChangeMtu, ndoOpen, rtnlDellink } from './rtnl_link_ops';
import { vlanNewlink, type VlanNewlinkOptions } from './vlan';
import { vlanChildren } from './vlan_core';
import type { NetDevice } from './netdevice';
import { neighFindTable, type NeighTable } from './neighbour';
import type { Stack } from './stack';
import { vethCarrierUpdate, vethNewlink } from './veth';
import { vxlanChangeUp, vxlanNewlink, type VxlanConfig } from './vxlan';
import { ipipNewlink, type IpTunnelParms } from './ipip';
import { loadModule } from './module';

/*
 * rtnetlink (net/core/rtnetlink.c and the doit handlers it dispatches to): what a tool sends is
 * a message object naming devices by ifindex; what comes back is the ack, an errno (0: done)
 * and the extended ack message when the kernel sets one. No tool wording lives here.
 */

/** nlmsgerr: error 0 is success; extack is NLMSGERR_ATTR_MSG. */
export interface NlAck {
  errno: number;
  extack?: string;
}

const ACK_OK: NlAck = { errno: 0 };

/** RTM_NEWADDR / RTM_DELADDR (struct ifaddrmsg + IFA_* attributes). */
export interface IfAddrMsg {
  ifindex: number;
  local: Ip4;
  /** IFA_ADDRESS when it is not IFA_LOCAL: a point-to-point address's peer. */
  address?: Ip4;
  /** IFA prefix length; for a delete, undefined when the user gave none (any length matches). */
  prefixLen?: number;
  broadcast?: Ip4;
  scope: number;
  label: string;
  /** IFA_F_NOPREFIXROUTE: no route to the address's subnet. */
  noprefixroute?: boolean;
}

/** RTM_SETLINK (struct ifinfomsg + IFLA_ADDRESS, IFLA_MTU, IFLA_MASTER, IFF_UP). */
export interface IfInfoMsg {
  ifindex: number;
  address?: Mac;
  mtu?: number;
  up?: boolean;
  /** IFLA_MASTER: the ifindex of the bridge to enslave to; 0 releases the device (nomaster). */
  master?: number;
  /** IFLA_IFNAME: a new name. */
  ifname?: string;
}

/** RTM_NEWLINK creating a device: IFLA_IFNAME and the IFLA_INFO_KIND of its rtnl_link_ops. */
/** IFLA_ADDRESS (null: not 6 bytes, which the kernel refuses) and IFLA_MTU at creation. */
export interface CreateAttrs {
  address?: Mac | null;
  mtu?: number;
}

export interface NewLinkMsg extends CreateAttrs {
  /** Absent: the kind's `NAME%d` pattern (dev_alloc_name). */
  ifname?: string;
  kind: 'bridge' | 'veth' | 'dummy' | 'macvlan' | 'vlan' | 'vxlan' | 'ipip';
  /** IFLA_LINK: the lower device of a macvlan or vlan. */
  link?: number;
  /** macvlan: IFLA_MACVLAN_MODE (vepa when absent, as the kernel defaults). */
  macvlanMode?: MacvlanMode;
  /** vlan: IFLA_VLAN_ID, IFLA_VLAN_PROTOCOL, IFLA_VLAN_FLAGS' REORDER_HDR. */
  vlan?: VlanNewlinkOptions;
  /** vxlan: the IFLA_VXLAN_* attributes. */
  vxlan?: VxlanConfig;
  /** ipip: the IFLA_IPTUN_* attributes (link: IFLA_IPTUN_LINK's ifindex). */
  ipip?: Omit<IpTunnelParms, 'link'> & { link?: number };
  /** veth: the peer's IFLA_IFNAME (VETH_INFO_PEER). */
  peerName?: string;
  /** bridge: IFLA_BR_STP_STATE, IFLA_BR_AGEING_TIME (centiseconds). */
  stpState?: number;
  ageingTime?: number;
  /** bridge: IFLA_BR_MCAST_SNOOPING (1 when absent). */
  mcastSnooping?: number;
  /** IFLA_NET_NS_FD: the namespace the device is made in (IFLA_NET_NS_PID of no process: ESRCH). */
  net?: Stack | number;
  /** veth: the peer's own IFLA_ADDRESS and IFLA_MTU (VETH_INFO_PEER); it keeps the defaults otherwise. */
  peer?: CreateAttrs;
  /** veth: the peer's IFLA_NET_NS_FD. */
  peerNet?: Stack | number;
}

/** RTM_NEWROUTE / RTM_DELROUTE (struct rtmsg + RTA_* attributes). */
export interface RtMsg {
  type?: RouteType;
  dst: Ip4;
  len: number;
  table: number;
  gateway?: Ip4;
  oif?: number;
  prefsrc?: Ip4;
  metric?: number;
  scope?: number;
  protocol?: number;
  tos?: number;
  onlink?: boolean;
  /** RTA_MULTIPATH: struct rtnexthop (ifindex, hops = weight - 1, RTNH_F_ONLINK) + RTA_GATEWAY each. */
  multipath?: { gateway?: Ip4; oif?: number; weight: number; onlink?: boolean }[];
}

/** NLM_F_EXCL (add), NLM_F_REPLACE (replace, change) or NLM_F_APPEND (append, prepend). */
export type NewRouteMode = 'add' | 'replace' | 'append';

/** RTM_NEWRULE (struct fib_rule_hdr + FRA_* attributes); no priority: the kernel picks one. */
/** RTM_NEWRULE (struct fib_rule_hdr + FRA_*); family AF_INET when absent. */
export type FibRuleMsg = Omit<FibRule, 'priority'> & { priority?: number; family?: Family };

/** RTM_NEWNEIGH / RTM_DELNEIGH (struct ndmsg + NDA_*). */
export interface NdMsg {
  /** ndm_family; AF_INET when absent (what `ip neigh` sends for an IPv4 address). */
  family?: Family;
  ifindex: number;
  dst: Ip4;
  /** NDA_LLADDR; null: the user said `lladdr null`. */
  lladdr?: Mac | null;
  /** The NUD state as iproute2 names it (permanent, noarp, reachable, stale, none...). */
  nud: string;
}

/** Runs a doit handler: its KernelError becomes the ack. */
export function doit(fn: () => void): NlAck {
  try {
    fn();
    return ACK_OK;
  } catch (e) {
    if (e instanceof KernelError) return { errno: e.errno, extack: e.extack };
    throw e;
  }
}

/** __dev_get_by_index. */
export function devGetByIndex(stack: Stack, ifindex: number): NetDevice | undefined {
  return stack.devices.find((d) => d.ifindex === ifindex);
}

function devOf(stack: Stack, ifindex: number): NetDevice {
  const dev = devGetByIndex(stack, ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV);
  return dev;
}

/** inet_rtm_newaddr. */
export function rtmNewAddr(stack: Stack, m: IfAddrMsg): NlAck {
  return doit(() => {
    addAddress(stack, devOf(stack, m.ifindex), { local: m.local, peer: m.address !== undefined && m.address !== m.local ? m.address : undefined, prefixLen: m.prefixLen ?? 32, broadcast: m.broadcast, scope: m.scope, label: m.label, ...(m.noprefixroute ? { noprefixroute: true } : {}) });
  });
}

/** inet_rtm_deladdr. */
export function rtmDelAddr(stack: Stack, m: Pick<IfAddrMsg, 'ifindex' | 'local' | 'prefixLen' | 'address'>): NlAck {
  return doit(() => delAddress(stack, devOf(stack, m.ifindex), m.local, m.prefixLen, m.address));
}

/** rtnl_newlink for a new device (`ip link add NAME type KIND`): a name taken is EEXIST before the driver runs. */
export function rtmNewLink(stack: Stack, m: NewLinkMsg): NlAck {
  return doit(() => {
    // rtnl_link_get_net: the target namespace, then the peer's (veth_newlink), before any name check.
    if (typeof m.net === 'number' || typeof m.peerNet === 'number') throw new KernelError(Errno.ESRCH);
    const net = m.net ?? stack;
    if (m.ifname !== undefined && net.byName.has(m.ifname)) throw new KernelError(Errno.EEXIST);
    // rtnl_create_link: IFLA_ADDRESS must be an Ethernet address, IFLA_MTU within the device's bounds.
    for (const attrs of [m, m.peer ?? {}]) {
      if (attrs.address === null) throw new KernelError(Errno.EINVAL);
      if (attrs.mtu !== undefined && (attrs.mtu < ETH_MIN_MTU || attrs.mtu > ETH_MAX_MTU)) throw new KernelError(Errno.EINVAL);
    }
    let dev: NetDevice;
    if (m.kind === 'veth') {
      dev = vethNewlink(net, m.ifname, m.peerName, m.peerNet ?? stack);
      setCreateAttrs(dev.peer!, m.peer ?? {});
    } else if (m.kind === 'dummy') dev = dummyNewlink(net, m.ifname);
    else if (m.kind === 'macvlan') dev = macvlanNewlink(net, m.ifname, m.link === undefined ? undefined : devOf(stack, m.link), m.macvlanMode ?? 'vepa');
    else if (m.kind === 'vlan') dev = vlanNewlink(net, m.ifname, m.link === undefined ? undefined : devOf(stack, m.link), m.vlan ?? {});
    else if (m.kind === 'vxlan') dev = vxlanNewlink(net, m.ifname, m.vxlan!);
    else if (m.kind === 'ipip') {
      // rtnl_newlink's request_module("rtnl-link-ipip"): the module loads, and with it every namespace's tunl0.
      loadModule(net, 'ipip');
      const { link, ...p } = m.ipip!;
      dev = ipipNewlink(net, m.ifname, { ...p, link: link === undefined ? undefined : devOf(stack, link) });
    }
    else dev = brNewlink(net, m.ifname, { stpState: m.stpState, ageingTime: m.ageingTime, mcastSnooping: m.mcastSnooping }).dev;
    setCreateAttrs(dev, m);
  });
}

const ETH_MIN_MTU = 68;
const ETH_MAX_MTU = 0xffff;

/** IFLA_ADDRESS and IFLA_MTU given at creation: the address is the user's (NET_ADDR_SET), a bridge keeps it. */
function setCreateAttrs(dev: NetDevice, attrs: CreateAttrs): void {
  if (attrs.address && dev.bridge) dev.bridge.setMacAddress(attrs.address);
  else if (attrs.address) dev.mac = attrs.address;
  if (attrs.mtu !== undefined) {
    ndoChangeMtu(dev, attrs.mtu);
    dev.mtu = attrs.mtu;
  }
}

/** rtnl_dellink: a device without rtnl_link_ops (lo) cannot be deleted; a veth takes its peer along. */
export function rtmDelLink(stack: Stack, m: Pick<IfInfoMsg, 'ifindex'>): NlAck {
  return doit(() => {
    const dev = devOf(stack, m.ifindex);
    if (dev.loopback) throw new KernelError(Errno.EOPNOTSUPP);
    rtnlDellink(stack, dev);
  });
}

/** do_set_master: release from the old master, then ndo_add_slave of the new one (only a bridge has one). */
function setMaster(stack: Stack, dev: NetDevice, master: number): void {
  const upper = master === 0 ? undefined : devOf(stack, master);
  if (upper === dev.master) return;
  if (upper && !upper.bridge) throw new KernelError(Errno.EOPNOTSUPP);
  dev.master?.bridge?.delIf(dev);
  // br_add_if → netdev_rx_handler_register: a macvlan's lower already has its rx_handler.
  if (upper && dev.rxHandler) throw new KernelError(Errno.EBUSY);
  upper?.bridge!.addIf(dev);
}

/** dev_set_mac_address: a bridge keeps a given address (br_set_mac_address); a port's bridge hears of it (NETDEV_CHANGEADDR). */
function setMacAddress(dev: NetDevice, mac: Mac): void {
  if (dev.bridge) return dev.bridge.setMacAddress(mac);
  const old = dev.mac;
  dev.mac = mac;
  if (old !== mac) dev.master?.bridge?.portChangeAddr(dev, old);
}

/** rtnl_setlink → do_setlink. */
export function rtmSetLink(stack: Stack, m: IfInfoMsg): NlAck {
  return doit(() => {
    const dev = devOf(stack, m.ifindex);
    if (m.ifname !== undefined) devChangeName(stack, dev, m.ifname);
    if (m.master !== undefined) setMaster(stack, dev, m.master);
    if (m.address) setMacAddress(dev, m.address);
    if (m.mtu !== undefined) {
      ndoChangeMtu(dev, m.mtu);
      dev.mtu = m.mtu;
      mtuChangedStacked(dev);
      // br_change_mtu marks a bridge's MTU the user's; a port's change re-adjusts its bridge (NETDEV_CHANGEMTU).
      if (dev.bridge) dev.bridge.mtuSet = true;
      dev.master?.bridge?.mtuAutoAdjust();
    }
    if (m.up !== undefined && m.up !== dev.up) {
      if (m.up) ndoOpen(dev);
      dev.up = m.up;
      vxlanChangeUp(dev);
      if (m.up) {
        dev.qdiscNoop = false;
        loopbackUp(stack, dev);
      }
      vethCarrierUpdate(dev);
      linkwatchStacked(dev);
      // vlan_device_event NETDEV_UP/DOWN: the real device's vlan devices follow it up and down.
      for (const v of vlanChildren(dev)) if (v.up !== m.up) rtmSetLink(v.netns ?? stack, { ifindex: v.ifindex, up: m.up });
      rebuildKernelRoutes(stack, dev);
      // Going down kills every route through the device except the host-scope local ones
      // (fib_sync_down_dev); they do not come back with `up`. A multipath route only loses
      // that nexthop (RTNH_F_DEAD, until the device is up again) unless all of them are dead.
      if (!m.up) stack.fibFlush((r) => (r.nexthops ? r.nexthops.every(nhDead) : r.dev === dev) && r.scope !== RT_SCOPE_HOST);
    }
    brStpUpdate(stack.env.now(), dev);
  });
}

function routeDev(stack: Stack, oif: number | undefined): NetDevice | undefined {
  return oif === undefined ? undefined : devOf(stack, oif);
}

/** inet_rtm_newroute: fib_create_info, then fib_table_insert. */
export function rtmNewRoute(stack: Stack, m: RtMsg, mode: NewRouteMode): NlAck {
  return doit(() => {
    const nexthops = m.multipath?.map((nh) => ({ gateway: nh.gateway, dev: routeDev(stack, nh.oif), weight: nh.weight, onlink: nh.onlink }));
    // Field by field, not a spread of the message: one shape for every route a config adds.
    const route = createRoute(stack, {
      type: m.type ?? 'unicast',
      dst: m.dst,
      len: m.len,
      table: m.table,
      gateway: m.gateway,
      dev: routeDev(stack, m.oif),
      prefsrc: m.prefsrc,
      metric: m.metric,
      scope: m.scope,
      protocol: m.protocol,
      tos: m.tos,
      onlink: m.onlink,
      nexthops,
    });
    insertRoute(stack, route, mode);
  });
}

/** inet_rtm_delroute. */
export function rtmDelRoute(stack: Stack, m: RtMsg): NlAck {
  const { multipath: _, ...rest } = m;
  return doit(() => deleteRoute(stack, { ...rest, dev: routeDev(stack, m.oif) }));
}

/** fib_nl_newrule. */
export function rtmNewRule(stack: Stack, m: FibRuleMsg): NlAck {
  return doit(() => {
    const { family, ...rule } = m;
    addRule(stack, rule, family);
  });
}

/** fib_nl_delrule: the first rule matching every selector given. */
export function rtmDelRule(stack: Stack, sel: Partial<FibRule>): NlAck {
  return doit(() => deleteRule(stack, sel));
}

/** neigh_find_table(ndm_family): a family without a table is EAFNOSUPPORT, as rtnetlink answers. */
function neighTableOf(stack: Stack, m: { family?: Family }): NeighTable {
  const tbl = neighFindTable(stack, m.family ?? AF_INET);
  if (!tbl) throw new KernelError(Errno.EAFNOSUPPORT);
  return tbl;
}

/** neigh_delete. */
export function rtmDelNeigh(stack: Stack, m: Pick<NdMsg, 'family' | 'ifindex' | 'dst'>): NlAck {
  return doit(() => {
    const tbl = neighTableOf(stack, m);
    const n = tbl.lookup(devOf(stack, m.ifindex), m.dst);
    if (!n) throw new KernelError(Errno.ENOENT);
    tbl.delete(n);
  });
}

/** neigh_add with NLM_F_CREATE|NLM_F_EXCL (add), NLM_F_CREATE|NLM_F_REPLACE (replace) or NLM_F_REPLACE (change). */
export function rtmNewNeigh(stack: Stack, m: NdMsg, mode: 'add' | 'replace' | 'change'): NlAck {
  return doit(() => {
    const dev = devOf(stack, m.ifindex);
    const tbl = neighTableOf(stack, m);
    const existing = tbl.lookup(dev, m.dst);
    if (mode === 'add' && existing) throw new KernelError(Errno.EEXIST);
    if (mode === 'change' && !existing) throw new KernelError(Errno.ENOENT);
    // nud none/incomplete/delay/probe/failed without an address make no usable entry: nothing to keep.
    if (!m.lladdr && !existing?.mac && !['permanent', 'noarp', 'reachable', 'stale'].includes(m.nud)) return;
    const state = m.nud === 'noarp' ? 'NOARP' : m.nud === 'reachable' ? 'REACHABLE' : m.nud === 'stale' ? 'STALE' : 'PERMANENT';
    // neigh_add: a valid state needs a link-layer address, given or already known (change keeps it).
    const mac = m.lladdr ?? (m.lladdr === null ? undefined : existing?.mac);
    if (!mac) throw new KernelError(Errno.EINVAL, 'No link layer address given');
    tbl.setStatic(dev, m.dst, mac, state);
  });
}

/** proc_sys_write on net.* (what `sysctl -w` and `echo V > /proc/sys/...` reach): 0 or the errno. */
export function sysctlWrite(stack: Stack, key: string, value: string): number {
  const ack = doit(() => stack.sysctl.set(key, value));
  return ack.errno;
}
