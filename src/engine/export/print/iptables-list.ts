import { AF_INET, type Family } from '../../addr/family';
import { formatIp4 } from '../../addr/ipv4';
import { formatIp6, type Ip6 } from '../../addr/ipv6';
import type { IptablesCommand } from '../../command/types';
import { findMatch, findTarget } from '../../iptables/extensions';
import { protocolName } from '../../iptables/xtables';
import { zeroCounters, type Chain, type IptRule } from '../../kernel/netfilter/x_tables';
import type { Stack } from '../../kernel/stack';
import { holdsIncompatible, incompatibleNotice, parseFailure, ruleCounters, tableIncompatible } from './iptables-nft-compat';
import { fail, ok, type Printed } from './common';
import { noChain, selectChains, tableChains } from './iptables-save';

/*
 * `iptables [-t T] -L [CHAIN] [-v] [-n] [-x] [--line-numbers]` as iptables 1.8.9 (nf_tables)
 * prints it (print_header, print_rule_details, print_ifaces and the extensions' print
 * functions). Each rule prints from its parsed parts and its extensions' print functions.
 */

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_print_num: 5 columns with K/M/G/T rounding, or 8 exact digits with -x; bare in headers. */
export function formatCount(n: number, exact: boolean, inTable = true): string {
  if (exact) return inTable ? `${String(n).padStart(8)} ` : `${n} `;
  if (n <= 99999) return inTable ? `${String(n).padStart(5)} ` : `${n} `;
  let v = n;
  for (const unit of ['K', 'M', 'G']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999) return inTable ? `${String(v).padStart(4)}${unit} ` : `${v}${unit} `;
  }
  v = Math.floor((v + 500) / 1000);
  return inTable ? `${String(v).padStart(4)}T ` : `${v}T `;
}

/** The parts of a rule `iptables -L` shows in its columns, and the text after them. */
interface ListedRule {
  proto: number;
  protoInvert: boolean;
  src: string;
  srcInvert: boolean;
  dst: string;
  dstInvert: boolean;
  in?: string;
  inInvert: boolean;
  out?: string;
  outInvert: boolean;
  extra: string;
  target: string;
  goto: boolean;
}

/** /etc/networks on Debian: what getnetbyaddr answers. */
const NETWORKS: Record<string, string> = { '0.0.0.0': 'default', '127.0.0.0': 'loopback', '169.254.0.0': 'link-local' };

function addrText(stack: Stack, cidr: { addr: number | Ip6; len: number } | undefined, numeric: boolean, family: Family): string {
  if (cidr === undefined) return numeric ? (family === AF_INET ? '0.0.0.0/0' : '::/0') : 'anywhere';
  const { addr, len } = cidr;
  if (len === 0 && !numeric) return 'anywhere';
  // ip6tables prints an address as inet_ntop does, a host without its /128.
  if (typeof addr !== 'number') return len === 128 ? formatIp6(addr) : `${formatIp6(addr)}/${len}`;
  let name = formatIp4(addr);
  if (!numeric) {
    const host = stack.files.hosts.find((h) => h.ip === addr)?.names[0];
    name = host ?? NETWORKS[name] ?? name;
  }
  return len === 32 ? name : `${name}/${len}`;
}

/** A rule's columns and extra text, from its parsed parts and its extensions' print functions. */
function listed(stack: Stack, rule: IptRule, numeric: boolean, family: Family): ListedRule {
  const h = rule.head;
  const proto = h.protocol?.proto ?? 0;
  const f = { numeric, proto };
  let extra = '';
  for (const m of rule.matches) if (m.info) extra += findMatch(m.info.name, family)!.print(m.info, f);
  const t = rule.target;
  if (t.info) extra += findTarget(t.info.name, family)!.print(t.info, f);
  return {
    proto,
    protoInvert: h.protocol?.invert ?? false,
    src: addrText(stack, h.source, numeric, family),
    srcInvert: h.source?.invert ?? false,
    dst: addrText(stack, h.destination, numeric, family),
    dstInvert: h.destination?.invert ?? false,
    in: h.inInterface?.name,
    inInvert: h.inInterface?.invert ?? false,
    out: h.outInterface?.name,
    outInvert: h.outInterface?.invert ?? false,
    extra,
    target: t.name,
    goto: t.goto ?? false,
  };
}

function header(f: ListFormat): string {
  let s = f.lineNumbers ? 'num  ' : '';
  // With -x the header is not aligned with the 8-wide columns: iptables prints it so.
  if (f.verbose) s += f.exact ? '    pkts      bytes ' : ' pkts bytes ';
  s += 'target    ';
  s += ' prot opt';
  if (f.verbose) s += ' in     out    ';
  s += ` ${'source'.padEnd(19)} `;
  s += ` ${'destination'.padEnd(19)} `;
  return `${s}\n`;
}

function ruleRow(stack: Stack, rule: IptRule, line: number, f: ListFormat, family: Family): string {
  const r = listed(stack, rule, f.numeric, family);
  let s = f.lineNumbers ? `${String(line).padEnd(4)} ` : '';
  if (f.verbose) {
    const { packets, bytes } = ruleCounters(rule);
    s += formatCount(packets, f.exact) + formatCount(bytes, f.exact);
  }
  s += `${r.target.padEnd(9)} `;
  s += r.protoInvert ? '!' : ' ';
  s += `${(f.numeric ? String(r.proto) : protocolName(r.proto)).padEnd(4)} `;
  s += '-- ';
  if (f.verbose) {
    const any = f.numeric ? '*' : 'any';
    s += ` ${`${r.inInvert ? '!' : ''}${r.in ?? any}`.padEnd(6)} `;
    s += `${`${r.outInvert ? '!' : ''}${r.out ?? any}`.padEnd(6)} `;
  }
  s += `${r.srcInvert ? '!' : ' '}${r.src.padEnd(19)} `;
  s += `${r.dstInvert ? '!' : ' '}${r.dst.padEnd(19)} `;
  if (r.goto) s += '[goto] ';
  return `${s}${r.extra}\n`;
}

function references(chains: Map<string, Chain>, name: string): number {
  let n = 0;
  for (const ch of chains.values()) {
    for (const r of ch.rules) if (r.target.enters === name) n++;
  }
  return n;
}

export function printIptablesL(stack: Stack, c: IptablesCommand): Printed {
  const a = c.action;
  if (a.op !== 'list') throw new Error('not a -L command');
  const f: ListFormat = { numeric: a.numeric, verbose: a.verbose, exact: a.exact, lineNumbers: a.lineNumbers };
  const family = c.family ?? AF_INET;
  const list = selectChains(stack, c.table, a.chain, family);
  if (!Array.isArray(list)) return list;
  if (holdsIncompatible(list)) return a.chain === undefined ? tableIncompatible(c.table) : noChain(a.chain, c.table, family);
  // A rule iptables fails to parse ends the listing there (exit 3).
  let failure: string | undefined;
  const blocks: string[] = [];
  for (const ch of list) {
    let s = `Chain ${ch.name} `;
    if (ch.builtin) {
      s += `(policy ${ch.policy}`;
      // iptables-nft's base chains carry no policy counter: it always shows 0 packets, 0 bytes.
      if (f.verbose) s += ` ${formatCount(0, f.exact, false)}packets, ${formatCount(0, f.exact, false)}bytes`;
      s += ')\n';
    } else s += `(${references(tableChains(stack, c.table, family), ch.name)} references)\n`;
    s += header(f);
    for (const [i, r] of ch.rules.entries()) {
      failure = parseFailure(r, 'iptables');
      if (failure) break;
      s += ruleRow(stack, r, i + 1, f, family);
    }
    blocks.push(s);
    if (failure) break;
  }
  const stdout = (a.chain === undefined ? incompatibleNotice(stack, c.table, family) : '') + blocks.join('\n');
  if (failure) return fail(failure, 3, stdout);
  if (a.zero) zeroCounters(list);
  return ok(stdout);
}
