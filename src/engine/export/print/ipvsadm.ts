import { formatIp4 } from '../../addr/ipv4';
import type { IpvsadmCommand, IpvsadmEntry } from '../../command/ipvsadm';
import { getservbyport } from '../../command/netdb';
import type { IpVsDest, IpVsService, IpVsStats } from '../../kernel/ipvs/ip_vs';
import { IP_VS_CONN_F_MASQ, IP_VS_CONN_F_TUNNEL, IP_VS_CONN_TAB_SIZE, IP_VS_SVC_F_PERSISTENT, IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2, IP_VS_SVC_F_SCHED3, IP_VS_VERSION, IPPROTO_UDP, TUNNEL_TYPE_NAMES } from '../../kernel/ipvs/ip_vs';
import { ipVsServiceFind, netIpvs } from '../../kernel/ipvs/ip_vs_ctl';
import { ipVsConnList } from '../../kernel/ipvs/ip_vs_conn';
import type { Stack } from '../../kernel/stack';
import { fail, ok, type Printed } from './common';

/* ipvsadm -L (-n, --stats, --rate, -c) and -S, as ipvsadm.c's list_all and print_service_entry print them. */

const protoName = (p: number) => (p === IPPROTO_UDP ? 'udp' : 'tcp');

/** addrport_to_anyname: numeric, or the host's name (/etc/hosts) and the port's service name. */
function addrPort(stack: Stack, addr: number, port: number, protocol: number, numeric: boolean): string {
  if (numeric) return `${formatIp4(addr)}:${port}`;
  const host = stack.files.hosts.find((h) => h.ip === addr)?.names[0] ?? formatIp4(addr);
  return `${host}:${getservbyport(port, protoName(protocol)) ?? port}`;
}

const FWD_NAME: Record<number, string> = { [IP_VS_CONN_F_MASQ]: 'Masq', 1: 'Local', [IP_VS_CONN_F_TUNNEL]: 'Tunnel', 3: 'Route' };
const FWD_SWITCH: Record<number, string> = { [IP_VS_CONN_F_MASQ]: '-m', 1: '-g', [IP_VS_CONN_F_TUNNEL]: '-i', 3: '-g' };

/** print_largenum: nine columns, larger numbers in K, M, G, T (--exact: all digits). */
function largenum(n: number, exact: boolean): string {
  if (exact) return String(n).padStart(Math.max(9, String(n).length + 1));
  if (n < 1e8) return String(n).padStart(9);
  const [div, unit] = n < 1e9 ? [1e3, 'K'] : n < 1e11 ? [1e6, 'M'] : n < 1e14 ? [1e9, 'G'] : [1e12, 'T'];
  return `${String(Math.floor(n / div)).padStart(8)}${unit}`;
}

/** print_sched_flags: sh and mh name their first two flags; the rest are flag-N; comma-separated. */
function schedFlags(svc: IpVsService): string {
  const names: [number, string][] = svc.scheduler.name === 'sh' || svc.scheduler.name === 'mh'
    ? [[IP_VS_SVC_F_SCHED1, `${svc.scheduler.name}-fallback`], [IP_VS_SVC_F_SCHED2, `${svc.scheduler.name}-port`], [IP_VS_SVC_F_SCHED3, 'flag-3']]
    : [[IP_VS_SVC_F_SCHED1, 'flag-1'], [IP_VS_SVC_F_SCHED2, 'flag-2'], [IP_VS_SVC_F_SCHED3, 'flag-3']];
  return names.filter(([bit]) => svc.flags & bit).map(([, n]) => n).join(',');
}

/** The checksum flags as --tun-info shows them (tunflags) and as -S writes them (tun_flags_opts). */
const TUN_FLAGS = ['-c', '+c', 'r+c'];
const TUN_FLAG_OPTS = ['--tun-nocsum', '--tun-csum', '--tun-remcsum'];

/** fwd_tun_info: ipip, gue:PORT:FLAGS or gre:FLAGS for a tunnelling server, else n/a. */
function tunInfo(d: IpVsDest): string {
  if (d.connFlags !== IP_VS_CONN_F_TUNNEL) return 'n/a';
  const name = TUNNEL_TYPE_NAMES[d.tunType];
  if (d.tunType === 1) return `${name}:${d.tunPort}:${TUN_FLAGS[d.tunFlags]}`;
  if (d.tunType === 2) return `${name}:${TUN_FLAGS[d.tunFlags]}`;
  return name ?? 'n/a';
}

/** print_tunnel_rule: what -S adds after -w for a tunnelling server. */
function tunnelRule(d: IpVsDest): string {
  if (d.connFlags !== IP_VS_CONN_F_TUNNEL) return '';
  const name = TUNNEL_TYPE_NAMES[d.tunType];
  if (d.tunType === 1) return ` --tun-type ${name} --tun-port ${d.tunPort} ${TUN_FLAG_OPTS[d.tunFlags]}`;
  if (d.tunType === 2) return ` --tun-type ${name} ${TUN_FLAG_OPTS[d.tunFlags]}`;
  return ` --tun-type ${name}`;
}

const statsCols = (s: IpVsStats, exact: boolean) => [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((n) => largenum(n, exact)).join('');

function title(e: IpvsadmEntry, rule: boolean): string {
  const head = (cols: string[]) => `${'Prot LocalAddress:Port'.padEnd(33)} ${cols.map((c) => c.padStart(8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  if (e.stats) return head(['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes']);
  if (e.rate) return head(['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS']);
  if (rule) return '';
  if (e.tunInfo) return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n';
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

/*
 * libipvs's comparisons subtract unsigned 32-bit values into an int: a difference of 2^31 or
 * more wraps and changes sign, so 203.0.113.50 sorts before 10.96.0.10 (ToInt32 does the same).
 */
const cmp32 = (a: number, b: number) => (a - b) | 0;
/** ipvs_cmp_services: by mark, family, protocol, address, port. */
const byService = (a: IpVsService, b: IpVsService) => cmp32(a.fwmark, b.fwmark) || a.protocol - b.protocol || cmp32(a.addr, b.addr) || a.port - b.port;
/** ipvs_cmp_dests: by address, then port. */
const byDest = (a: IpVsDest, b: IpVsDest) => cmp32(a.addr, b.addr) || a.port - b.port;

function serviceEntry(stack: Stack, svc: IpVsService, e: IpvsadmEntry, rule: boolean): string {
  const numeric = e.numeric;
  const vname = addrPort(stack, svc.addr, svc.port, svc.protocol, numeric);
  const name = svc.fwmark
    ? rule ? `-f ${svc.fwmark}` : `FWM  ${svc.fwmark}`
    : rule ? `${svc.protocol === IPPROTO_UDP ? '-u' : '-t'} ${vname}` : `${svc.protocol === IPPROTO_UDP ? 'UDP' : 'TCP'}  ${vname}`.slice(0, 33);
  const persistent = (svc.flags & IP_VS_SVC_F_PERSISTENT) !== 0;
  const mask = persistent && svc.netmask !== 0xffffffff ? formatIp4(svc.netmask) : undefined;
  const flags = schedFlags(svc);
  let out: string;
  if (rule) out = `-A ${name} -s ${svc.scheduler.name}${flags ? ` -b ${flags}` : ''}${persistent ? ` -p ${svc.timeout}` : ''}${mask ? ` -M ${mask}` : ''}\n`;
  else if (e.stats) out = `${name.padEnd(33)}${statsCols(svc.stats, e.exact)}\n`;
  else if (e.rate) out = `${name.padEnd(33)}${[0, 0, 0, 0, 0].map((n) => largenum(n, e.exact)).join('')}\n`;
  else out = `${name} ${svc.scheduler.name}${flags ? ` (${flags})` : ''}${persistent ? ` persistent ${svc.timeout}` : ''}${mask ? ` mask ${mask}` : ''}\n`;
  for (const d of [...svc.destinations].sort(byDest)) {
    const full = addrPort(stack, d.addr, d.port, svc.protocol, numeric);
    const dname = rule ? full : full.slice(0, 28);
    if (rule) out += `-a ${name} -r ${dname} ${FWD_SWITCH[d.connFlags]} -w ${d.weight}${tunnelRule(d)}\n`;
    else if (e.stats) out += `  -> ${dname.padEnd(28)}${statsCols(d.stats, e.exact)}\n`;
    // The estimator's rates: no time-averaged rates are kept here, so every rate reads 0.
    else if (e.rate) out += `  -> ${dname.padEnd(28)} ${'0'.padStart(8)} ${'0'.padStart(8)} ${'0'.padStart(8)}${largenum(0, e.exact)}${largenum(0, e.exact)}\n`;
    else if (e.tunInfo) out += `  -> ${dname.padEnd(28)} ${FWD_NAME[d.connFlags]!.padEnd(7)} ${tunInfo(d).padEnd(13)} ${String(d.weight).padEnd(6)} ${String(d.activeconns).padEnd(10)} ${String(d.inactconns).padEnd(10)}\n`;
    else out += `  -> ${dname.padEnd(28)} ${FWD_NAME[d.connFlags]!.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.activeconns).padEnd(10)} ${String(d.inactconns).padEnd(10)}\n`;
  }
  return out;
}

/** list_conn: /proc/net/ip_vs_conn's entries, expiry as MM:SS. */
function listConn(stack: Stack, e: IpvsadmEntry): string {
  let out = `IPVS connection entries\npro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination\n`;
  for (const c of ipVsConnList(stack)) {
    const left = Math.max(0, Math.floor(c.expires / 1000));
    const expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    // A firewall-mark template is IPPROTO_IP ("IP") with the mark as its virtual address (ip_vs_sched_persist).
    const fwmarkTemplate = c.template && c.fwmark !== 0;
    const proto = fwmarkTemplate ? 'IP' : c.protocol === IPPROTO_UDP ? 'UDP' : 'TCP';
    const name = (a: number, p: number) => addrPort(stack, a, p, c.protocol, e.numeric);
    const vname = fwmarkTemplate ? name(c.fwmark >>> 0, 0) : name(c.vaddr, c.vport);
    out += `${proto.padEnd(3)} ${expire.padEnd(6)} ${c.state.padEnd(11)} ${name(c.caddr, c.cport).padEnd(18)} ${vname.padEnd(18)} ${name(c.daddr, c.dport)}\n`;
  }
  return out;
}

export function printIpvsadm(stack: Stack, c: IpvsadmCommand): Printed | undefined {
  const e = c.entry;
  if (e.op !== 'list' && e.op !== 'save') return undefined;
  return printIpvsadmEntry(stack, e);
}

/** What one list or save entry prints (also for such a line inside -R input). */
export function printIpvsadmEntry(stack: Stack, e: IpvsadmEntry): Printed {
  const rule = e.op === 'save';
  if (e.op === 'list' && e.connection) return ok(listConn(stack, e));
  if (e.op === 'list' && e.timeoutList) {
    const t = netIpvs(stack).timeouts;
    return ok(`Timeout (tcp tcpfin udp): ${t.tcp} ${t.tcpfin} ${t.udp}\n`);
  }
  const ipvs = netIpvs(stack);
  if (e.op === 'list' && e.service) {
    const svc = ipVsServiceFind(ipvs, e.service);
    // ipvs_get_service's ESRCH, and list_service exits 1.
    if (!svc || svc.protocol !== e.service.protocol) return fail('No such service', 1);
    return ok(title(e, false) + serviceEntry(stack, svc, e, false));
  }
  let out = rule ? '' : `IP Virtual Server version ${IP_VS_VERSION} (size=${IP_VS_CONN_TAB_SIZE})\n`;
  out += title(e, rule);
  for (const svc of [...ipvs.services].sort(byService)) out += serviceEntry(stack, svc, e, rule);
  return ok(out);
}
