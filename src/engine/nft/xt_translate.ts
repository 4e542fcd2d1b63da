import { nftRate } from '../iptables/extensions/libxt_limit';
import type { LimitInfo } from '../iptables/extensions/libxt_limit';
import type { MarkInfo } from '../iptables/extensions/libxt_mark';
import type { TcpUdpInfo } from '../iptables/extensions/libxt_tcp';
import type { PortRange } from '../command/types';
import { TABLE_CHAINS, type IpTable, type IptRule, type TableName } from '../kernel/netfilter/x_tables';
import type { NftBaseChainSpec, NftChainType, NftHook, NftKey, NftOp, NftRule, NftScalar, NftStmt, NftValue } from './ast';
import type { NftChain, NftRuleset, NftTable } from './ruleset';
import { xlateMatch, xlateTarget } from './xt_xlate';

/*
 * iptables-nft's tables as nf_tables holds them, and so as `nft list` shows them: what
 * iptables 1.8.9 writes for a rule (nft.c, nft-ipv4.c: -i/-o as meta iifname/oifname, -p as
 * meta l4proto, -s/-d as ip saddr/daddr, the tcp/udp ports and flags, mark and limit as native
 * expressions, every other match and target as an x_tables one through nft_compat, then a
 * counter, then the verdict), read back as nft reads it (a meta l4proto that a tcp or udp
 * match right after it implies is not printed).
 */

/** The base chains iptables-nft registers (nft-chain.c's builtin table): type and priority by table and hook. */
export function iptablesBaseChain(table: TableName, hook: string, policy: 'ACCEPT' | 'DROP' | undefined): NftBaseChainSpec {
  const h = hook.toLowerCase() as NftHook;
  let type: NftChainType = 'filter';
  let priority = 0;
  if (table === 'raw') priority = -300;
  if (table === 'mangle') {
    priority = -150;
    if (h === 'output') type = 'route';
  }
  if (table === 'nat') {
    type = 'nat';
    priority = h === 'prerouting' || h === 'output' ? -100 : 100;
  }
  return { type, hook: h, priority, policy: policy === 'DROP' ? 'drop' : 'accept' };
}

/** Statements are printed, never parsed here: they carry no place in any input. */
const NOWHERE = { input: 0, line: 0, first: 0, last: 0 };

const match = (key: NftKey, op: NftOp | 'implicit', right: NftValue, mask?: number): NftStmt => ({ kind: 'match', key, op, right, loc: NOWHERE, ...(mask !== undefined ? { mask } : {}) });
const num = (type: NftKey['type'], value: number): NftValue => ({ kind: 'value', v: { type, value } as NftScalar });
const eqOr = (negated: boolean): NftOp | 'implicit' => (negated ? '!=' : 'implicit');

function prefixLen(mask: number): number | undefined {
  const m = mask >>> 0;
  const len = 32 - Math.log2(((~m) >>> 0) + 1);
  return Number.isInteger(len) ? len : undefined;
}

/** ip saddr/daddr as add_addr writes it: a value, a prefix, or a bitwise mask. */
function addrMatch(field: 'saddr' | 'daddr', addr: number, mask: number, negated: boolean): NftStmt {
  const key: NftKey = { kind: 'payload', proto: 'ip', field, type: 'ipv4_addr' };
  const len = prefixLen(mask);
  const value = (addr & mask) >>> 0;
  if (len === 32) return match(key, eqOr(negated), num('ipv4_addr', value));
  if (len !== undefined) return match(key, eqOr(negated), { kind: 'prefix', v: { type: 'ipv4_addr', value }, len });
  return match(key, negated ? '!=' : 'implicit', num('ipv4_addr', value), mask >>> 0);
}

/** iptables' `eth+` is nft's `eth*`. */
const ifname = (name: string): NftValue => ({ kind: 'value', v: { type: 'ifname', name: name.endsWith('+') ? `${name.slice(0, -1)}*` : name } });

function portValue(p: PortRange): NftValue {
  return p.min === p.max ? num('inet_service', p.min) : { kind: 'range', lo: { type: 'inet_service', value: p.min }, hi: { type: 'inet_service', value: p.max } };
}

/** add_nft_tcp/add_nft_udp: ports and flags as payload matches; undefined when it must go as an xt match (--tcp-option). */
function tcpUdp(i: TcpUdpInfo): NftStmt[] | undefined {
  if (i.tcpOption) return undefined;
  const out: NftStmt[] = [];
  const port = (field: 'sport' | 'dport', p: TcpUdpInfo['sport']) => {
    if (p && !(p.value.min === 0 && p.value.max === 65535 && !p.negated)) out.push(match({ kind: 'payload', proto: i.name, field, type: 'inet_service' }, eqOr(p.negated), portValue(p.value)));
  };
  // add_nft_tcp writes the flags before the ports (recorded: `tcp flags & syn == syn tcp dport 22`).
  if (i.tcpFlags) out.push(match({ kind: 'payload', proto: 'tcp', field: 'flags', type: 'tcp_flag' }, eqOr(i.tcpFlags.negated), num('tcp_flag', i.tcpFlags.value.comp), i.tcpFlags.value.mask));
  port('sport', i.sport);
  port('dport', i.dport);
  return out;
}

const LIMIT_UNITS = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day' } as const;

/** The statements of one match: native ones, or the xt match nft prints by its translation. */
function matchStmts(info: { name: string }, proto: number | undefined): NftStmt[] {
  if (info.name === 'tcp' || info.name === 'udp') {
    const native = tcpUdp(info as TcpUdpInfo);
    if (native) return native;
  }
  if (info.name === 'mark') {
    const m = (info as MarkInfo).mark;
    const key: NftKey = { kind: 'meta', key: 'mark', type: 'mark' };
    const len = prefixLen(m.value.mask);
    // A mask of leading ones reads back as a prefix (recorded: `meta mark 0x00000000/16`).
    if (len !== undefined && len < 32) return [match(key, eqOr(m.negated), { kind: 'prefix', v: { type: 'mark', value: m.value.value >>> 0 }, len })];
    return [match(key, eqOr(m.negated), num('mark', m.value.value), m.value.mask === 0xffffffff ? undefined : m.value.mask)];
  }
  if (info.name === 'limit') {
    const l = info as LimitInfo;
    const { rate, unitSeconds } = nftRate(l.avg);
    return [{ kind: 'limit', rate, unit: LIMIT_UNITS[unitSeconds as keyof typeof LIMIT_UNITS] ?? 'second', burst: l.burst, over: false }];
  }
  const xlate = xlateMatch(info, { proto });
  return [{ kind: 'xt', ext: 'match', name: info.name, ...(xlate !== undefined ? { xlate } : {}) }];
}

/**
 * A rule's statements around its counter: all but the counter is fixed once the rule is made,
 * so it is translated once (nft list ruleset is printed again as counters move, at every step).
 */
const translated = new WeakMap<IptRule, { before: NftStmt[]; after: NftStmt[] }>();

/** One rule's statements, in the order iptables-nft wrote its expressions. */
export function translateRule(rule: IptRule): NftStmt[] {
  if (rule.nft) return rule.nft.stmts;
  let parts = translated.get(rule);
  if (!parts) translated.set(rule, (parts = translateFixed(rule)));
  return [...parts.before, { kind: 'counter', packets: rule.packets, bytes: rule.bytes }, ...parts.after];
}

function translateFixed(rule: IptRule): { before: NftStmt[]; after: NftStmt[] } {
  const h = rule.head;
  const stmts: NftStmt[] = [];
  if (h.inInterface) stmts.push(match({ kind: 'meta', key: 'iifname', type: 'ifname' }, eqOr(h.inInterface.invert), ifname(h.inInterface.name)));
  if (h.outInterface) stmts.push(match({ kind: 'meta', key: 'oifname', type: 'ifname' }, eqOr(h.outInterface.invert), ifname(h.outInterface.name)));
  const l4 = h.protocol ? match({ kind: 'meta', key: 'l4proto', type: 'inet_proto' }, eqOr(h.protocol.invert), num('inet_proto', h.protocol.proto)) : undefined;
  if (l4) stmts.push(l4);
  // add_addr: nothing for 0.0.0.0/0 unless inverted.
  if (h.source && (rule.smsk !== 0 || rule.invSrc)) stmts.push(addrMatch('saddr', rule.src, rule.smsk, rule.invSrc));
  if (h.destination && (rule.dmsk !== 0 || rule.invDst)) stmts.push(addrMatch('daddr', rule.dst, rule.dmsk, rule.invDst));
  const proto = h.protocol && !h.protocol.invert ? h.protocol.proto : undefined;
  const first = stmts.length;
  for (const m of rule.matches) if (m.info) stmts.push(...matchStmts(m.info, proto));
  // nft leaves out a dependency it can infer: `meta l4proto tcp` before a tcp header match.
  const next = stmts[first];
  if (l4 && l4.kind === 'match' && proto !== undefined && next?.kind === 'match' && next.key.kind === 'payload' && (next.key.proto === 'tcp' || next.key.proto === 'udp')) {
    stmts[stmts.indexOf(l4)] = { ...l4, hidden: true };
  }
  const before = stmts;
  const after: NftStmt[] = [];
  const t = rule.target;
  if (t.enters !== undefined) after.push({ kind: 'verdict', verdict: t.goto ? 'goto' : 'jump', chain: t.enters });
  else if (t.name === 'ACCEPT' || t.name === 'DROP' || t.name === 'RETURN') after.push({ kind: 'verdict', verdict: t.name.toLowerCase() as 'accept' | 'drop' | 'return' });
  else if (t.info) {
    const xlate = xlateTarget(t.info, { proto });
    after.push({ kind: 'xt', ext: 'target', name: t.name, ...(xlate !== undefined ? { xlate } : {}) });
  }
  return { before, after };
}

/** One iptables table as an nf_tables table: the chains iptables-nft created, in creation order. */
export function translateTable(table: IpTable): NftTable | undefined {
  const objects = table.nft;
  if (!objects) return undefined;
  const chains: NftChain[] = [];
  for (const [name, handle] of [...objects.chains].sort((a, b) => a[1] - b[1])) {
    const ch = table.chains.get(name);
    if (!ch) continue;
    chains.push({
      name,
      handle,
      ...(ch.builtin ? { base: iptablesBaseChain(table.name, name, ch.policy) } : {}),
      rules: ch.rules.map((r) => ({ handle: objects.rules.get(r) ?? 0, stmts: translateRule(r), ...(r.nft?.comment !== undefined ? { comment: r.nft.comment } : {}) })),
    });
  }
  return { family: 'ip', name: table.name, handle: objects.handle, hgen: objects.hgen, dormant: false, chains, sets: [] };
}

/**
 * The namespace's nf_tables as `nft list` sees them: nft's own tables and iptables-nft's, in
 * the order the kernel lists them (creation: the table handle); a table both wrote is one
 * table, its chains in creation order (their handles).
 */
export function withIptablesNft(rs: NftRuleset, iptables: readonly IpTable[]): NftRuleset {
  const tables = rs.tables.map((t) => ({ ...t, chains: [...t.chains] }));
  for (const ipt of iptables) {
    const x = translateTable(ipt);
    if (!x) continue;
    const same = tables.find((t) => t.family === 'ip' && t.name === x.name);
    if (!same) tables.push(x);
    else {
      same.handle = Math.min(same.handle, x.handle);
      same.chains = [...same.chains, ...x.chains].sort((a, b) => a.handle - b.handle);
    }
  }
  return { ...rs, tables: tables.sort((a, b) => a.handle - b.handle) };
}

/** Whether nft warns that iptables-nft manages the table: it holds an x_tables expression. */
export function managedByIptablesNft(t: NftTable): boolean {
  return t.chains.some((c) => c.rules.some((r) => r.stmts.some((s) => s.kind === 'xt')));
}

/** What an nft batch did to iptables-nft's chains and rules, for iptables' model to follow. */
export interface IptablesNftChanges {
  /** Tables the batch deleted (flush ruleset, delete table). */
  tables: IpTable[];
  /** Rules it deleted (delete rule, flush chain, flush table). */
  rules: { table: IpTable; chain: string; rule: IptRule }[];
  /** Chains it deleted (delete chain). */
  chains: { table: IpTable; chain: string }[];
  /** Base chains whose policy it changed. */
  policies: { table: IpTable; chain: string; policy: 'ACCEPT' | 'DROP' }[];
  /**
   * Base chains nft made under a built-in chain's name and registration in iptables' table:
   * iptables takes them for its own (recorded: `nft add chain ip filter OUTPUT { … policy drop; }`
   * then `iptables -S` prints `-P OUTPUT DROP`).
   */
  adopted: { table: IpTable; chain: string; handle: number; policy: 'ACCEPT' | 'DROP' }[];
  /**
   * iptables' chains that now hold rules nft wrote (`nft add rule ip filter INPUT …`): each
   * one's whole rule list as nft left it, iptables' own rules among them.
   */
  natives: { table: IpTable; chain: string; rules: NftRule[] }[];
}

/** Compares the ruleset a batch left (it began from withIptablesNft's view) with iptables' tables. */
export function iptablesNftChanges(after: NftRuleset, iptables: readonly IpTable[]): IptablesNftChanges {
  const changes: IptablesNftChanges = { tables: [], rules: [], chains: [], policies: [], adopted: [], natives: [] };
  for (const ipt of iptables) {
    const objects = ipt.nft;
    if (!objects) continue;
    const table = after.tables.find((t) => t.family === 'ip' && t.name === ipt.name && t.handle === objects.handle);
    if (!table) {
      changes.tables.push(ipt);
      continue;
    }
    for (const name of objects.chains.keys()) {
      const mine = ipt.chains.get(name);
      const theirs = table.chains.find((c) => c.name === name);
      if (!mine) continue;
      if (!theirs) {
        changes.chains.push({ table: ipt, chain: name });
        continue;
      }
      const handles = new Map(mine.rules.map((r) => [objects.rules.get(r), r]));
      const kept = (r: NftRule) => {
        const own = handles.get(r.handle);
        return own !== undefined && JSON.stringify(r.stmts) === JSON.stringify(translateRule(own));
      };
      if (!theirs.rules.every(kept)) changes.natives.push({ table: ipt, chain: name, rules: theirs.rules });
      for (const r of mine.rules) if (!theirs.rules.some((x) => x.handle === objects.rules.get(r))) changes.rules.push({ table: ipt, chain: name, rule: r });
      const policy = theirs.base?.policy === 'drop' ? 'DROP' : 'ACCEPT';
      if (mine.builtin && theirs.base && policy !== mine.policy) changes.policies.push({ table: ipt, chain: name, policy });
    }
    for (const c of table.chains) {
      if (objects.chains.has(c.name) || !c.base || !(TABLE_CHAINS[ipt.name] as readonly string[]).includes(c.name)) continue;
      const own = iptablesBaseChain(ipt.name, c.name, undefined);
      if (own.type !== c.base.type || own.hook !== c.base.hook || own.priority !== c.base.priority) continue;
      changes.adopted.push({ table: ipt, chain: c.name, handle: c.handle, policy: c.base.policy === 'drop' ? 'DROP' : 'ACCEPT' });
      if (c.rules.length) changes.natives.push({ table: ipt, chain: c.name, rules: c.rules });
    }
  }
  return changes;
}

/** The ruleset nft keeps: the batch's, without iptables' chains (they stay iptables'; their tables stay). */
export function withoutIptablesChains(after: NftRuleset, iptables: readonly IpTable[]): NftRuleset {
  const tables = after.tables.map((t) => {
    const ipt = iptables.find((x) => x.nft && t.family === 'ip' && x.name === t.name && x.nft.handle === t.handle);
    return ipt ? { ...t, chains: t.chains.filter((c) => !ipt.nft!.chains.has(c.name)) } : t;
  });
  return { ...after, tables };
}
