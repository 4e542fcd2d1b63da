import { parseIp4 } from '../../addr/ipv4';
import type { IptablesCommand } from '../../command/types';
import { protocolName } from '../../kernel/netfilter/matches';
import { zeroCounters, type Chain, type IptRule } from '../../kernel/netfilter/x_tables';
import type { Stack } from '../../kernel/stack';
import { ok, type Printed } from './common';
import { selectChains, tableChains } from './iptables-save';
import { matchText, targetText } from './iptables-modules';

/*
 * `iptables [-t T] -L [CHAIN] [-v] [-n] [-x] [--line-numbers]` as iptables 1.8.9 (nf_tables)
 * prints it (print_header, print_rule_details, print_ifaces and the extensions' print
 * functions). The rules' matches and targets are read back from their `iptables -S` text.
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

/** Splits an `iptables -S` fragment into words, undoing xtables_save_string's quoting. */
export function saveWords(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        word += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ' ') word += text[i++];
    }
    out.push(word);
  }
  return out;
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

function addrText(stack: Stack, cidr: string | undefined, numeric: boolean): string {
  if (cidr === undefined) return numeric ? '0.0.0.0/0' : 'anywhere';
  const [a, l] = cidr.split('/');
  const len = Number(l ?? 32);
  if (len === 0 && !numeric) return 'anywhere';
  let name = a!;
  if (!numeric) {
    const ip = parseIp4(name);
    const host = ip === undefined ? undefined : stack.files.hosts.find((h) => h.ip === ip)?.names[0];
    name = host ?? NETWORKS[name] ?? name;
  }
  return len === 32 ? name : `${name}/${len}`;
}

/** Reads a rule back from its `-S` text. */
function listed(stack: Stack, rule: IptRule, numeric: boolean): ListedRule {
  const r: ListedRule = { proto: 0, protoInvert: false, src: addrText(stack, undefined, numeric), srcInvert: false, dst: addrText(stack, undefined, numeric), dstInvert: false, inInvert: false, outInvert: false, extra: '', target: '', goto: false };
  const modules: [string, string[]][] = [];
  for (const m of rule.matches) {
    const w = saveWords(m.save);
    const invert = w[0] === '!';
    const [flag, value] = invert ? [w[1], w[2]] : [w[0], w[1]];
    switch (flag) {
      case '-s':
        r.src = addrText(stack, value, numeric);
        r.srcInvert = invert;
        break;
      case '-d':
        r.dst = addrText(stack, value, numeric);
        r.dstInvert = invert;
        break;
      case '-i':
        r.in = value;
        r.inInvert = invert;
        break;
      case '-o':
        r.out = value;
        r.outInvert = invert;
        break;
      case '-p':
        r.proto = protoNumber(value!);
        r.protoInvert = invert;
        break;
      case '-m': {
        // One save text may hold several modules (`-m tcp --dport 80 -m comment ...`).
        let cur: [string, string[]] | undefined;
        for (let i = 0; i < w.length; i++) {
          if (w[i] === '-m') {
            cur = [w[++i]!, []];
            modules.push(cur);
          } else cur?.[1].push(w[i]!);
        }
        break;
      }
    }
  }
  r.extra = modules.map(([name, words]) => matchText(name, words, numeric, r.proto)).join('');
  const t = saveWords(rule.target.save);
  if (t.length) {
    r.goto = t[0] === '-g';
    r.target = t[1]!;
    r.extra += targetText(r.target, t.slice(2), numeric);
  }
  return r;
}

function protoNumber(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  for (let p = 0; p < 256; p++) if (protocolName(p) === name) return p;
  return 0;
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

function ruleRow(stack: Stack, rule: IptRule, line: number, f: ListFormat): string {
  const r = listed(stack, rule, f.numeric);
  let s = f.lineNumbers ? `${String(line).padEnd(4)} ` : '';
  if (f.verbose) s += formatCount(rule.packets, f.exact) + formatCount(rule.bytes, f.exact);
  s += `${r.target.padEnd(9)} `;
  s += r.protoInvert ? '!' : ' ';
  s += (f.numeric ? String(r.proto) : protocolName(r.proto)).padEnd(5);
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
    for (const r of ch.rules) {
      const w = saveWords(r.target.save);
      if ((w[0] === '-j' || w[0] === '-g') && w[1] === name) n++;
    }
  }
  return n;
}

export function printIptablesL(stack: Stack, c: IptablesCommand): Printed {
  const a = c.action;
  if (a.op !== 'list') throw new Error('not a -L command');
  const f: ListFormat = { numeric: a.numeric, verbose: a.verbose, exact: a.exact, lineNumbers: a.lineNumbers };
  const list = selectChains(stack, c.table, a.chain);
  if (!Array.isArray(list)) return list;
  const blocks = list.map((ch) => {
    let s = `Chain ${ch.name} `;
    if (ch.builtin) {
      s += `(policy ${ch.policy}`;
      // iptables-nft's base chains carry no policy counter: it always shows 0 packets, 0 bytes.
      if (f.verbose) s += ` ${formatCount(0, f.exact, false)}packets, ${formatCount(0, f.exact, false)}bytes`;
      s += ')\n';
    } else s += `(${references(tableChains(stack, c.table), ch.name)} references)\n`;
    s += header(f);
    ch.rules.forEach((r, i) => (s += ruleRow(stack, r, i + 1, f)));
    return s;
  });
  if (a.zero) zeroCounters(list);
  return ok(blocks.join('\n'));
}
