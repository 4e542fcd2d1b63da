import type { IptMatch, IptRule as RuleSpec, IptTarget } from '../../command/types';
import type { CtState } from './conntrack';
import * as M from './matches';
import * as T from './targets';
import { prefixMask } from '../../addr/ipv4';
import { ANY_IP, type Hook, type IptIp, type IptRule, type Match, type Target, type TableName } from './x_tables';

/*
 * Turns a parsed iptables rule into the kernel's form: the generic selectors first, in the
 * order iptables-save prints them (-s -d -i -o -p), then the extension matches as written.
 */

/** SNAT and DNAT are connection statuses, not packet states; this model matches the latter. */
function isPacketState(s: string): s is CtState {
  return s !== 'SNAT' && s !== 'DNAT';
}

const PROTO_NAMES: Record<number, 'tcp' | 'udp' | 'icmp'> = { 6: 'tcp', 17: 'udp', 1: 'icmp' };

function extensionMatches(m: IptMatch, proto: number | undefined): Match[] {
  switch (m.name) {
    case 'tcp':
    case 'udp': {
      const out: Match[] = [];
      if (m.sport) out.push(M.portMatch(m.name, 'sport', m.sport.value, m.sport.negated));
      if (m.dport) out.push(M.portMatch(m.name, 'dport', m.dport.value, m.dport.negated));
      if (m.name === 'tcp' && m.tcpFlags) {
        const f = m.tcpFlags;
        out.push(M.tcpFlagsMatch(f.value.mask, f.value.comp, f.negated, `-m tcp ${f.negated ? '! ' : ''}--tcp-flags ${M.tcpFlagNames(f.value.mask)} ${M.tcpFlagNames(f.value.comp)}`));
      }
      // `-m tcp --sport 1 --dport 2` prints as one `-m tcp` group.
      return mergeModule(out, `-m ${m.name} `);
    }
    case 'icmp': {
      const t = m.icmpType;
      if (t.value === 'any') return [{ save: '-m icmp --icmp-type any', test: (c) => (c.skb.pkt.payload.kind === 'icmp') !== t.negated }];
      const v = t.value;
      const code = v.codeMin === 0 && v.codeMax === 255 ? undefined : v.codeMin;
      return [M.icmpTypeMatch(v.type, code, t.negated, `-m icmp ${t.negated ? '! ' : ''}--icmp-type ${v.type}${code !== undefined ? `/${code}` : ''}`)];
    }
    case 'conntrack':
      return m.ctstate ? [M.ctstateMatch(m.ctstate.value.filter(isPacketState), m.ctstate.negated, 'conntrack')] : [];
    case 'state':
      return [M.ctstateMatch(m.state.value.filter(isPacketState), m.state.negated, 'state')];
    case 'mark':
      return [M.markMatch(m.mark.value.value, m.mark.value.mask, m.mark.negated)];
    case 'connmark':
      return [M.connmarkMatch(m.mark.value.value, m.mark.value.mask, m.mark.negated)];
    case 'statistic':
      return [m.mode === 'nth' ? M.statisticNthMatch(m.every, m.packet, m.negated) : M.statisticRandomMatch(m.probability, m.negated)];
    case 'addrtype':
      return [
        M.addrtypeMatch({
          src: m.srcType && { types: m.srcType.value, invert: m.srcType.negated },
          dst: m.dstType && { types: m.dstType.value, invert: m.dstType.negated },
          limitIfaceIn: m.limitIfaceIn,
          limitIfaceOut: m.limitIfaceOut,
        }),
      ];
    case 'multiport':
      return [M.multiportMatch(m.which, m.ports, m.negated, PROTO_NAMES[proto ?? 0] ?? '')];
    case 'comment':
      return [M.commentMatch(m.comment)];
  }
}

function mergeModule(matches: Match[], prefix: string): Match[] {
  if (matches.length < 2) return matches;
  const save = prefix + matches.map((m) => m.save.slice(prefix.length)).join(' ');
  return [{ save, test: (c) => matches.every((m) => m.test(c)) }];
}


export function buildTarget(t: IptTarget | undefined): Target | undefined {
  if (!t) return undefined;
  switch (t.name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return T.verdictTarget(t.name);
    case 'REJECT':
      return T.rejectTarget(t.rejectWith);
    case 'LOG':
      return T.logTarget(t.prefix, t.level);
    case 'SNAT':
      return T.snatTarget({ minIp: t.range.minIp ?? 0, maxIp: t.range.maxIp ?? t.range.minIp ?? 0, minPort: t.range.minPort, maxPort: t.range.maxPort ?? t.range.minPort, random: t.random || t.fullyRandom, persistent: t.persistent }, t.fullyRandom);
    case 'DNAT':
      return T.dnatTarget({ minIp: t.range.minIp ?? 0, maxIp: t.range.maxIp ?? t.range.minIp ?? 0, minPort: t.range.minPort, maxPort: t.range.maxPort ?? t.range.minPort, random: t.random, persistent: t.persistent });
    case 'MASQUERADE':
      return T.masqueradeTarget(t.ports, t.random || t.fullyRandom, t.fullyRandom);
    case 'REDIRECT':
      return T.redirectTarget(t.ports, t.random);
    case 'MARK':
      return T.markTarget(t.value, t.mask);
    case 'CONNMARK':
      return t.mode === 'set' ? T.connmarkTarget({ op: 'set', value: t.value, mask: t.mask }) : T.connmarkTarget({ op: t.mode, nfmask: t.nfmask, ctmask: t.ctmask });
    case 'chain':
      return T.jumpTarget(t.chain, t.goto);
  }
}

/**
 * iptables loads a match once per rule: `-p tcp ! --syn -m tcp --sport 1024:65535` is one tcp
 * match with both options (`-m tcp --sport 1024:65535 ! --tcp-flags FIN,SYN,RST,ACK SYN`).
 */
function mergeProtocolMatches(list: readonly IptMatch[]): IptMatch[] {
  const out: IptMatch[] = [];
  for (const m of list) {
    const first = m.name === 'tcp' || m.name === 'udp' ? out.find((o) => o.name === m.name) : undefined;
    if (first) Object.assign(first, Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
    else out.push(m.name === 'tcp' || m.name === 'udp' ? { ...m } : m);
  }
  return out;
}

/** A rule with no target only counts packets (`iptables -A INPUT -s x`). */
const NO_TARGET: Target = { name: '', save: '', run: () => 'CONTINUE' };

/** The rule's `-s`/`-d` as struct ipt_ip holds them: masked int32 address and mask. */
function headerOf(spec: RuleSpec): IptIp {
  if (!spec.source && !spec.destination) return ANY_IP;
  const part = (c: RuleSpec['source']) => {
    const mask = c ? prefixMask(c.value.len) | 0 : 0;
    return { addr: c ? c.value.addr & mask : 0, mask, inv: c?.negated ?? false };
  };
  const s = part(spec.source);
  const d = part(spec.destination);
  return { src: s.addr, smsk: s.mask, invSrc: s.inv, dst: d.addr, dmsk: d.mask, invDst: d.inv };
}

export function buildRule(spec: RuleSpec): IptRule {
  const matches: Match[] = [];
  if (spec.source) matches.push(M.sourceMatch(spec.source.value.addr, spec.source.value.len, spec.source.negated));
  if (spec.destination) matches.push(M.destinationMatch(spec.destination.value.addr, spec.destination.value.len, spec.destination.negated));
  if (spec.inInterface) matches.push(M.inInterfaceMatch(spec.inInterface.value, spec.inInterface.negated));
  if (spec.outInterface) matches.push(M.outInterfaceMatch(spec.outInterface.value, spec.outInterface.negated));
  if (spec.protocol && spec.protocol.value !== 0) matches.push(M.protocolMatch(spec.protocol.value, spec.protocol.negated));
  for (const m of mergeProtocolMatches(spec.matches)) matches.push(...extensionMatches(m, spec.protocol?.value));
  return { matches, target: buildTarget(spec.target) ?? NO_TARGET, packets: 0, bytes: 0, ip: headerOf(spec) };
}
