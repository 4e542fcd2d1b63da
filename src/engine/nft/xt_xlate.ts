import { formatIp4 } from '../addr/ipv4';
import type { PortRange } from '../command/types';
import type { AddrtypeInfo } from '../iptables/extensions/libxt_addrtype';
import type { CommentInfo } from '../iptables/extensions/libxt_comment';
import type { ConnmarkInfo } from '../iptables/extensions/libxt_CONNMARK_target';
import type { ConntrackInfo } from '../iptables/extensions/libxt_conntrack';
import type { CtTargetInfo } from '../iptables/extensions/libxt_CT';
import type { ClassifyInfo } from '../iptables/extensions/libxt_CLASSIFY';
import type { DscpInfo } from '../iptables/extensions/libxt_DSCP';
import type { IcmpInfo } from '../iptables/extensions/libipt_icmp';
import type { IprangeInfo } from '../iptables/extensions/libxt_iprange';
import type { LengthInfo } from '../iptables/extensions/libxt_length';
import type { LogInfo } from '../iptables/extensions/libxt_LOG';
import type { MacInfo } from '../iptables/extensions/libxt_mac';
import type { MarkInfo } from '../iptables/extensions/libxt_mark';
import type { MarkTargetInfo } from '../iptables/extensions/libxt_MARK_target';
import type { MasqueradeInfo } from '../iptables/extensions/libxt_MASQUERADE';
import type { MultiportInfo } from '../iptables/extensions/libxt_multiport';
import type { NatInfo } from '../iptables/extensions/libxt_NAT';
import type { OwnerInfo } from '../iptables/extensions/libxt_owner';
import type { PkttypeInfo } from '../iptables/extensions/libxt_pkttype';
import type { RedirectInfo } from '../iptables/extensions/libxt_REDIRECT';
import type { RejectInfo } from '../iptables/extensions/libipt_REJECT';
import type { StateInfo } from '../iptables/extensions/libxt_state';
import type { StatisticInfo } from '../iptables/extensions/libxt_statistic';
import type { TcpmssInfo } from '../iptables/extensions/libxt_TCPMSS';
import type { TcpUdpInfo } from '../iptables/extensions/libxt_tcp';
import type { XtInfo } from '../kernel/netfilter/x_tables';

/*
 * The extensions' translations to nft's language (libxtables' .xlate, what `iptables-translate`
 * prints). nft 1.0.6 built with libxtables prints an x_tables match or target of an iptables-nft
 * rule with these; one without a translation (or with options it cannot translate) prints as
 * `xt match NAME`. A comment translates to nothing: nft 1.0.6 drops it (two spaces where it was).
 * Each text below was recorded with iptables 1.8.9 and nft 1.0.6 (fixtures/nft/list-iptables-nft*).
 */

/** What a rule's -p says, for the translations that name the protocol (multiport, ports). */
export interface XlateContext {
  proto?: number;
}

type Xlate<I> = (info: I, c: XlateContext) => string | undefined;

const CT_STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;

function ctStateText(states: readonly string[], negated: boolean): string {
  const names = CT_STATE_ORDER.filter((s) => states.includes(s)).map((s) => s.toLowerCase());
  return `ct state ${negated ? '! ' : ''}${names.join(',')}`;
}

const range = (p: PortRange) => (p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`);
const protoName = (proto: number | undefined) => (proto === 17 ? 'udp' : proto === 132 ? 'sctp' : proto === 33 ? 'dccp' : 'tcp');
const hexOf = (n: number) => `0x${(n >>> 0).toString(16)}`;
const ne = (negated: boolean) => (negated ? '!= ' : '');

/** nft's ICMP type names (icmp_type_tbl), for libipt_icmp's translation. */
const ICMP_TYPE_NAMES: Record<number, string> = {
  0: 'echo-reply', 3: 'destination-unreachable', 4: 'source-quench', 5: 'redirect', 8: 'echo-request', 9: 'router-advertisement',
  10: 'router-solicitation', 11: 'time-exceeded', 12: 'parameter-problem', 13: 'timestamp-request', 14: 'timestamp-reply',
  15: 'info-request', 16: 'info-reply', 17: 'address-mask-request', 18: 'address-mask-reply',
};

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** REJECT's --reject-with as nft names it (libipt_REJECT's reject_xlate table); port-unreachable is nft's default. */
const REJECT_XLATE: Record<string, string> = {
  'icmp-net-unreachable': 'net-unreachable', 'icmp-host-unreachable': 'host-unreachable', 'icmp-proto-unreachable': 'prot-unreachable',
  'icmp-net-prohibited': 'net-prohibited', 'icmp-host-prohibited': 'host-prohibited', 'icmp-admin-prohibited': 'admin-prohibited',
};

/** mark = (mark & ~mask) ^ value, as MARK's and CONNMARK's translations word it. */
function markSet(target: string, source: string, value: number, mask: number): string {
  if (mask === 0xffffffff) return `${target} set ${hexOf(value)}`;
  if (value === mask) return `${target} set ${source} or ${hexOf(value)}`;
  if (value === 0) return `${target} set ${source} and ${hexOf(~mask)}`;
  if (mask === 0) return `${target} set ${source} xor ${hexOf(value)}`;
  // MARK words it `and … xor …`, CONNMARK `xor … and …` (both recorded).
  return target === 'ct mark' ? `${target} set ${source} xor ${hexOf(value)} and ${hexOf(~mask)}` : `${target} set ${source} and ${hexOf(~mask)} xor ${hexOf(value)}`;
}

const MATCHES: Record<string, Xlate<any>> = {
  comment: (_: CommentInfo) => '',
  state: (i: StateInfo) => ctStateText(i.state.value, i.state.negated),
  conntrack: (i: ConntrackInfo) => {
    const { name: _, ctstate, ctproto, ctstatus, ...rest } = i;
    if (Object.keys(rest).some((k) => rest[k as keyof typeof rest] !== undefined) || ctstatus) return undefined;
    const parts: string[] = [];
    if (ctproto) parts.push(`ct original protocol ${ne(ctproto.negated)}${ctproto.value}`);
    if (ctstate) {
      // SNAT and DNAT in --ctstate are the connection's status bits (recorded: `ct status snat`).
      const nat = ctstate.value.filter((st) => st === 'SNAT' || st === 'DNAT');
      if (nat.length === ctstate.value.length) parts.push(`ct status ${ne(ctstate.negated)}${nat.map((st) => st.toLowerCase()).join(',')}`);
      else if (nat.length) return undefined;
      else parts.push(ctStateText(ctstate.value, ctstate.negated));
    }
    return parts.length ? parts.join(' ') : undefined;
  },
  multiport: (i: MultiportInfo, c) => {
    const p = protoName(c.proto);
    const ports = i.ports.length === 1 ? range(i.ports[0]!) : `{ ${i.ports.map(range).join(', ')} }`;
    if (i.which !== 'ports') return `${p} ${i.which === 'sports' ? 'sport' : 'dport'} ${ne(i.negated)}${ports}`;
    // --ports: either side may be the port (a concatenation with the other side any port).
    const pairs = i.ports.flatMap((r) => [`0-65535 . ${range(r)}`, `${range(r)} . 0-65535`]);
    return `${p} sport . ${p} dport ${ne(i.negated)}{ ${pairs.join(', ')} }`;
  },
  icmp: (i: IcmpInfo) => {
    const t = i.icmpType.value;
    if (t === 'any') return i.icmpType.negated ? undefined : 'ip protocol icmp';
    if (t.codeMin !== 0 || t.codeMax !== 255 || !ICMP_TYPE_NAMES[t.type]) return undefined;
    return `icmp type ${ne(i.icmpType.negated)}${ICMP_TYPE_NAMES[t.type]}`;
  },
  addrtype: (i: AddrtypeInfo) => {
    const part = (dir: 'saddr' | 'daddr', t: AddrtypeInfo['srcType']) => {
      if (!t) return undefined;
      const names = t.value.map((n) => n.toLowerCase());
      const iface = i.limitIfaceIn ? ' . iif' : i.limitIfaceOut ? ' . oif' : '';
      return `fib ${dir}${iface} type ${ne(t.negated)}${names.length === 1 ? names[0] : `{ ${names.join(', ')} }`}`;
    };
    // With both, the translation says only the source's (recorded: --src-type LOCAL --dst-type UNICAST).
    return part('saddr', i.srcType) ?? part('daddr', i.dstType);
  },
  pkttype: (i: PkttypeInfo) => `pkttype ${ne(i.invert)}${i.pktType === 'otherhost' ? 'other' : i.pktType}`,
  iprange: (i: IprangeInfo) => {
    const part = (dir: string, r: IprangeInfo['src']) =>
      r && typeof r.value.min === 'number' ? `ip ${dir} ${ne(r.negated)}${formatIp4(r.value.min)}-${formatIp4(r.value.max as number)}` : undefined;
    return [part('saddr', i.src), part('daddr', i.dst)].filter((x) => x !== undefined).join(' ');
  },
  mac: (i: MacInfo) => `ether saddr ${ne(i.invert)}${i.srcaddr}`,
  owner: (i: OwnerInfo) => {
    if (i.socketExists || i.supplGroups) return undefined;
    const id = (key: string, r: OwnerInfo['uid'], invert: boolean) => (r ? `${key} ${ne(invert)}${r.min === r.max ? r.min : `${r.min}-${r.max}`}` : undefined);
    return [id('skuid', i.uid, i.invertUid), id('skgid', i.gid, i.invertGid)].filter((x) => x !== undefined).join(' ');
  },
  length: (i: LengthInfo) => `meta length ${ne(i.invert)}${i.min === i.max ? i.min : `${i.min}-${i.max}`}`,
  connmark: (i: MarkInfo) => {
    const { value, mask } = i.mark.value;
    return mask === 0xffffffff ? `ct mark ${ne(i.mark.negated)}${hexOf(value)}` : `ct mark and ${hexOf(mask)} ${i.mark.negated ? '!=' : '=='} ${hexOf(value)}`;
  },
  statistic: (i: StatisticInfo) =>
    i.mode === 'nth'
      ? `numgen inc mod ${i.every} ${ne(i.negated)}${i.packet}`
      : `meta random & 2147483647 ${i.negated ? '>=' : '<'} ${Math.round(i.probability * 0x80000000)}`,
  // --tcp-option has no native expression in iptables-nft: the match stays an xt one.
  tcp: (i: TcpUdpInfo) => (i.tcpOption && !i.sport && !i.dport && !i.tcpFlags ? `tcp option ${i.tcpOption.value}${i.tcpOption.negated ? ' missing' : ' exists'}` : undefined),
};

const TARGETS: Record<string, Xlate<any>> = {
  REJECT: (i: RejectInfo) => {
    if (i.rejectWith === 'icmp-port-unreachable') return 'reject';
    if (i.rejectWith === 'tcp-reset') return 'reject with tcp reset';
    return `reject with icmp type ${REJECT_XLATE[i.rejectWith]}`;
  },
  LOG: (i: LogInfo) => {
    let out = 'log';
    if (i.prefix !== undefined) out += ` prefix "${i.prefix}"`;
    if (i.level !== 4) out += ` level ${LOG_LEVELS[i.level] ?? i.level}`;
    if (i.tcpSequence && i.tcpOptions) out += ' flags tcp sequence,options';
    else if (i.tcpSequence) out += ' flags tcp sequence';
    else if (i.tcpOptions) out += ' flags tcp options';
    if (i.ipOptions) out += ' flags ip options';
    if (i.uid) out += ' flags skuid';
    if (i.macDecode) out += ' flags ether';
    return out;
  },
  MARK: (i: MarkTargetInfo) => markSet('meta mark', 'mark', i.value, i.mask),
  CONNMARK: (i: ConnmarkInfo) => {
    if (i.mode === 'set') return markSet('ct mark', 'ct mark', i.value, i.mask);
    const [to, from, mask] = i.mode === 'save' ? ['ct mark', 'mark', i.nfmask] : ['meta mark', 'ct mark', i.ctmask];
    return `${to} set ${from}${mask === 0xffffffff ? '' : ` and ${hexOf(mask)}`}`;
  },
  CT: (i: CtTargetInfo) => (i.notrack ? 'notrack' : undefined),
  NOTRACK: () => 'notrack',
  DNAT: (i: NatInfo) => natText('dnat', i),
  SNAT: (i: NatInfo) => natText('snat', i),
  MASQUERADE: (i: MasqueradeInfo) => `masquerade${i.ports ? ` to :${range(i.ports)}` : ''}${flagsText(i.random && !i.fullyRandom, i.fullyRandom, false)}`,
  REDIRECT: (i: RedirectInfo) => `redirect${i.ports ? ` to :${range(i.ports)}` : ''}${flagsText(i.random, false, false)}`,
  TCPMSS: (i: TcpmssInfo) => `tcp option maxseg size set ${i.mss === undefined ? 'rt mtu' : i.mss}`,
  DSCP: (i: DscpInfo) => `ip dscp set 0x${i.dscp.toString(16).padStart(2, '0')}`,
  CLASSIFY: (i: ClassifyInfo) => `meta priority set ${(i.priority >>> 16).toString(16)}:${(i.priority & 0xffff).toString(16)}`,
};

function flagsText(random: boolean, fullyRandom: boolean, persistent: boolean): string {
  const flags = [random && 'random', fullyRandom && 'fully-random', persistent && 'persistent'].filter(Boolean);
  return flags.length ? ` ${flags.join(',')}` : '';
}

function natText(kind: 'snat' | 'dnat', i: NatInfo): string | undefined {
  if (i.ipv6) return undefined;
  const r = i.range;
  let to = '';
  if (r.minIp !== undefined) to += formatIp4(r.minIp) + (r.maxIp !== undefined && r.maxIp !== r.minIp ? `-${formatIp4(r.maxIp)}` : '');
  if (r.minPort !== undefined) to += `:${r.minPort}${r.maxPort !== undefined && r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
  return `${kind}${to ? ` to ${to}` : ''}${flagsText(i.random, !!i.fullyRandom, i.persistent)}`;
}

/** The translation nft prints for a compat match (undefined: `xt match NAME`). */
export function xlateMatch(info: XtInfo, c: XlateContext): string | undefined {
  return Object.hasOwn(MATCHES, info.name) ? MATCHES[info.name]!(info, c) : undefined;
}

/** The translation nft prints for a compat target (undefined: `xt target NAME`). */
export function xlateTarget(info: XtInfo, c: XlateContext): string | undefined {
  return Object.hasOwn(TARGETS, info.name) ? TARGETS[info.name]!(info, c) : undefined;
}
