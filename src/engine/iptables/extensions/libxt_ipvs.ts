import { formatIp4 } from '../../addr/ipv4';
import { iptError, parseIptAddress, parsePort, parseProtocol } from '../../command/iptables-values';
import type { Cidr, Negatable } from '../../command/types';
import { AF_INET } from '../../addr/family';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import type { XtMatchType } from '../xtables';

/*
 * libxt_ipvs and xt_ipvs: is the packet one IPVS sent on (skb->ipvs_property), and of which
 * virtual service. kube-proxy's IPVS mode drops the node's own connections to a load balancer
 * whose source ranges leave the node out with `-s LB -m ipvs --vaddr LB --vproto tcp --vport P`
 * in filter OUTPUT, which IPVS's NATed packet passes on its way out. IPv4 only, as IPVS here.
 */

/** --vmethod's names for IP_VS_CONN_F_DROUTE, _TUNNEL and _MASQ (include/uapi/linux/ip_vs.h). */
const METHODS: Record<string, number> = { GATE: 3, IPIP: 2, MASQ: 0 };

export interface IpvsInfo {
  name: 'ipvs';
  /** --ipvs alone (every other option implies it). */
  property?: Negatable<true>;
  vproto?: Negatable<number>;
  vaddr?: Negatable<Cidr>;
  vport?: Negatable<number>;
  vdir?: 'ORIGINAL' | 'REPLY';
  vmethod?: Negatable<number>;
  vportctl?: Negatable<number>;
}

const inCidr = (ip: number, c: Cidr) => c.len === 0 || ((ip ^ c.addr) >>> (32 - c.len)) === 0;

/** ipvs_mt: the packet's IPVS entry (the kernel finds it: stack.nf.xt.ipvs), tested option by option. */
function test(info: IpvsInfo, c: XtContext): boolean {
  const skb = c.skb;
  const view = c.stack.nf.xt.ipvs(skb);
  const only = info.property && !info.vproto && !info.vaddr && !info.vport && !info.vdir && !info.vmethod && !info.vportctl;
  if (only) return view.property !== info.property!.negated;
  if (!view.property) return false;
  const l4 = skb.pkt.payload;
  const proto = l4.kind === 'tcp' ? 6 : l4.kind === 'udp' ? 17 : l4.kind === 'icmp' ? 1 : -1;
  if (info.vproto && (proto === info.vproto.value) === info.vproto.negated) return false;
  const cp = view.conn;
  if (!cp) return false;
  if (info.vport && (cp.vport === info.vport.value) === info.vport.negated) return false;
  if (info.vportctl && (cp.controlVport === info.vportctl.value) === info.vportctl.negated) return false;
  if (info.vdir) {
    if (!skb.ct) return false;
    if ((skb.ctReply ?? false) !== (info.vdir === 'REPLY')) return false;
  }
  if (info.vmethod && (cp.fwd === info.vmethod.value) === info.vmethod.negated) return false;
  if (info.vaddr && inCidr(cp.vaddr, info.vaddr.value) === info.vaddr.negated) return false;
  return true;
}

const methodName = (m: number) => Object.entries(METHODS).find(([, v]) => v === m)?.[0] ?? 'UNKNOWN';
const addrText = (c: Cidr) => (c.len === 32 ? formatIp4(c.addr) : `${formatIp4(c.addr)}/${c.len}`);

/** ipvs_mt_dump: -S with `--`, -L without. */
function dump(info: IpvsInfo, prefix: string): string {
  const not = (n?: Negatable<unknown>) => (n?.negated ? ' !' : '');
  let out = '';
  if (info.property && !info.vproto && !info.vaddr && !info.vport && !info.vdir && !info.vmethod && !info.vportctl) out += `${not(info.property)} ${prefix}ipvs`;
  if (info.vproto) out += `${not(info.vproto)} ${prefix}vproto ${info.vproto.value}`;
  if (info.vaddr) out += `${not(info.vaddr)} ${prefix}vaddr ${addrText(info.vaddr.value)}`;
  if (info.vport) out += `${not(info.vport)} ${prefix}vport ${info.vport.value}`;
  if (info.vdir) out += ` ${prefix}vdir ${info.vdir}`;
  if (info.vmethod) out += `${not(info.vmethod)} ${prefix}vmethod ${methodName(info.vmethod.value)}`;
  if (info.vportctl) out += `${not(info.vportctl)} ${prefix}vportctl ${info.vportctl.value}`;
  return out;
}

export const ipvs: XtMatchType<IpvsInfo> = {
  kind: 'match',
  name: 'ipvs',
  family: AF_INET,
  detail: 'packet of an IPVS connection',
  options: [
    { name: 'ipvs', hasArg: false, detail: 'packet belongs to an IPVS connection' },
    { name: 'vproto', hasArg: true, detail: 'VIP protocol', values: ['tcp', 'udp'] },
    { name: 'vaddr', hasArg: true, detail: 'VIP address[/mask]' },
    { name: 'vport', hasArg: true, detail: 'VIP port' },
    { name: 'vdir', hasArg: true, noInvert: true, values: ['ORIGINAL', 'REPLY'] },
    { name: 'vmethod', hasArg: true, values: ['GATE', 'IPIP', 'MASQ'] },
    { name: 'vportctl', hasArg: true, detail: 'VIP port of the controlling connection' },
  ],
  parser() {
    const info: IpvsInfo = { name: 'ipvs' };
    let propertyInverted = false;
    let others = false;
    return {
      parse(option, value, invert, column) {
        if (option === 'ipvs') {
          propertyInverted = invert;
          info.property = { value: true, negated: invert };
        } else {
          if (option === 'vproto') info.vproto = { value: parseProtocol(value.toLowerCase(), column), negated: invert };
          else if (option === 'vaddr') info.vaddr = { value: parseIptAddress(value, column), negated: invert };
          else if (option === 'vport') info.vport = { value: parsePort(value, column, 'tcp'), negated: invert };
          else if (option === 'vportctl') info.vportctl = { value: parsePort(value, column, 'tcp'), negated: invert };
          else if (option === 'vdir') {
            const dir = value.toUpperCase();
            if (dir !== 'ORIGINAL' && dir !== 'REPLY') throw iptError(column, `ipvs: Bad value for "--vdir" option: "${value}"`);
            info.vdir = dir;
          } else {
            const method = METHODS[value.toUpperCase()];
            if (method === undefined) throw iptError(column, `ipvs: Bad value for "--vmethod" option: "${value}"`);
            info.vmethod = { value: method, negated: invert };
          }
          others = true;
          info.property ??= { value: true, negated: false };
        }
        if (others && propertyInverted) throw iptError(column, '! --ipvs cannot be together with other options');
      },
      finish(column) {
        if (!info.property) throw iptError(column, 'IPVS: At least one option is required');
        return info;
      },
    };
  },
  match: (info) => ({ test: (c) => test(info, c) }),
  save: (info) => `-m ipvs${dump(info, '--')}`,
  print: (info) => dump(info, ''),
};
