import { tcpFlagBits, tcpFlagNames } from '../../kernel/netfilter/matches';
import { serviceName } from './services';

/*
 * The match and target extensions as `iptables -L` prints them (each libxt_*.c print
 * function), from the words of a rule's `iptables -S` text.
 */

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

function port(p: string, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  if (numeric || !proto) return p;
  return serviceName(Number(p), proto) ?? p;
}
function portRange(text: string, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  return text.split(':').map((p) => port(p, numeric, proto)).join(':');
}

export function matchText(module: string, words: string[], numeric: boolean, proto: number): string {
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

export function targetText(name: string, words: string[], numeric: boolean): string {
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

