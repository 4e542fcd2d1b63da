import { Errno } from '../errors';
import type { Stack } from '../stack';
import type { IpVsDest, IpVsFwd, IpVsService, IpVsServiceKey, NetnsIpvs } from './ip_vs';
import { emptyStats, IP_VS_CONN_F_TUNNEL_TYPE_GUE, IP_VS_DEST_F_AVAILABLE, ipVsServiceFind, IP_VS_SVC_F_PERSISTENT, IPPROTO_TCP, IPPROTO_UDP, netIpvs } from './ip_vs';
import { ipVsExpireNodestConnFlush } from './ip_vs_conn';
import { ipVsRegisterHooks, ipVsUnregisterHooks } from './ip_vs_core';

export { ipVsServiceFind, netIpvs };
import { ipVsSchedulerGet } from './ip_vs_sched';

/*
 * ip_vs_ctl.c: the per-namespace table of virtual services (net_generic's netns_ipvs) and
 * the set commands ipvsadm sends (IP_VS_SO_SET_* / IPVS_CMD_*), each answering an errno as
 * do_ip_vs_set_ctl does.
 */

/** struct ip_vs_service_user_kern. */
export interface IpVsServiceUser extends IpVsServiceKey {
  schedName: string;
  flags: number;
  timeout: number;
  netmask: number;
}

/** struct ip_vs_dest_user_kern. */
export interface IpVsDestUser {
  addr: number;
  port: number;
  connFlags: IpVsFwd;
  weight: number;
  uThreshold: number;
  lThreshold: number;
  tunType?: number;
  tunPort?: number;
  tunFlags?: number;
}

const { EEXIST, ENOENT, ESRCH, ERANGE, EFAULT, EINVAL } = { ...Errno, EFAULT: 14 };

/** ip_vs_add_dest / ip_vs_edit_dest: a GUE tunnel needs its port. */
const badTunnel = (u: IpVsDestUser) => u.tunType === IP_VS_CONN_F_TUNNEL_TYPE_GUE && !u.tunPort;

function addService(ipvs: NetnsIpvs, u: IpVsServiceUser): number | undefined {
  const scheduler = ipVsSchedulerGet(u.schedName);
  if (!scheduler) return ENOENT;
  const persistent = (u.flags & IP_VS_SVC_F_PERSISTENT) !== 0;
  const svc: IpVsService = {
    fwmark: u.fwmark, protocol: u.protocol, addr: u.addr, port: u.port,
    flags: u.flags, timeout: persistent ? u.timeout : 0, netmask: u.netmask,
    scheduler, schedData: undefined, destinations: [], stats: emptyStats(),
  };
  scheduler.initService?.(svc);
  ipvs.services.push(svc);
  return undefined;
}

/** ip_vs_register_hooks with the first service, ip_vs_unregister_hooks after the last. */
function syncHooks(stack: Stack, ipvs: NetnsIpvs): void {
  if (ipvs.services.length) ipVsRegisterHooks(stack);
  else ipVsUnregisterHooks(stack);
}

function editService(svc: IpVsService, u: IpVsServiceUser): number | undefined {
  const scheduler = ipVsSchedulerGet(u.schedName);
  if (!scheduler) return ENOENT;
  svc.flags = u.flags;
  svc.timeout = u.flags & IP_VS_SVC_F_PERSISTENT ? u.timeout : 0;
  svc.netmask = u.netmask;
  if (scheduler !== svc.scheduler) {
    // ip_vs_unbind_scheduler then ip_vs_bind_scheduler: the new one starts afresh.
    svc.scheduler = scheduler;
    scheduler.initService?.(svc);
  }
  return undefined;
}

function findDest(svc: IpVsService, u: Pick<IpVsDestUser, 'addr' | 'port'>): IpVsDest | undefined {
  return svc.destinations.find((d) => d.addr === u.addr && d.port === u.port);
}

function addDest(svc: IpVsService, u: IpVsDestUser): number | undefined {
  if (u.weight < 0) return ERANGE;
  if (u.lThreshold > u.uThreshold) return ERANGE;
  if (badTunnel(u)) return EINVAL;
  if (findDest(svc, u)) return EEXIST;
  const dest: IpVsDest = {
    addr: u.addr, port: u.port, connFlags: u.connFlags, weight: u.weight, flags: IP_VS_DEST_F_AVAILABLE,
    uThreshold: u.uThreshold, lThreshold: u.lThreshold, activeconns: 0, inactconns: 0, persistconns: 0, stats: emptyStats(),
    tunType: u.tunType ?? 0, tunPort: u.tunPort ?? 0, tunFlags: u.tunFlags ?? 0,
  };
  svc.destinations.unshift(dest);
  svc.scheduler.destChanged?.(svc, dest, 'add');
  return undefined;
}

function editDest(svc: IpVsService, u: IpVsDestUser): number | undefined {
  if (u.weight < 0) return ERANGE;
  if (u.lThreshold > u.uThreshold) return ERANGE;
  if (badTunnel(u)) return EINVAL;
  const dest = findDest(svc, u);
  if (!dest) return ENOENT;
  Object.assign(dest, { connFlags: u.connFlags, weight: u.weight, uThreshold: u.uThreshold, lThreshold: u.lThreshold, tunType: u.tunType ?? 0, tunPort: u.tunPort ?? 0, tunFlags: u.tunFlags ?? 0 });
  svc.scheduler.destChanged?.(svc, dest, 'upd');
  return undefined;
}

function delDest(svc: IpVsService, u: IpVsDestUser): number | undefined {
  const dest = findDest(svc, u);
  if (!dest) return ENOENT;
  svc.scheduler.destChanged?.(svc, dest, 'del');
  unlinkDest(svc, dest);
  return undefined;
}

/** __ip_vs_unlink_dest: out of the list and no longer available; its connections keep pointing at it. */
function unlinkDest(svc: IpVsService, dest: IpVsDest): void {
  dest.flags &= ~IP_VS_DEST_F_AVAILABLE;
  svc.destinations.splice(svc.destinations.indexOf(dest), 1);
}

export type IpVsSetCmd = 'add' | 'edit' | 'del' | 'zero' | 'add-dest' | 'edit-dest' | 'del-dest';

/** do_ip_vs_set_ctl for one command on a service (FLUSH is ipVsFlush). */
export function ipVsSetCtl(stack: Stack, cmd: IpVsSetCmd, usvc: IpVsServiceUser, udest?: IpVsDestUser): number | undefined {
  const ipvs = netIpvs(stack);
  // Only TCP, UDP (and SCTP) services, even for a firewall mark.
  if (usvc.protocol !== IPPROTO_TCP && usvc.protocol !== IPPROTO_UDP) return EFAULT;
  const svc = ipVsServiceFind(ipvs, usvc);
  if (cmd === 'add') {
    if (svc) return EEXIST;
    const errno = addService(ipvs, usvc);
    syncHooks(stack, ipvs);
    return errno;
  }
  if (!svc || svc.protocol !== usvc.protocol) return ESRCH;
  switch (cmd) {
    case 'edit':
      return editService(svc, usvc);
    case 'del':
      for (const d of [...svc.destinations]) unlinkDest(svc, d);
      ipvs.services.splice(ipvs.services.indexOf(svc), 1);
      syncHooks(stack, ipvs);
      enqueueExpireNodestConns(stack);
      return undefined;
    case 'zero':
      svc.stats = emptyStats();
      for (const d of svc.destinations) d.stats = emptyStats();
      return undefined;
    case 'add-dest':
      return addDest(svc, udest!);
    case 'edit-dest':
      return editDest(svc, udest!);
    case 'del-dest': {
      const errno = delDest(svc, udest!);
      if (errno === undefined) enqueueExpireNodestConns(stack);
      return errno;
    }
  }
}

/** ip_vs_enqueue_expire_nodest_conns (__ip_vs_del_dest): with expire_nodest_conn, a deleted server's connections end without waiting for a packet. */
function enqueueExpireNodestConns(stack: Stack): void {
  if (stack.sysctl.global['net.ipv4.vs.expire_nodest_conn']) ipVsExpireNodestConnFlush(stack);
}

/** IP_VS_SO_SET_FLUSH: every service goes. */
export function ipVsFlush(stack: Stack): void {
  const ipvs = netIpvs(stack);
  for (const svc of ipvs.services) for (const d of [...svc.destinations]) unlinkDest(svc, d);
  ipvs.services.length = 0;
  syncHooks(stack, ipvs);
  enqueueExpireNodestConns(stack);
}

/** ip_vs_set_timeout (IPVS_CMD_SET_CONFIG): each non-zero value replaces its timeout. */
export function ipVsSetTimeout(stack: Stack, tcp: number, tcpfin: number, udp: number): void {
  const t = netIpvs(stack).timeouts;
  if (tcp) t.tcp = tcp;
  if (tcpfin) t.tcpfin = tcpfin;
  if (udp) t.udp = udp;
}
