import { parseIp4 } from '../../addr/ipv4';
import type { IptablesCommand } from '../../command/types';
import { protocolName, tcpFlagBits, tcpFlagNames } from '../../kernel/netfilter/matches';
import type { Chain, IptRule } from '../../kernel/netfilter/x_tables';
import type { Stack } from '../../kernel/stack';
import { ok, type Printed } from './common';
import { selectChains, tableChains, zeroCounters } from './iptables-save';
import { serviceName } from './services';

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

/** Options of one module: `[!] --name value...` → name → {values, invert}. */
function options(words: string[]): Map<string, { values: string[]; invert: boolean }> {
  const opts = new Map<string, { values: string[]; invert: boolean }>();
  let invert = false;
  let current: { values: string[]; invert: boolean } | undefined;
  for (const w of words) {
    if (w === '!') {
      invert = true;
    } else if (w.startsWith('--')) {
      current = { values: [], invert };
      opts.set(w.slice(2), current);
      invert = false;
    } else current?.values.push(w);
  }
  return opts;
}

const hex2 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/** libxt_icmp's names, first match of (type, code range) wins. */
const ICMP_NAMES: [string, number, number, number][] = [
  ['any', 255, 0, 255], ['echo-reply', 0, 0, 255], ['destination-unreachable', 3, 0, 255], ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1], ['protocol-unreachable', 3, 2, 2], ['port-unreachable', 3, 3, 3], ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5], ['network-unknown', 3, 6, 6], ['host-unknown', 3, 7, 7], ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10], ['TOS-network-unreachable', 3, 11, 11], ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13], ['host-precedence-violation', 3, 14, 14], ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255], ['redirect', 5, 0, 255], ['network-redirect', 5, 0, 0], ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2], ['TOS-host-redirect', 5, 3, 3], ['echo-request', 8, 0, 255], ['router-advertisement', 9, 0, 255],
  ['router-solicitation', 10, 0, 255], ['time-exceeded', 11, 0, 255], ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1], ['parameter-problem', 12, 0, 255], ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1], ['timestamp-request', 13, 0, 255], ['timestamp-reply', 14, 0, 255],
  ['address-mask-request', 17, 0, 255], ['address-mask-reply', 18, 0, 255],
];

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

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

function port(p: string, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  if (numeric || !proto) return p;
  return serviceName(Number(p), proto) ?? p;
}
function portRange(text: string, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  return text.split(':').map((p) => port(p, numeric, proto)).join(':');
}

function matchText(module: string, words: string[], numeric: boolean, proto: number): string {
  const o = options(words);
  const l4 = proto === 6 ? 'tcp' : proto === 17 ? 'udp' : undefined;
  switch (module) {
    case 'tcp':
    case 'udp': {
      let s = ` ${module}`;
      for (const [opt, label] of [['sport', 'spt'], ['dport', 'dpt']] as const) {
        const v = o.get(opt);
        if (!v) continue;
        const r = v.values[0]!;
        const inv = v.invert ? '!' : '';
        s += r.includes(':') ? ` ${label}s:${inv}${portRange(r, numeric, module)}` : ` ${label}:${inv}${port(r, numeric, module)}`;
      }
      const f = o.get('tcp-flags');
      if (f) {
        const mask = tcpFlagBits(f.values[0]!);
        const comp = tcpFlagBits(f.values[1]!);
        s += ` flags:${f.invert ? '!' : ''}${numeric ? `${hex2(mask)}/${hex2(comp)}` : `${tcpFlagNames(mask)}/${tcpFlagNames(comp)}`}`;
      }
      return s;
    }
    case 'icmp': {
      const v = o.get('icmp-type')!;
      const text = v.values[0]!;
      const [t, c] = text === 'any' ? ['255', undefined] : text.split('/');
      const type = Number(t);
      const codeMin = c === undefined ? 0 : Number(c);
      const codeMax = c === undefined ? 255 : Number(c);
      if (!numeric) {
        const named = ICMP_NAMES.find(([, ty, lo, hi]) => ty === type && lo === codeMin && hi === codeMax);
        if (named) return ` icmp ${v.invert ? '!' : ''}${named[0]}`;
      }
      let s = ` icmp${v.invert ? ' !' : ''}type ${type}`;
      if (codeMin === codeMax) s += ` code ${codeMin}`;
      else if (codeMin !== 0 || codeMax !== 255) s += ` codes ${codeMin}-${codeMax}`;
      return s;
    }
    case 'multiport': {
      const [which, v] = [...o.entries()][0]!;
      const ports = v.values[0]!.split(',').map((r) => portRange(r, numeric, l4)).join(',');
      return ` multiport ${which} ${v.invert ? ' !' : ''}${ports}`;
    }
    case 'conntrack': {
      const v = o.get('ctstate')!;
      return `${v.invert ? ' !' : ''} ctstate ${v.values[0]}`;
    }
    case 'state': {
      const v = o.get('state')!;
      return `${v.invert ? ' !' : ''} state ${v.values[0]}`;
    }
    case 'mark': {
      const v = o.get('mark')!;
      return ` mark match${v.invert ? ' !' : ''} ${v.values[0]}`;
    }
    case 'connmark': {
      const v = o.get('mark')!;
      return ` connmark match ${v.invert ? '!' : ''} ${v.values[0]}`;
    }
    case 'statistic': {
      const mode = o.get('mode')!.values[0];
      if (mode === 'random') {
        const p = o.get('probability')!;
        return ` statistic mode random${p.invert ? ' !' : ''} probability ${p.values[0]}`;
      }
      const every = o.get('every')!;
      const packet = Number(o.get('packet')?.values[0] ?? 0);
      return ` statistic mode nth${every.invert ? ' !' : ''} every ${every.values[0]}${packet ? ` packet ${packet}` : ''}`;
    }
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      const src = o.get('src-type');
      const dst = o.get('dst-type');
      if (src) s += ` src-type ${src.invert ? '!' : ''}${src.values[0]}`;
      if (dst) s += ` dst-type ${dst.invert ? '!' : ''}${dst.values[0]}`;
      if (o.has('limit-iface-in')) s += ' limit-in';
      if (o.has('limit-iface-out')) s += ' limit-out';
      return s;
    }
    case 'comment':
      return ` /* ${o.get('comment')!.values[0]} */`;
    default:
      return ` ${module} ${words.join(' ')}`;
  }
}

function markTargetText(name: string, value: number, mask: number): string {
  if (value === 0) return ` ${name} and 0x${(~mask >>> 0).toString(16)}`;
  if (value === mask) return ` ${name} or 0x${value.toString(16)}`;
  if (mask === 0) return ` ${name} xor 0x${value.toString(16)}`;
  if (mask === 0xffffffff) return ` ${name} set 0x${value.toString(16)}`;
  return ` ${name} xset 0x${value.toString(16)}/0x${mask.toString(16)}`;
}

function targetText(name: string, words: string[], numeric: boolean): string {
  const o = options(words);
  const v = (k: string) => o.get(k)?.values[0];
  const flags = (...names: string[]) => names.filter((n) => o.has(n)).map((n) => ` ${n}`).join('');
  switch (name) {
    case 'REJECT':
      return ` reject-with ${v('reject-with')}`;
    case 'LOG': {
      const level = Number(v('log-level') ?? 4);
      const prefix = o.has('log-prefix') ? ` prefix "${v('log-prefix')}"` : '';
      return numeric ? ` LOG flags 0 level ${level}${prefix}` : ` LOG level ${LOG_LEVELS[level] ?? `UNKNOWN level ${level}`}${prefix}`;
    }
    case 'SNAT':
    case 'DNAT':
      return ` to:${v(name === 'SNAT' ? 'to-source' : 'to-destination')}${flags('random', 'random-fully', 'persistent')}`;
    case 'MASQUERADE':
      return `${o.has('to-ports') ? ` masq ports: ${v('to-ports')}` : ''}${flags('random', 'random-fully')}`;
    case 'REDIRECT':
      return `${o.has('to-ports') ? ` redir ports ${v('to-ports')}` : ''}${flags('random')}`;
    case 'MARK':
    case 'CONNMARK': {
      const x = v('set-xmark');
      if (x !== undefined) {
        const [value, mask] = x.split('/').map((n) => Number(n) >>> 0) as [number, number];
        return markTargetText(name, value, mask);
      }
      const op = o.has('save-mark') ? 'save' : 'restore';
      const nf = Number(v('nfmask') ?? 0xffffffff) >>> 0;
      const ct = Number(v('ctmask') ?? 0xffffffff) >>> 0;
      if (nf === 0xffffffff && ct === 0xffffffff) return ` CONNMARK ${op}`;
      if (nf === ct) return ` CONNMARK ${op} mask 0x${nf.toString(16)}`;
      return op === 'save'
        ? ` CONNMARK save nfmask 0x${nf.toString(16)} ctmask ~0x${ct.toString(16)}`
        : ` CONNMARK restore ctmask 0x${ct.toString(16)} nfmask ~0x${nf.toString(16)}`;
    }
    default:
      return '';
  }
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
