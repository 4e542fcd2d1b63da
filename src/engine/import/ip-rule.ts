import type { Line } from './detect';
import { IPV6_OFF, type Importer } from './importer';

/** The rules every namespace starts with (fib_default_rules_init). */
const DEFAULT_RULES = new Map([
  ['0', 'from all lookup local'],
  ['32766', 'from all lookup main'],
  ['32767', 'from all lookup default'],
]);

/** `1000:	from 192.168.1.128/25 lookup 100` into `ip rule add pref 1000 from 192.168.1.128/25 lookup 100`. */
export function importRule(imp: Importer, text: string, line: number, ipv6 = false): void {
  const m = /^(\d+):\s+(.*?)\s*$/.exec(text.trim());
  if (!m) return imp.bad(line, `'${text.trim()}' is not an \`ip rule\` line ("PRIORITY: SELECTOR ACTION")`);
  const [, pref, rest] = m as unknown as [string, string, string];
  if (ipv6 || /\b(from|to) [0-9a-f]*:/.test(rest)) return imp.skip(line, text, IPV6_OFF);
  const state = rest.match(/\[detached\]|\bunresolved\b/g) ?? [];
  let body = rest.replace(/\s*\[detached\]|\s+unresolved\b/g, '').replace(/\s+proto kernel$/, '');
  if (DEFAULT_RULES.get(pref) === body) return imp.skip(line, text, `rule ${pref}: one of the three rules the kernel starts with`);
  // "from all" is what a rule matches when it names no source: ip rule add needs no word for it.
  body = body.replace(/^(not\s+)?from all(\s+|$)/, (_, not: string | undefined) => (not ? 'not ' : ''));
  const iif = /\biif (\S+)/.exec(body)?.[1];
  const oif = /\boif (\S+)/.exec(body)?.[1];
  for (const dev of [iif, oif]) if (dev !== undefined && !imp.device(dev, line, text)) return;
  imp.add('rule', line, `ip rule add pref ${pref}${body ? ` ${body}` : ''}`, text);
  if (state.length) imp.skip(line, state.join(' '), 'state the kernel reports, not configuration');
}

export function importIpRule(imp: Importer, lines: Line[], ipv6 = false): void {
  for (const line of lines) if (line.text.trim() !== '') importRule(imp, line.text, line.n, ipv6);
}

/** One entry of `ip -j rule`, written as `ip rule` prints it. */
export function ruleTextFromJson(e: Record<string, unknown>): string | undefined {
  if (typeof e.priority !== 'number') return undefined;
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const words: string[] = [];
  if (e.not === true || e.not === null) words.push('not');
  const src = s(e.src);
  words.push('from', src === undefined ? 'all' : e.srclen !== undefined ? `${src}/${String(e.srclen)}` : src);
  const dst = s(e.dst);
  if (dst !== undefined) words.push('to', e.dstlen !== undefined ? `${dst}/${String(e.dstlen)}` : dst);
  const put = (key: string, v: unknown) => {
    const t = s(v);
    if (t !== undefined) words.push(key, t);
  };
  put('tos', e.tos);
  const fwmark = s(e.fwmark);
  if (fwmark !== undefined) words.push('fwmark', e.fwmask !== undefined ? `${fwmark}/${String(e.fwmask)}` : fwmark);
  put('iif', e.iif);
  put('oif', e.oif);
  put('ipproto', e.ipproto);
  put('sport', e.sport);
  put('dport', e.dport);
  if (typeof e.uid_start === 'number') words.push('uidrange', `${e.uid_start}-${String(e.uid_end)}`);
  put('lookup', e.table);
  put('suppress_prefixlength', e.suppress_prefixlen);
  put('goto', e.target);
  if (typeof e.action === 'string' && e.table === undefined) words.push(e.action);
  return `${e.priority}:\t${words.join(' ')}`;
}
