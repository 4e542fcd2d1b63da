import type { BridgeSlaveOptions } from './ip-link-bridge-slave';
import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import type { Cidr, Negatable, RouteType, Scope, TableRef, Word } from './types';

/* Typed `ip` commands (iproute2): addr, link, route, rule, neigh and the show commands. */

export interface IpAddrChange {
  kind: 'ip-addr';
  action: 'add' | 'del' | 'replace' | 'change';
  address: Ip4;
  prefixLen: number;
  /** False for `ip addr del 10.0.0.1 dev x`: iproute2's wildcard deletion (any prefix length). */
  prefixGiven: boolean;
  /** `peer P/N` (IFA_ADDRESS): a point-to-point address; prefixLen is then the peer's. */
  peer?: Ip4;
  dev: Word;
  label?: string;
  scope?: Scope;
  /** `brd +` computes the directed broadcast, `brd -` none; an address is used as given. */
  broadcast?: Ip4 | '+' | '-';
  metric?: number;
  /** No prefix route is added for the subnet. */
  noprefixroute: boolean;
  /** What ip prints on stderr although it succeeds (wildcard deletion). */
  warning?: string;
}

export interface IpAddrFlush {
  kind: 'ip-addr-flush';
  dev?: Word;
  scope?: Scope;
  /** Flush only addresses inside this prefix (`ip addr flush 10.0.0.0/8`). */
  prefix?: Cidr;
  label?: string;
}

export interface IpLinkSet {
  kind: 'ip-link-set';
  dev: Word;
  up?: boolean;
  address?: Mac;
  mtu?: number;
  name?: string;
  arp?: boolean;
  promisc?: boolean;
  /** `master BR` (a device name) or `nomaster` (null). */
  master?: Word | null;
  /** `type bridge_slave …`: the port flags (ip-link-bridge-slave.ts). */
  brport?: BridgeSlaveOptions;
}

/** `ip link add NAME type KIND` (the kinds modelled so far). */
/** IFLA_MACVLAN_MODE as `ip link add … type macvlan mode MODE` names it. */
export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru';

/** IFLA_VLAN_*: what `type vlan` was given (the kernel checks presence and range). */
export interface VlanOptions {
  id?: number;
  /** IFLA_VLAN_PROTOCOL: 0x8100 (802.1Q) or 0x88a8 (802.1ad). */
  protocol?: number;
  reorderHdr?: boolean;
}

/** `address LLADDR` and `mtu N` of `ip link add` (null: not 6 bytes, which the kernel refuses). */
export interface CreateAttrs {
  address?: Mac | null;
  mtu?: number;
}

export interface IpLinkAdd extends CreateAttrs {
  kind: 'ip-link-add';
  name?: Word;
  type: 'veth' | 'dummy' | 'bridge' | 'macvlan' | 'vlan' | 'vxlan' | 'ipip';
  /** `link DEV`: IFLA_LINK, the lower device of a macvlan or vlan. */
  link?: Word;
  macvlanMode?: MacvlanMode;
  vlan?: VlanOptions;
  /** vxlan: its options (command/ip-link-vxlan.ts). */
  vxlan?: VxlanOptions;
  /** ipip: its options (command/ip-link-ipip.ts). */
  ipip?: IpipOptions;
  /** What iproute2 prints on stderr while succeeding (vxlan without dstport). */
  warning?: string;
  /** veth: `peer name PEER`. */
  peerName?: Word;
  /** `netns NS`: the namespace the device is made in (a name ip netns add gave, or a pid). */
  netns?: Word;
  /** veth: `peer … netns NS`: the peer's namespace. */
  peerNetns?: Word;
  /** veth: `peer … address LLADDR mtu N`. */
  peer?: CreateAttrs;
  /** bridge: `stp_state N`, `ageing_time N` (centiseconds). */
  stpState?: number;
  ageingTime?: number;
  /**
   * bridge: `mcast_snooping 0|1`. The model never snoops (it floods multicast) and does not send
   * the IGMP report for 224.0.0.106 a snooping bridge with an address sends (br_multicast_join_snoopers).
   */
  mcastSnooping?: number;
}

/** `type vxlan` options (iproute2 ip/iplink_vxlan.c), the IPv4 ones the simulator models. */
/** `type ipip` options (iproute2 ip/link_iptnl.c): 0 is `any` for an address, `inherit` for ttl; tos 1 is inherit. */
export interface IpipOptions {
  remote: number;
  local: number;
  dev?: Word;
  ttl: number;
  tos: number;
  pmtudisc: boolean;
  /** IFLA_IPTUN_PROTO: 0 (any, iproute2's default) or 4 (mode ipip). */
  proto: number;
}

export interface VxlanOptions {
  vni?: number;
  remote?: Ip4;
  group?: Ip4;
  local?: Ip4;
  /** `dev PHYS_DEV`, resolved by name when the command runs. */
  dev?: Word;
  dstPort?: number;
  portMin?: number;
  portMax?: number;
  learning: boolean;
  ttl?: number;
  ttlInherit?: boolean;
  tos?: number;
  ageing?: number;
}

export interface IpLinkDel {
  kind: 'ip-link-del';
  dev: Word;
}

export type RouteAction = 'add' | 'del' | 'replace' | 'change' | 'append' | 'prepend' | 'test';

export interface IpRouteChange {
  kind: 'ip-route';
  action: RouteAction;
  /**
   * What `ip` puts in the request. On add/replace/change/append/prepend/test it fills in the
   * defaults (type unicast, protocol boot, scope host/link/global by type and gateway); on
   * del it leaves type, scope and protocol unset, which the kernel treats as wildcards.
   */
  type?: RouteType;
  dst: Cidr;
  via?: Ip4;
  dev?: Word;
  src?: Ip4;
  metric?: number;
  /** main, or local for local/broadcast/nat/anycast routes, unless given. */
  table: TableRef;
  scope?: Scope;
  onlink: boolean;
  /** rtm_protocol number. */
  protocol?: number;
  mtu?: number;
  tos?: number;
  /** `nexthop via A dev D weight W onlink` ... (RTA_MULTIPATH). */
  nexthops?: { via?: Ip4; dev?: Word; weight: number; onlink: boolean }[];
}

/** `ip route flush`: the selectors of `ip route show`. */
export type IpRouteFlush = Omit<IpRouteShow, 'kind'> & { kind: 'ip-route-flush' };

export interface IpRouteShow {
  kind: 'ip-route-show';
  table?: TableRef | 'all' | 'cache';
  dev?: Word;
  protocol?: number;
  scope?: Scope;
  type?: RouteType;
  root?: Cidr;
  match?: Cidr;
  exact?: Cidr;
  via?: Cidr;
  src?: Cidr;
}

export interface IpRouteGet {
  kind: 'ip-route-get';
  dst: Ip4;
  /** Set when the address had a prefix other than /32: ip warns and uses /32. */
  warning?: string;
  from?: Ip4;
  iif?: Word;
  oif?: Word;
  mark?: number;
  tos?: number;
  uid?: number;
  ipproto?: number;
  sport?: number;
  dport?: number;
  fibmatch: boolean;
}

export type RuleAction =
  | { kind: 'lookup'; table: TableRef }
  | { kind: 'goto'; target: number }
  | { kind: 'nop' }
  | { kind: 'blackhole' | 'unreachable' | 'prohibit' };

export interface IpRuleChange {
  kind: 'ip-rule';
  /** `flush` deletes every rule but priority 0's (iprule.c flush_rule). */
  action: 'add' | 'del' | 'flush';
  not: boolean;
  from?: Cidr;
  to?: Cidr;
  priority?: number;
  tos?: number;
  fwmark?: { value: number; mask?: number };
  iif?: string;
  oif?: string;
  /** Undefined on add means `lookup main`, as `ip` sends it. */
  ruleAction?: RuleAction;
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  protocol?: number;
  /** FRA_IP_PROTO; FRA_SPORT_RANGE / FRA_DPORT_RANGE / FRA_UID_RANGE as inclusive ranges. */
  ipproto?: number;
  sport?: { start: number; end: number };
  dport?: { start: number; end: number };
  uidrange?: { start: number; end: number };
}

export type NudState = 'permanent' | 'reachable' | 'noarp' | 'none' | 'stale' | 'incomplete' | 'delay' | 'probe' | 'failed';

export interface IpNeighChange {
  kind: 'ip-neigh';
  action: 'add' | 'replace' | 'change' | 'del';
  address: Ip4;
  dev: Word;
  /** `lladdr null` is written as null. */
  lladdr?: Mac | null;
  /** `ip neigh add` defaults to permanent. */
  nud: NudState;
  proxy: boolean;
  router: boolean;
}

export interface IpNeighFlush {
  kind: 'ip-neigh-flush';
  dev?: Word;
  prefix?: Cidr;
  /** Default: every state but PERMANENT and NOARP. */
  nud?: NudState | 'all';
}

export interface IpShow {
  kind: 'ip-addr-show' | 'ip-link-show' | 'ip-rule-show' | 'ip-neigh-show';
  dev?: Word;
  /** Extra selectors, kept as words (the printer filters by them). */
  selectors: Word[];
}

/** Global `ip` options that change output (`-4`, `-br`, `-d`, `-s`...). */
export interface IpGlobalOptions {
  family?: 'inet' | 'inet6' | 'link';
  brief: boolean;
  details: boolean;
  stats: number;
  color: boolean;
  json: boolean;
  oneline: boolean;
  numeric: boolean;
}

export type IpCommand = (
  | IpAddrChange
  | IpAddrFlush
  | IpLinkSet
  | IpLinkAdd
  | IpLinkDel
  | IpRouteChange
  | IpRouteFlush
  | IpRouteShow
  | IpRouteGet
  | IpRuleChange
  | IpNeighChange
  | IpNeighFlush
  | IpShow
) & { ipOptions: IpGlobalOptions };
