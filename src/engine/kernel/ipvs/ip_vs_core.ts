import { formatIp4 } from '../../addr/ipv4';
import { ipv4Length } from '../../wire/ipv4';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../wire/types';
import { icmpSend } from '../icmp';
import { NF_IP_PRI_NAT_DST, NF_IP_PRI_NAT_SRC, NFPROTO_IPV4, type NfHookOps, type NfVerdict } from '../netfilter/core';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import type { IpVsDest, IpVsService } from './ip_vs';
import { IP_VS_CONN_F_DROUTE, IP_VS_CONN_F_MASQ, IP_VS_CONN_F_TUNNEL, IP_VS_DEST_F_AVAILABLE, IP_VS_SVC_F_PERSISTENT, IPPROTO_TCP, IPPROTO_UDP, ipVsServiceFind, netIpvs } from './ip_vs';
import { ipVsCheckTemplate, ipVsConnExpireNow, ipVsConnInGet, ipVsConnNew, ipVsConnOutGet, ipVsSetState, ipVsSetUdpState, ipVsTemplateGet, type IpVsConn } from './ip_vs_conn';
import { ipVsDrXmit, ipVsNatIcmpOut, ipVsNatXmit, ipVsSnat, ipVsTunnelXmit, ipvsProperty } from './ip_vs_xmit';

/*
 * ip_vs_core.c: IPVS's netfilter hooks. ip_vs_in_hook at LOCAL_IN (after the filter table, so
 * iptables INPUT rules see the packet to the virtual address first) finds the packet's IPVS
 * connection or, for a SYN to a virtual service, schedules a new one, and sends the packet to
 * the real server itself (NF_STOLEN). ip_vs_out_hook at FORWARD (and LOCAL_IN) gives a NAT
 * real server's reply the virtual service's address again. TCP and UDP.
 */

const FWD_NAME: Record<number, string> = { 0: 'Masq', 1: 'Local', 2: 'Tunnel', 3: 'Route' };

const tcpFlags = (flags: number) => ({ syn: !!(flags & TCP_SYN), fin: !!(flags & TCP_FIN), ack: !!(flags & TCP_ACK), rst: !!(flags & TCP_RST) });

export const serviceName = (svc: IpVsService) => (svc.fwmark ? `FWM ${svc.fwmark}` : `${svc.protocol === IPPROTO_UDP ? 'UDP' : 'TCP'} ${formatIp4(svc.addr)}:${svc.port}`);

/** ip_vs_service_find: by firewall mark first, then (protocol, address, port), then a port-zero service of the address. */
function serviceFind(stack: Stack, skb: SkBuff, protocol: number, daddr: number, dport: number): IpVsService | undefined {
  const ipvs = netIpvs(stack);
  if (skb.mark) {
    const byMark = ipVsServiceFind(ipvs, { fwmark: skb.mark, protocol, addr: 0, port: 0 });
    if (byMark) return byMark;
  }
  return ipVsServiceFind(ipvs, { fwmark: 0, protocol, addr: daddr, port: dport }) ?? ipVsServiceFind(ipvs, { fwmark: 0, protocol, addr: daddr, port: 0 });
}

/** The packet's transport: TCP or UDP with their ports, or undefined (IPVS leaves the rest alone). */
function transport(skb: SkBuff): { protocol: number; sport: number; dport: number; flags: number } | undefined {
  const l4 = skb.pkt.payload;
  if (l4.kind === 'tcp') return { protocol: IPPROTO_TCP, sport: l4.sport, dport: l4.dport, flags: l4.flags };
  if (l4.kind === 'udp') return { protocol: IPPROTO_UDP, sport: l4.sport, dport: l4.dport, flags: 0 };
  return undefined;
}

/** ip_vs_schedule (and ip_vs_sched_persist): the real server for a new connection, and its entry. */
function schedule(stack: Stack, svc: IpVsService, skb: SkBuff): IpVsConn | undefined {
  const p = skb.pkt;
  const l4 = transport(skb);
  if (!l4) return undefined;
  const iph = { saddr: p.src, daddr: p.dst, sport: l4.sport, dport: l4.dport };
  let dest: IpVsDest | undefined;
  let control: IpVsConn | undefined;
  if (svc.flags & IP_VS_SVC_F_PERSISTENT) {
    // The client's template (its address under the persistence mask) keeps it on one server.
    const caddr = (p.src & svc.netmask) >>> 0;
    control = ipVsTemplateGet(stack, svc, caddr);
    if (control && !ipVsCheckTemplate(control, !!stack.sysctl.global['net.ipv4.vs.expire_quiescent_template'])) control = undefined;
    if (!control) {
      dest = svc.scheduler.schedule(svc, iph);
      if (!dest) return undefined;
      control = ipVsConnNew(stack, { protocol: l4.protocol, caddr, cport: 0, vaddr: svc.fwmark ? 0 : p.dst, vport: svc.fwmark ? 0 : svc.port, dport: dest.port, fwmark: svc.fwmark, dest, svc, template: true });
    }
    dest = control.dest;
    // ip_vs_conn_put of the template: its timer starts again with this connection.
    control.expiresAt = stack.env.now() + svc.timeout * 1e9;
  } else {
    // A port-zero service schedules only when persistent.
    if (!svc.fwmark && l4.dport !== svc.port) return undefined;
    dest = svc.scheduler.schedule(svc, iph);
    if (!dest) return undefined;
  }
  const cp = ipVsConnNew(stack, { protocol: l4.protocol, caddr: p.src, cport: l4.sport, vaddr: p.dst, vport: l4.dport, dport: dest.port || l4.dport, dest, svc, control });
  svc.stats.conns++;
  dest.stats.conns++;
  if (stack.tracing) stack.trace({ layer: 'netfilter', kind: 'hook', port: skb.inDev?.name, packet: p, reason: { code: 'ipvs_schedule', service: serviceName(svc), scheduler: svc.scheduler.name, dest: { addr: cp.daddr, port: cp.dport }, fwd: FWD_NAME[dest.connFlags]!, persistent: !!(svc.flags & IP_VS_SVC_F_PERSISTENT) } });
  return cp;
}

/** is_new_conn_expected: a TCP entry not controlled by a template, in TIME_WAIT or CLOSE (mode bit 2: or FIN_WAIT with no reply seen, as DR's). */
function isNewConnExpected(cp: IpVsConn, reuseMode: number): boolean {
  if (cp.control) return false;
  return cp.state === 'TIME_WAIT' || cp.state === 'CLOSE' || (!!(reuseMode & 2) && cp.state === 'FIN_WAIT' && cp.noOutput);
}

/** ip_vs_in: the packet of a client to a virtual service. */
function ipVsInHook(stack: Stack, skb: SkBuff): NfVerdict {
  if (ipvsProperty.has(skb) || skb.pktType !== 'host') return 'ACCEPT';
  const p = skb.pkt;
  const l4 = transport(skb);
  if (!l4) return 'ACCEPT';
  let cp = ipVsConnInGet(stack, l4.protocol, p.src, l4.sport, p.dst, l4.dport);
  const reuseMode = Number(stack.sysctl.global['net.ipv4.vs.conn_reuse_mode']);
  // is_new_conn: a SYN meeting an entry. An entry whose server was quiesced (weight 0, with
  // expire_nodest_conn, whatever conn_reuse_mode says: "ipvs: Fix reuse connection if RS weight is 0") or, with conn_reuse_mode, that is
  // closing (is_new_conn_expected) ends, and the SYN is scheduled afresh; unless the packet's
  // conntrack entry is the old, confirmed one (it must not move).
  if (cp && l4.protocol === IPPROTO_TCP && l4.flags & TCP_SYN) {
    const quiesced = !!stack.sysctl.global['net.ipv4.vs.expire_nodest_conn'] && cp.dest.weight === 0;
    if (quiesced || (reuseMode && isNewConnExpected(cp, reuseMode))) {
      const oldCt = !!skb.ct?.confirmed;
      stack.trace({ layer: 'netfilter', kind: oldCt ? 'drop' : 'hook', port: skb.inDev?.name, packet: p, reason: { code: 'ipvs_conn_reuse', dest: { addr: cp.daddr, port: cp.dport }, state: cp.state, quiesced, dropped: oldCt } });
      if (!oldCt) cp.nfct = false;
      if (cp.nControl === 0) ipVsConnExpireNow(stack, cp);
      if (oldCt) return 'DROP';
      cp = undefined;
    }
  }
  if (cp && !(cp.dest.flags & IP_VS_DEST_F_AVAILABLE)) {
    // Its real server was deleted: the packet is dropped, unless expire_nodest_conn ends the
    // entry at once and the packet may be scheduled afresh (IPVS's packets being untracked).
    const expire = !!stack.sysctl.global['net.ipv4.vs.expire_nodest_conn'];
    // ip_vs_conn_uses_old_conntrack: the entry ends either way, but a packet of the old confirmed conntrack entry is dropped.
    const oldCt = expire && !!skb.ct?.confirmed;
    stack.trace({ layer: 'netfilter', kind: expire && !oldCt ? 'hook' : 'drop', port: skb.inDev?.name, packet: p, reason: { code: 'ipvs_dest_unavailable', dest: { addr: cp.daddr, port: cp.dport }, expired: expire, ...(oldCt ? { oldCt } : {}) } });
    if (!expire) return 'DROP';
    if (!oldCt) cp.nfct = false;
    ipVsConnExpireNow(stack, cp);
    if (oldCt) return 'DROP';
    cp = undefined;
  }
  if (!cp) {
    // tcp_conn_schedule: only a SYN (without RST) opens a connection, anything else goes on to
    // the stack; udp_conn_schedule takes any datagram.
    if (l4.protocol === IPPROTO_TCP && (!(l4.flags & TCP_SYN) || l4.flags & TCP_RST)) return 'ACCEPT';
    const svc = serviceFind(stack, skb, l4.protocol, p.dst, l4.dport);
    if (!svc) return 'ACCEPT';
    cp = schedule(stack, svc, skb);
    if (!cp) {
      // ip_vs_leave: no real server; the client learns so at once.
      stack.trace({ layer: 'netfilter', kind: 'drop', port: skb.inDev?.name, packet: p, reason: { code: 'ipvs_no_dest', service: serviceName(svc), scheduler: svc.scheduler.name } });
      icmpSend(stack, skb, 3, 3, 0);
      return 'DROP';
    }
  } else if (stack.tracing) {
    stack.trace({ layer: 'netfilter', kind: 'hook', port: skb.inDev?.name, packet: p, reason: { code: 'ipvs_conn', dest: { addr: cp.daddr, port: cp.dport }, fwd: FWD_NAME[cp.fwd]!, state: cp.state } });
  }
  // ip_vs_in_stats: packets and bytes (skb->len, the IP packet) of the real server and the service.
  for (const s of [cp.svc.stats, cp.dest.stats]) {
    s.inpkts++;
    s.inbytes += ipv4Length(p);
  }
  if (l4.protocol === IPPROTO_UDP) ipVsSetUdpState(stack, cp);
  else ipVsSetState(stack, cp, 'input', tcpFlags(l4.flags));
  if (cp.fwd === IP_VS_CONN_F_MASQ) ipVsNatXmit(stack, skb, cp);
  else if (cp.fwd === IP_VS_CONN_F_DROUTE) ipVsDrXmit(stack, skb, cp);
  else if (cp.fwd === IP_VS_CONN_F_TUNNEL) ipVsTunnelXmit(stack, skb, cp);
  return 'STOLEN';
}

/** ICMP types ip_vs_out_icmp handles: destination unreachable, source quench, time exceeded. */
const ICMP_ERRORS = new Set([3, 4, 11]);

/** ip_vs_out_icmp: an ICMP error from a NAT real server about one of its connections. */
function ipVsOutIcmp(stack: Stack, skb: SkBuff): NfVerdict {
  const icmp = skb.pkt.payload;
  if (icmp.kind !== 'icmp' || !ICMP_ERRORS.has(icmp.type) || !icmp.original) return 'ACCEPT';
  const inner = icmp.original;
  const l4 = inner.payload;
  if (l4.kind !== 'tcp' && l4.kind !== 'udp') return 'ACCEPT';
  // The quoted packet went client → real server: its connection looked up the other way round.
  const cp = ipVsConnOutGet(stack, l4.kind === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP, inner.dst, l4.dport, inner.src, l4.sport);
  if (!cp || cp.fwd !== IP_VS_CONN_F_MASQ) return 'ACCEPT';
  ipVsNatIcmpOut(stack, skb, cp);
  return 'ACCEPT';
}

/** ip_vs_out: a real server's reply passing the director (NAT). */
function ipVsOutHook(stack: Stack, skb: SkBuff): NfVerdict {
  if (ipvsProperty.has(skb)) return 'ACCEPT';
  if (skb.pkt.payload.kind === 'icmp') return ipVsOutIcmp(stack, skb);
  const p = skb.pkt;
  const l4 = transport(skb);
  if (!l4) return 'ACCEPT';
  const cp = ipVsConnOutGet(stack, l4.protocol, p.src, l4.sport, p.dst, l4.dport);
  if (!cp || cp.fwd !== IP_VS_CONN_F_MASQ) return 'ACCEPT';
  for (const s of [cp.svc.stats, cp.dest.stats]) {
    s.outpkts++;
    s.outbytes += ipv4Length(p);
  }
  ipVsSnat(stack, skb, cp);
  if (l4.protocol === IPPROTO_UDP) ipVsSetUdpState(stack, cp);
  else ipVsSetState(stack, cp, 'output', tcpFlags(l4.flags));
  return 'ACCEPT';
}

const registered = new WeakMap<Stack, NfHookOps<Stack>[]>();

/** ip_vs_register_hooks: the hooks go in with the namespace's first service. */
export function ipVsRegisterHooks(stack: Stack): void {
  if (registered.has(stack)) return;
  const op = (hook: NfHookOps['hook'], priority: number, fn: (stack: Stack, skb: SkBuff) => NfVerdict): NfHookOps<Stack> =>
    ({ hook, pf: NFPROTO_IPV4, priority, fn: (s, skb) => fn(s, skb), priv: stack, owner: 'ip_vs' });
  const ops = [
    op('INPUT', NF_IP_PRI_NAT_SRC - 2, ipVsOutHook),
    op('INPUT', NF_IP_PRI_NAT_SRC - 1, ipVsInHook),
    op('FORWARD', NF_IP_PRI_NAT_SRC, ipVsOutHook),
    // After mangle: the director's own connections to a virtual service (ip_vs_local_request4).
    op('OUTPUT', NF_IP_PRI_NAT_DST + 2, ipVsInHook),
  ];
  for (const o of ops) stack.nf.hooks.register(o);
  registered.set(stack, ops);
}

/** ip_vs_unregister_hooks: after the last service. */
export function ipVsUnregisterHooks(stack: Stack): void {
  const ops = registered.get(stack);
  if (!ops) return;
  for (const o of ops) stack.nf.hooks.unregister(o);
  registered.delete(stack);
}
