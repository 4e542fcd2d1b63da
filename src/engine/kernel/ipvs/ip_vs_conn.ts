import type { Ip4 } from '../../addr/ipv4';
import type { Stack } from '../stack';
import type { IpVsDest, IpVsFwd, IpVsService } from './ip_vs';
import { IP_VS_DEST_F_AVAILABLE, netIpvs } from './ip_vs';
import { ipVsConntrackEnabled } from './ip_vs_nfct';
import { IP_VS_TCP_TIMEOUTS, tcpNextState, tcpStateActive, type IpVsDir, type IpVsTcpState, type TcpFlags } from './ip_vs_proto_tcp';

/*
 * ip_vs_conn.c: IPVS's connection table. Each entry ties a client (caddr:cport) and the
 * virtual address it asked for (vaddr:vport) to the real server chosen (daddr:dport), so
 * the later packets of a connection skip the scheduler; a persistence template (client port
 * 0, the service's timeout) ties a client to one real server across connections. An entry
 * goes when its timeout runs out (ip_vs_conn_expire), here on virtual time.
 */

const NS_PER_S = 1e9;

export interface IpVsConn {
  protocol: number;
  caddr: Ip4;
  cport: number;
  vaddr: Ip4;
  vport: number;
  daddr: Ip4;
  dport: number;
  /** For a firewall-mark template, the mark (vaddr and vport are then 0 and the mark). */
  fwmark: number;
  fwd: IpVsFwd;
  dest: IpVsDest;
  svc: IpVsService;
  template: boolean;
  /** IP_VS_CONN_F_INACTIVE: counted in the destination's InActConn. */
  inactive: boolean;
  /** IP_VS_CONN_F_NOOUTPUT: no reply seen through the director yet (not NAT). */
  noOutput: boolean;
  /** IPVS's TCP state, or UDP's one state (IP_VS_UDP_S_NORMAL, named "UDP"). */
  state: IpVsTcpState | 'UDP';
  /** Virtual time (ns) it expires at. */
  expiresAt: number;
  /** IP_VS_CONN_F_NFCT: net.ipv4.vs.conntrack was on when it was made. */
  nfct: boolean;
  /** The template that chose this connection's real server, held while the connection lives. */
  control?: IpVsConn;
  /** Connections this template controls (n_control). */
  nControl: number;
}

export interface IpVsConnTable {
  conns: IpVsConn[];
}

const tables = new WeakMap<Stack, IpVsConnTable>();

function table(stack: Stack): IpVsConnTable {
  let t = tables.get(stack);
  if (!t) tables.set(stack, (t = { conns: [] }));
  return t;
}

/** ip_vs_conn_expire for every entry whose time has come; a template with live connections is kept (its timer restarts). */
function expire(stack: Stack): void {
  const now = stack.env.now();
  const t = table(stack);
  for (const c of [...t.conns]) {
    if (c.expiresAt > now) continue;
    if (c.template && c.nControl > 0) {
      c.expiresAt = now + c.svc.timeout * NS_PER_S;
      continue;
    }
    unbind(c);
    t.conns.splice(t.conns.indexOf(c), 1);
  }
}

/** ip_vs_unbind_dest and the control's release. */
function unbind(c: IpVsConn): void {
  if (c.template) c.dest.persistconns--;
  else if (c.inactive) c.dest.inactconns--;
  else c.dest.activeconns--;
  if (c.control) c.control.nControl--;
}

/**
 * ip_vs_expire_nodest_conn_flush: the work __ip_vs_del_dest queues (one jiffy later, here at once)
 * when net.ipv4.vs.expire_nodest_conn is 1: every entry whose real server is gone ends, and the
 * template that chose it too once it controls nothing more; a template still controlling one stays.
 */
export function ipVsExpireNodestConnFlush(stack: Stack): void {
  const t = table(stack);
  for (const c of [...t.conns]) {
    if (!t.conns.includes(c) || c.dest.flags & IP_VS_DEST_F_AVAILABLE || c.nControl > 0) continue;
    const control = c.control;
    unbind(c);
    t.conns.splice(t.conns.indexOf(c), 1);
    if (control && control.nControl === 0 && t.conns.includes(control)) {
      unbind(control);
      t.conns.splice(t.conns.indexOf(control), 1);
    }
  }
}

/** ip_vs_conn_expire_now. */
export function ipVsConnExpireNow(stack: Stack, c: IpVsConn): void {
  c.expiresAt = stack.env.now();
  expire(stack);
}

/** The live entries, with seconds left, for /proc/net/ip_vs_conn and ipvsadm -L -c. */
export function ipVsConnList(stack: Stack): (IpVsConn & { expires: number })[] {
  expire(stack);
  const now = stack.env.now();
  return table(stack).conns.map((c) => ({ ...c, expires: (c.expiresAt - now) / 1e6 }));
}

export interface ConnNew {
  protocol: number;
  caddr: Ip4;
  cport: number;
  vaddr: Ip4;
  vport: number;
  dport: number;
  fwmark?: number;
  dest: IpVsDest;
  svc: IpVsService;
  template?: boolean;
  control?: IpVsConn;
}

/** ip_vs_conn_new and ip_vs_bind_dest: a normal connection counts as active at first, a template as persistent. */
export function ipVsConnNew(stack: Stack, n: ConnNew): IpVsConn {
  expire(stack);
  const template = n.template ?? false;
  const c: IpVsConn = {
    protocol: n.protocol, caddr: n.caddr, cport: n.cport, vaddr: n.vaddr, vport: n.vport, daddr: n.dest.addr, dport: n.dport,
    // The destination's conn_flags carry IP_VS_CONN_F_INACTIVE: a connection counts as inactive until a TCP state makes it active.
    fwmark: n.fwmark ?? 0, fwd: n.dest.connFlags, dest: n.dest, svc: n.svc, template, inactive: !template,
    noOutput: n.dest.connFlags !== 0, state: template || n.protocol !== 17 ? 'NONE' : 'UDP', control: n.control, nControl: 0,
    // A template lives for the service's persistence timeout; a new connection 3 s until its first state.
    expiresAt: stack.env.now() + (template ? n.svc.timeout : 3) * NS_PER_S,
    nfct: ipVsConntrackEnabled(stack),
  };
  if (template) n.dest.persistconns++;
  else n.dest.inactconns++;
  if (n.control) n.control.nControl++;
  table(stack).conns.push(c);
  return c;
}

/** ip_vs_conn_in_get: the entry of a packet from the client (by client and virtual address). */
export function ipVsConnInGet(stack: Stack, protocol: number, saddr: Ip4, sport: number, daddr: Ip4, dport: number): IpVsConn | undefined {
  expire(stack);
  return table(stack).conns.find((c) => !c.template && c.protocol === protocol && c.caddr === saddr && c.cport === sport && c.vaddr === daddr && c.vport === dport);
}

/** ip_vs_conn_out_get: the entry of a reply from the real server (by real server and client). */
export function ipVsConnOutGet(stack: Stack, protocol: number, saddr: Ip4, sport: number, daddr: Ip4, dport: number): IpVsConn | undefined {
  expire(stack);
  return table(stack).conns.find((c) => !c.template && c.protocol === protocol && c.daddr === saddr && c.dport === sport && c.caddr === daddr && c.cport === dport);
}

const INVALID_PORT = 0xffff;

/**
 * ip_vs_check_template: a template whose real server is gone, or (net.ipv4.vs.expire_quiescent_template)
 * quiesced to weight 0, is invalidated (its ports set to 0xffff, so no lookup finds it) and
 * left to expire; the client is scheduled afresh.
 */
export function ipVsCheckTemplate(ct: IpVsConn, expireQuiescent: boolean): boolean {
  if (ct.dest.flags & IP_VS_DEST_F_AVAILABLE && !(expireQuiescent && ct.dest.weight === 0)) return true;
  ct.vport = INVALID_PORT;
  ct.dport = INVALID_PORT;
  ct.cport = 0;
  return false;
}

/** The persistence template of a client for a service (ip_vs_sched_persist's ip_vs_ct_in_get), by its masked address. */
export function ipVsTemplateGet(stack: Stack, svc: IpVsService, caddr: Ip4): IpVsConn | undefined {
  expire(stack);
  return table(stack).conns.find((c) => c.template && c.svc === svc && c.caddr === caddr && c.vport !== INVALID_PORT);
}

/** udp_state_transition: every packet sets the timeout of the one state (5 minutes). */
export function ipVsSetUdpState(stack: Stack, c: IpVsConn): void {
  c.state = 'UDP';
  c.expiresAt = stack.env.now() + netIpvs(stack).timeouts.udp * NS_PER_S;
}

/** tcp_state_transition: the next state, the destination's active/inactive counts, and the new timeout. */
export function ipVsSetState(stack: Stack, c: IpVsConn, dir: IpVsDir, flags: TcpFlags): void {
  // Until a reply passes the director (NOOUTPUT), the client's packets move the INPUT_ONLY table.
  if (c.noOutput) {
    if (dir === 'output') c.noOutput = false;
    else dir = 'input-only';
  }
  const next = tcpNextState(c.state === 'UDP' ? 'NONE' : c.state, dir, flags);
  if (next !== c.state) {
    if (!c.inactive && !tcpStateActive(next)) {
      c.dest.activeconns--;
      c.dest.inactconns++;
      c.inactive = true;
    } else if (c.inactive && tcpStateActive(next)) {
      c.dest.activeconns++;
      c.dest.inactconns--;
      c.inactive = false;
    }
  }
  c.state = next;
  // ipvsadm --set changes the ESTABLISHED and FIN_WAIT ones (the namespace's timeout_table).
  const t = netIpvs(stack).timeouts;
  const timeout = next === 'ESTABLISHED' ? t.tcp : next === 'FIN_WAIT' ? t.tcpfin : IP_VS_TCP_TIMEOUTS[next];
  c.expiresAt = stack.env.now() + timeout * NS_PER_S;
}

/** How many entries the table holds, expired or not (nothing is expired by asking). */
export function ipVsConnCount(stack: Stack): number {
  return tables.get(stack)?.conns.length ?? 0;
}

/** When each entry expires (virtual ns), expired or not: nothing is expired by asking. */
export function ipVsConnExpiries(stack: Stack): number[] {
  return tables.get(stack)?.conns.map((c) => c.expiresAt) ?? [];
}
