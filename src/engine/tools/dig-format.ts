import { formatIp4, type Ip4 } from '../addr/ipv4';
import { DNS_TYPE_OPT, type DnsMessage, type DnsRecord } from '../wire/dns';

/*
 * The text BIND 9.18's dig prints (Debian 12: DiG 9.18.49-1~deb12u3-Debian): header, flags,
 * OPT pseudosection, sections in master-file style with tab stops at 24/32/40/48, and the
 * statistics block. Checked against the real dig's output in network namespaces.
 */

export const DIG_VERSION = 'DiG 9.18.49-1~deb12u3-Debian';
/**
 * The virtual wall clock: the simulator has no real date, so `;; WHEN:` counts virtual time
 * from Thu Jan 01 00:00:00 UTC 2026 (the boot of every simulated run).
 */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);

export const RCODE_TEXT = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const TYPE_TEXT: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 255: 'ANY' };
const CLASS_TEXT: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS' };
const EDE_TEXT: Record<number, string> = { 0: 'Other', 14: 'Not Ready', 18: 'Prohibited', 20: 'Not Authoritative', 21: 'Not Supported', 23: 'Network Error' };

export const typeText = (t: number) => TYPE_TEXT[t] ?? `TYPE${t}`;
export const rcodeText = (r: number) => RCODE_TEXT[r] ?? `RESERVED${r}`;
/** A name as dig prints it: absolute, with the final dot. */
export const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);

/** Joins fields, padding each with tabs to its tab stop as BIND's master-file printer does (at least one space). */
function columns(fields: string[], stops: number[]): string {
  let out = '';
  let col = 0;
  fields.forEach((f, i) => {
    out += f;
    col += f.length;
    const to = stops[i];
    if (to === undefined) return;
    if (col >= to) {
      out += ' ';
      col++;
    }
    while (col < to) {
      out += '\t';
      col = (col + 8) & ~7;
    }
  });
  return out;
}

export function rdataText(r: DnsRecord): string {
  const d = r.data;
  if (d.kind === 'address') return formatIp4(d.address);
  if (d.kind === 'name') return fqdn(d.name);
  if (d.kind === 'mx') return `${d.preference} ${fqdn(d.exchange)}`;
  if (d.kind === 'srv') return `${d.priority} ${d.weight} ${d.port} ${fqdn(d.target)}`;
  if (d.kind === 'soa') return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
  return `\\# ${d.bytes.length} ${Array.from(d.bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

export function recordLine(r: DnsRecord): string {
  return columns([fqdn(r.name), String(r.ttl), CLASS_TEXT[r.class] ?? `CLASS${r.class}`, typeText(r.type), rdataText(r)], [24, 32, 40, 48]);
}

function flagsText(m: DnsMessage): string {
  return [m.response && 'qr', m.authoritative && 'aa', m.truncated && 'tc', m.recursionDesired && 'rd', m.recursionAvailable && 'ra', m.authenticData && 'ad', m.checkingDisabled && 'cd'].filter(Boolean).join(' ');
}

/** The OPT pseudosection lines for an OPT record. */
function optLines(opt: DnsRecord): string[] {
  const version = (opt.ttl >>> 16) & 0xff;
  const lines = [`; EDNS: version: ${version}, flags:${opt.ttl & 0x8000 ? ' do' : ''}; udp: ${opt.class}`];
  const bytes = opt.data.kind === 'bytes' ? opt.data.bytes : new Uint8Array();
  for (let i = 0; i + 4 <= bytes.length; ) {
    const code = (bytes[i]! << 8) | bytes[i + 1]!;
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const value = bytes.subarray(i + 4, i + 4 + len);
    if (code === 15 && len >= 2) {
      const info = (value[0]! << 8) | value[1]!;
      lines.push(`; EDE: ${info} (${EDE_TEXT[info] ?? 'Unknown'})`);
    } else if (code === 10) lines.push(`; COOKIE: ${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`);
    i += 4 + len;
  }
  return lines;
}

/** `Sat Nov 21 17:02:02 UTC 2026` for a virtual time in nanoseconds. */
export function whenText(virtualNs: number): string {
  const d = new Date(VIRTUAL_EPOCH_MS + Math.floor(virtualNs / 1e6));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** `; <<>> DiG ... <<>> ARGS`, and `; (1 server found)` when the server was given with @. */
export function digBanner(args: string, serverGiven: boolean): string {
  return `\n; <<>> ${DIG_VERSION} <<>> ${args}\n${serverGiven ? '; (1 server found)\n' : ''};; global options: +cmd\n`;
}

export interface DigStats {
  queryMs: number;
  server: Ip4;
  port: number;
  whenNs: number;
  size: number;
}

/** Everything after the banner for an answer: header, sections, statistics. */
export function digAnswerText(m: DnsMessage, stats: DigStats): string {
  const opt = m.additionals.find((r) => r.type === DNS_TYPE_OPT);
  const additional = m.additionals.filter((r) => r.type !== DNS_TYPE_OPT);
  const out = [
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${rcodeText(m.rcode)}, id: ${m.id}`,
    `;; flags: ${flagsText(m)}; QUERY: ${m.questions.length}, ANSWER: ${m.answers.length}, AUTHORITY: ${m.authorities.length}, ADDITIONAL: ${m.additionals.length}`,
    '',
  ];
  if (opt) out.push(';; OPT PSEUDOSECTION:', ...optLines(opt));
  out.push(';; QUESTION SECTION:');
  // The ';' is printed before the column counting starts: ";nosuch." still gets 4 tabs.
  for (const q of m.questions) out.push(`;${columns([fqdn(q.name), '', CLASS_TEXT[q.class] ?? `CLASS${q.class}`, typeText(q.type)], [24, 32, 40])}`);
  out.push('');
  for (const [title, records] of [['ANSWER', m.answers], ['AUTHORITY', m.authorities], ['ADDITIONAL', additional]] as const) {
    if (!records.length) continue;
    out.push(`;; ${title} SECTION:`, ...records.map(recordLine), '');
  }
  const ip = formatIp4(stats.server);
  out.push(`;; Query time: ${stats.queryMs} msec`, `;; SERVER: ${ip}#${stats.port}(${ip}) (UDP)`, `;; WHEN: ${whenText(stats.whenNs)}`, `;; MSG SIZE  rcvd: ${stats.size}`, '', '');
  return out.join('\n');
}
