import type { Ip4 } from '../../addr/ipv4';
import type { Stack } from '../stack';

/*
 * include/net/ip_vs.h and uapi/linux/ip_vs.h: a virtual service, its real servers
 * (destinations) and a scheduler's operations.
 */

/** IP_VS_VERSION_CODE 0x010201 and the default connection table size (1 << CONFIG_IP_VS_TAB_BITS 12). */
export const IP_VS_VERSION = '1.2.1';
export const IP_VS_CONN_TAB_SIZE = 4096;

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** The forwarding method in a destination's conn_flags (IP_VS_CONN_F_FWD_MASK). */
export const IP_VS_CONN_F_MASQ = 0x0000;
export const IP_VS_CONN_F_LOCALNODE = 0x0001;
export const IP_VS_CONN_F_TUNNEL = 0x0002;
export const IP_VS_CONN_F_DROUTE = 0x0003;
export type IpVsFwd = typeof IP_VS_CONN_F_MASQ | typeof IP_VS_CONN_F_LOCALNODE | typeof IP_VS_CONN_F_TUNNEL | typeof IP_VS_CONN_F_DROUTE;

export const IP_VS_SVC_F_PERSISTENT = 0x0001;
/** The scheduler flags (ipvsadm -b): sh and mh read the first two as fallback and port. */
export const IP_VS_SVC_F_SCHED1 = 0x0008;
export const IP_VS_SVC_F_SCHED2 = 0x0010;
export const IP_VS_SVC_F_SCHED3 = 0x0020;

/** A tunnelling destination's encapsulation (IP_VS_CONN_F_TUNNEL_TYPE_*). */
export const IP_VS_CONN_F_TUNNEL_TYPE_IPIP = 0;
export const IP_VS_CONN_F_TUNNEL_TYPE_GUE = 1;
export const IP_VS_CONN_F_TUNNEL_TYPE_GRE = 2;
export const TUNNEL_TYPE_NAMES = ['ipip', 'gue', 'gre'] as const;
/** IP_VS_TUNNEL_ENCAP_FLAG_*: no checksum (0), checksum, remote checksum offload. */
export const IP_VS_TUNNEL_ENCAP_FLAG_CSUM = 1;
export const IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM = 2;
/** IP_VS_DEST_F_AVAILABLE: in its service's list (cleared when the server is deleted, its connections left behind). */
export const IP_VS_DEST_F_AVAILABLE = 0x0001;
/** IP_VS_DEST_F_OVERLOAD: above its upper connection threshold. */
export const IP_VS_DEST_F_OVERLOAD = 0x0002;

/** Default persistence timeout, seconds (ipvsadm's IPVS_SVC_PERSISTENT_TIMEOUT). */
export const IPVS_SVC_PERSISTENT_TIMEOUT = 360;

/** What identifies a service: (protocol, address, port), or a firewall mark. */
export interface IpVsServiceKey {
  fwmark: number;
  protocol: number;
  addr: Ip4;
  port: number;
}

export interface IpVsStats {
  conns: number;
  inpkts: number;
  outpkts: number;
  inbytes: number;
  outbytes: number;
}

export const emptyStats = (): IpVsStats => ({ conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 });

export interface IpVsDest {
  addr: Ip4;
  port: number;
  connFlags: IpVsFwd;
  weight: number;
  flags: number;
  uThreshold: number;
  lThreshold: number;
  activeconns: number;
  inactconns: number;
  persistconns: number;
  stats: IpVsStats;
  /** Tunnelling only: the encapsulation, GUE's UDP port, its checksum flags. */
  tunType: number;
  tunPort: number;
  tunFlags: number;
}

export interface IpVsService extends IpVsServiceKey {
  flags: number;
  /** Persistence timeout in seconds. */
  timeout: number;
  netmask: Ip4;
  scheduler: IpVsScheduler;
  /** Scheduler's private state (svc->sched_data). */
  schedData: unknown;
  /** svc->destinations: the kernel adds a destination at the list's head (list_add_rcu). */
  destinations: IpVsDest[];
  stats: IpVsStats;
}

/** The packet facts a scheduler may hash on (sh: the source, dh: the destination). */
export interface IpVsIphdr {
  saddr: Ip4;
  daddr: Ip4;
  sport: number;
  dport: number;
}

/** struct ip_vs_scheduler. */
export interface IpVsScheduler {
  name: string;
  initService?(svc: IpVsService): void;
  /** add_dest, del_dest and upd_dest: the destinations changed. */
  destChanged?(svc: IpVsService, dest: IpVsDest, change: 'add' | 'del' | 'upd'): void;
  schedule(svc: IpVsService, iph: IpVsIphdr): IpVsDest | undefined;
}

/** ip_vs_dest_conn_overhead: active connections weigh 256 times an inactive one. */
export const connOverhead = (d: IpVsDest) => d.activeconns * 256 + d.inactconns;

/** A destination a scheduler may choose: weight above zero and not overloaded. */
export const available = (d: IpVsDest) => d.weight > 0 && !(d.flags & IP_VS_DEST_F_OVERLOAD);

/** struct netns_ipvs: a namespace's IPVS state. */
export interface NetnsIpvs {
  /** Services in the order added; ipvsadm sorts what it lists. */
  services: IpVsService[];
  /** The timeouts ipvsadm --set changes (seconds): TCP ESTABLISHED, TCP FIN_WAIT, UDP. */
  timeouts: { tcp: number; tcpfin: number; udp: number };
}

const perNet = new WeakMap<Stack, NetnsIpvs>();

/** net_ipvs(net): the namespace's IPVS state, made on first use as the module's pernet init does. */
export function netIpvs(stack: Stack): NetnsIpvs {
  let ipvs = perNet.get(stack);
  if (!ipvs) perNet.set(stack, (ipvs = { services: [], timeouts: { tcp: 15 * 60, tcpfin: 2 * 60, udp: 5 * 60 } }));
  return ipvs;
}

/** __ip_vs_service_find / __ip_vs_svc_fwm_find: one exact service. */
export function ipVsServiceFind(ipvs: NetnsIpvs, key: IpVsServiceKey): IpVsService | undefined {
  return ipvs.services.find((s) =>
    key.fwmark ? s.fwmark === key.fwmark : !s.fwmark && s.protocol === key.protocol && s.addr === key.addr && s.port === key.port,
  );
}
