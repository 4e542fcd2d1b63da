import { parseIp4 } from '../addr/ipv4';
import { CommandError, parseDecimal } from './args';
import { getopt, type GetoptSpec, type ParsedOption } from './getopt';
import type {
  ArpingCommand, CurlCommand, DigCommand, HostCommand, HostRef, NcConnect, NcListen, PingCommand, PortRange,
  SleepCommand, TracerouteCommand, TrueCommand, Word,
} from './types';

/** The client tools flows run (iputils ping and arping, OpenBSD nc, curl, dig, host, traceroute, sleep). */

export function hostRef(text: string): HostRef {
  const ip = parseIp4(text);
  return ip === undefined ? { kind: 'name', name: text } : { kind: 'ip', ip, text };
}

function runGetopt(tool: string, words: readonly Word[], spec: GetoptSpec, usage: string, status: number, column: number) {
  const r = getopt(words, spec);
  if (r.ok) return r;
  const what = r.kind === 'missing' ? `option requires an argument -- '${r.option}'` : r.option.startsWith('--') ? `unrecognized option '${r.option}'` : `invalid option -- '${r.option}'`;
  throw new CommandError(r.word.column ?? column, `${tool}: ${what}\n${usage}`, status);
}

const PING_USAGE = '\nUsage\n  ping [options] <destination>';

export function parsePing(words: readonly Word[], column: number): PingCommand {
  const { options, operands } = runGetopt('ping', words, { short: '46c:W:i:I:t:nqs:w:m:vDOaAbBdfhLrRUV' }, PING_USAGE, 2, column);
  const ping: Partial<PingCommand> = { kind: 'ping', interval: 1, size: 56, numeric: false, quiet: false };
  const bad = (w: Word, msg: string, status = 2) => new CommandError(w.column, `ping: ${msg}`, status);
  // iputils' strtol_or_err: an invalid number exits 1, unlike the usage errors' 2.
  const integer = (o: ParsedOption, min: number, max: number) => {
    const text = o.value!.text;
    if (!/^-?\d+$/.test(text)) throw bad(o.value!, `invalid argument: '${text}'`, 1);
    const n = Number(text);
    if (n < min || n > max) throw bad(o.value!, `invalid argument: '${text}': out of range: ${min} <= value <= ${max === Number.MAX_SAFE_INTEGER ? '9223372036854775807' : max}`, 1);
    return n;
  };
  for (const o of options) {
    switch (o.name) {
      case 'c': ping.count = integer(o, 1, Number.MAX_SAFE_INTEGER); break;
      case 'W': {
        const w = parseDecimal(o.value!.text);
        if (w === undefined) throw bad(o.value!, `bad linger time: ${o.value!.text}`);
        ping.timeout = w;
        break;
      }
      case 'w': ping.deadline = integer(o, 0, 2147483647); break;
      case 'i': {
        const i = parseDecimal(o.value!.text);
        if (i === undefined) throw bad(o.value!, `bad timing interval: ${o.value!.text}`);
        ping.interval = i;
        break;
      }
      case 'I': ping.iface = o.value!; break;
      case 't': ping.ttl = integer(o, 0, 255); break;
      case 's': ping.size = integer(o, 0, 65507); break;
      case 'm': ping.mark = integer(o, 0, 4294967295); break;
      case 'n': ping.numeric = true; break;
      case 'q': ping.quiet = true; break;
      case '4': case 'v': case 'D': case 'O': break;
      case '6': throw new CommandError(o.word.column, 'hairpin: IPv6 is not simulated', 2);
      default: throw new CommandError(o.word.column, `hairpin: ping option '-${o.name}' is not supported`, 2);
    }
  }
  if (operands.length === 0) throw new CommandError(column, 'ping: usage error: Destination address required', 1);
  return { ...ping, host: hostRef(operands[operands.length - 1]!.text) } as PingCommand;
}

const NC_USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]';

function ncPort(word: Word): PortRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(word.text);
  const fail = (msg: string) => new CommandError(word.column, `nc: ${msg}`, 1);
  const one = (text: string) => {
    const n = Number(text);
    if (n > 65535) throw fail(`port number too large: ${text}`);
    return n;
  };
  if (!m) {
    const service: Record<string, number> = { http: 80, https: 443, ssh: 22, domain: 53, smtp: 25, ftp: 21 };
    const p = service[word.text];
    if (p === undefined) throw fail(`port number invalid: ${word.text}`);
    return { min: p, max: p };
  }
  const min = one(m[1]!);
  const max = m[2] === undefined ? min : one(m[2]);
  if (max < min) throw fail('port range not valid');
  return { min, max };
}

export function parseNc(words: readonly Word[], column: number): NcListen | NcConnect {
  const { options, operands } = runGetopt('nc', words, { short: '46CDdFhklNnrStUuvZzI:i:M:m:O:P:p:q:s:T:V:W:w:X:x:' }, NC_USAGE, 1, column);
  const has = (l: string) => options.some((o) => o.name === l);
  const value = (l: string) => [...options].reverse().find((o) => o.name === l)?.value;
  for (const o of options) {
    if (!'46klnuvzwspNq'.includes(o.name)) throw new CommandError(o.word.column, `hairpin: nc option '-${o.name}' is not supported`, 2);
    if (o.name === '6') throw new CommandError(o.word.column, 'hairpin: IPv6 is not simulated', 2);
  }
  let timeout: number | undefined;
  const w = value('w');
  if (w) {
    if (!/^\d+$/.test(w.text)) throw new CommandError(w.column, `nc: timeout invalid: ${w.text}`, 1);
    timeout = Number(w.text);
  }
  let quit: number | undefined;
  const q = value('q');
  if (q) {
    if (!/^-?\d+$/.test(q.text) || Math.abs(Number(q.text)) > 2147483647) throw new CommandError(q.column, `nc: quit timer ${/^-?\d+$/.test(q.text) ? (q.text.startsWith('-') ? 'too small' : 'too large') : 'invalid'}: ${q.text}`, 1);
    quit = Number(q.text);
  }
  const p = value('p');
  const s = value('s');
  if (has('l')) {
    if (has('N') || q) throw new CommandError((options.find((o) => o.name === 'N' || o.name === 'q')!).word.column, "hairpin: nc -l with -N or -q is not modelled", 2);
    // nc -l [ADDR] PORT, or the traditional -l -p PORT.
    const portWord = operands.length ? operands[operands.length - 1]! : p;
    if (!portWord) throw new CommandError(column, 'nc: missing port number', 1);
    if (operands.length > 2) throw new CommandError(operands[2]!.column, NC_USAGE, 1);
    const port = ncPort(portWord);
    const bindText = operands.length === 2 ? operands[0]!.text : s?.text;
    const listen: NcListen = { kind: 'nc-listen', port: port.min, udp: has('u'), keepOpen: has('k'), verbose: has('v') };
    if (bindText) listen.bind = hostRef(bindText);
    return listen;
  }
  if (has('k')) throw new CommandError(column, 'nc: must use -l with -k', 1);
  if (operands.length === 0) throw new CommandError(column, NC_USAGE, 1);
  if (operands.length === 1) throw new CommandError(column, 'nc: missing port number', 1);
  const connect: NcConnect = {
    kind: 'nc-connect', host: hostRef(operands[0]!.text), ports: operands.slice(1).map(ncPort), udp: has('u'),
    zero: has('z'), verbose: has('v'), numeric: has('n'), shutdownOnEof: has('N'),
  };
  if (quit !== undefined && quit >= 0) connect.quitAfterEof = quit;
  if (timeout !== undefined) connect.timeout = timeout;
  if (s) connect.source = hostRef(s.text);
  if (p) connect.sourcePort = ncPort(p).min;
  return connect;
}

const CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information";
const CURL_LONG: GetoptSpec['long'] = {
  silent: { arg: false, short: 's' }, 'show-error': { arg: false, short: 'S' }, 'max-time': { arg: true, short: 'm' },
  'connect-timeout': { arg: true }, output: { arg: true, short: 'o' }, 'write-out': { arg: true, short: 'w' },
  fail: { arg: false, short: 'f' }, head: { arg: false, short: 'I' }, verbose: { arg: false, short: 'v' },
  include: { arg: false, short: 'i' }, interface: { arg: true }, location: { arg: false, short: 'L' },
};

export function parseCurl(words: readonly Word[], column: number): CurlCommand {
  const r = getopt(words, { short: 'sSm:o:w:fIviL', long: CURL_LONG });
  if (!r.ok) {
    const shown = r.option.startsWith('--') ? r.option : `-${r.option}`;
    const msg = r.kind === 'missing' ? `curl: option ${shown}: requires parameter` : `curl: option ${shown}: is unknown`;
    throw new CommandError(r.word.column, `${msg}\n${CURL_TRY}`, 2);
  }
  const curl: Partial<CurlCommand> = { kind: 'curl', silent: false, showError: false, fail: false, head: false, verbose: false, includeHeaders: false };
  const seconds = (o: ParsedOption) => {
    const n = parseDecimal(o.value!.text);
    if (n === undefined) throw new CommandError(o.value!.column, `curl: option ${o.word.text}: expected a proper numerical parameter\n${CURL_TRY}`, 2);
    return n;
  };
  for (const o of r.options) {
    switch (o.name) {
      case 's': curl.silent = true; break;
      case 'S': curl.showError = true; break;
      case 'm': curl.maxTime = seconds(o); break;
      case 'connect-timeout': curl.connectTimeout = seconds(o); break;
      case 'o': curl.output = o.value!.text; break;
      case 'w': curl.writeOut = o.value!.text; break;
      case 'f': curl.fail = true; break;
      case 'I': curl.head = true; break;
      case 'v': curl.verbose = true; break;
      case 'i': curl.includeHeaders = true; break;
      case 'interface': curl.iface = o.value!.text; break;
      case 'L': break;
    }
  }
  const urlWord = r.operands[0];
  if (!urlWord) throw new CommandError(column, `curl: no URL specified!\n${CURL_TRY}`, 2);
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d*))?([/?#].*)?$/.exec(urlWord.text);
  if (!m) throw new CommandError(urlWord.column, 'curl: (3) URL using bad/illegal format or missing URL', 3);
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http') {
    if (scheme === 'https') throw new CommandError(urlWord.column, 'hairpin: https is not simulated (use http://)', 2);
    throw new CommandError(urlWord.column, `curl: (1) Protocol "${scheme}" not supported`, 1);
  }
  const port = m[3] ? Number(m[3]) : 80;
  if (port > 65535) throw new CommandError(urlWord.column, 'curl: (3) URL using bad/illegal format or missing URL', 3);
  return { ...curl, url: { scheme: 'http', host: hostRef(m[2]!), port, path: m[4] ?? '/' } } as CurlCommand;
}

/** isc_parse_uint32 as dig reports it: "invalid tries 'x': not a valid number / out of range". */
function digUint32(w: Word, text: string, what: string, status: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n) || n > 0xffffffff) {
    throw new CommandError(w.column, `invalid ${what} '${text}': ${Number.isNaN(n) ? 'not a valid number' : 'out of range'}\ndig: Couldn't parse ${what}`, status);
  }
  return n;
}

export function parseDig(words: readonly Word[]): DigCommand {
  const dig: DigCommand = { kind: 'dig', args: words.map((w) => w.text).join(' '), name: '.', type: 'A', short: false, port: 53 };
  let named = false;
  const TYPES = ['A', 'AAAA', 'MX', 'NS', 'PTR', 'CNAME', 'TXT', 'SOA', 'ANY', 'SRV'];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    if (t.startsWith('@')) dig.server = hostRef(t.slice(1));
    else if (t.startsWith('+')) {
      const [opt = '', val] = t.slice(1).split('=');
      if (opt === 'short') dig.short = true;
      else if (opt === 'noshort') dig.short = false;
      else if ((opt === 'time' || opt === 'tries' || opt === 'retry') && val) {
        const what = { time: 'timeout', tries: 'tries', retry: 'retries' }[opt];
        const n = digUint32(w, val, what, 10);
        if (opt === 'time') dig.timeout = Math.max(1, n);
        else dig.tries = opt === 'retry' ? n + 1 : Math.max(1, n);
      }
      else if (['search', 'nosearch', 'noall', 'answer', 'nocomments', 'nostats', 'noquestion', 'tcp', 'notcp'].includes(opt)) continue;
      else throw new CommandError(w.column, `Invalid option: ${t}`, 1);
    } else if (t === '-p' || t === '-t') {
      const v = words[++i];
      if (!v) throw new CommandError(w.column, `dig: option requires an argument -- '${t[1]}'`, 1);
      if (t === '-p') {
        dig.port = digUint32(v, v.text, 'port number', 1);
        if (dig.port > 65535) throw new CommandError(v.column, `invalid port number '${v.text}': out of range\ndig: Couldn't parse port number`, 1);
      }
      else dig.type = v.text.toUpperCase();
    } else if (t.startsWith('-')) {
      throw new CommandError(w.column, `hairpin: dig option '${t}' is not supported`, 2);
    } else if (named && TYPES.includes(t.toUpperCase())) dig.type = t.toUpperCase();
    else if (!named) { dig.name = t; named = true; }
    else if (TYPES.includes(t.toUpperCase())) dig.type = t.toUpperCase();
  }
  return dig;
}

export function parseHost(words: readonly Word[], column: number): HostCommand {
  const r = runGetopt('host', words, { short: 't:W:avr46' }, 'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]', 1, column);
  const host: Partial<HostCommand> = { kind: 'host' };
  for (const o of r.options) {
    if (o.name === 't') host.type = o.value!.text.toUpperCase();
    if (o.name === 'W') host.timeout = Number(o.value!.text);
  }
  if (r.operands.length === 0) throw new CommandError(column, 'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]', 1);
  if (r.operands[1]) host.server = hostRef(r.operands[1].text);
  return { ...host, name: r.operands[0]!.text } as HostCommand;
}

export function parseTraceroute(words: readonly Word[], column: number): TracerouteCommand {
  const r = runGetopt('traceroute', words, { short: 'nm:q:w:f:p:i:s:ITUN:z:46' }, 'Usage: traceroute [ -46dFITnreAUDV ] host', 2, column);
  const tr: Partial<TracerouteCommand> = { kind: 'traceroute', numeric: false, maxHops: 30, firstHop: 1, queries: 3, wait: 5, method: 'udp' };
  const argc = (o: ParsedOption) => {
    const i = words.indexOf(o.value!);
    return (i >= 0 ? i : words.indexOf(o.word)) + 1;
  };
  const cannot = (o: ParsedOption) => new CommandError(o.value!.column, `Cannot handle \`-${o.name}' option with arg \`${o.value!.text}' (argc ${argc(o)})`, 2);
  /** strtol(…, 0) stored in an int, as traceroute's option table does (4294967297 is 1). */
  const int = (o: ParsedOption) => {
    const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(o.value!.text);
    if (!m) throw cannot(o);
    let v = BigInt(m[2]!.length > 1 && m[2]![0] === '0' && !/x/i.test(m[2]!) ? `0o${m[2]!.slice(1)}` : m[2]!);
    if (m[1] === '-') v = -v;
    const LONG_MAX = (1n << 63n) - 1n;
    v = v > LONG_MAX ? LONG_MAX : v < -LONG_MAX - 1n ? -LONG_MAX - 1n : v;
    return Number(BigInt.asIntN(32, v));
  };
  const seconds = (o: ParsedOption) => {
    const n = parseDecimal(o.value!.text);
    if (n === undefined) throw cannot(o);
    return n;
  };
  for (const o of r.options) {
    switch (o.name) {
      case 'n': tr.numeric = true; break;
      case 'm': tr.maxHops = int(o); break;
      case 'q': tr.queries = int(o); break;
      case 'w': {
        // A negative wait parses, and is refused with the three wait factors it sets.
        const negative = /^-/.test(o.value!.text) && parseDecimal(o.value!.text.slice(1)) !== undefined;
        if (negative) throw new CommandError(o.value!.column, `bad wait specifications \`${o.value!.text},0,0' used`, 2);
        tr.wait = seconds(o);
        break;
      }
      case 'f': tr.firstHop = int(o); break;
      case 'p': tr.port = int(o) & 0xffff; break;
      case 'i': tr.iface = o.value!.text; break;
      case 's': tr.source = parseIp4(o.value!.text) ?? 0; break;
      case 'I': tr.method = 'icmp'; break;
      case 'T': tr.method = 'tcp'; break;
      case 'U': tr.method = 'udp'; break;
      case '6': throw new CommandError(o.word.column, 'hairpin: IPv6 is not simulated', 2);
      default: break;
    }
  }
  const target = r.operands[0];
  if (!target) throw new CommandError(column, 'Specify "host" missing argument.', 2);
  // traceroute.c checks these after reading every option, in this order (max_hops unsigned).
  if (tr.maxHops! >>> 0 > 255) throw new CommandError(column, 'max hops cannot be more than 255', 2);
  if (tr.firstHop! < 1 || tr.firstHop! > tr.maxHops!) throw new CommandError(column, 'first hop out of range', 2);
  if (tr.queries! < 1 || tr.queries! > 10) throw new CommandError(column, 'no more than 10 probes per hop', 2);
  return { ...tr, host: hostRef(target.text) } as TracerouteCommand;
}

export function parseArping(words: readonly Word[], column: number): ArpingCommand {
  const usage = 'Usage: arping [-fqbDUAV] [-c count] [-w timeout] [-I device] [-s source] destination';
  const r = runGetopt('arping', words, { short: 'c:I:w:s:UDfqbAV' }, usage, 2, column);
  const a: Partial<ArpingCommand> = { kind: 'arping', unsolicited: false, duplicateDetection: false, quitOnReply: false };
  /** iputils' strtol_or_err: base 10, whole word, within [min, INT_MAX]. */
  const int = (o: ParsedOption, min: number) => {
    const text = o.value!.text;
    if (!/^\s*[+-]?\d+$/.test(text)) throw new CommandError(o.value!.column, `arping: invalid argument: '${text}'`, 1);
    const n = Number(text);
    if (n < min || n > 2147483647) throw new CommandError(o.value!.column, `arping: invalid argument: '${text}': out of range: ${min} <= value <= 2147483647`, 1);
    return n;
  };
  for (const o of r.options) {
    if (o.name === 'c') a.count = int(o, 1);
    else if (o.name === 'I') a.iface = o.value!;
    else if (o.name === 'w') a.deadline = int(o, 0);
    else if (o.name === 's') a.source = parseIp4(o.value!.text) ?? 0;
    else if (o.name === 'U' || o.name === 'A') a.unsolicited = true;
    else if (o.name === 'D') a.duplicateDetection = true;
    else if (o.name === 'f') a.quitOnReply = true;
  }
  const target = r.operands[0];
  if (!target) throw new CommandError(column, usage, 2);
  const ip = parseIp4(target.text);
  if (ip === undefined) throw new CommandError(target.column, `arping: ${target.text}: Name or service not known`, 2);
  return { ...a, target: ip } as ArpingCommand;
}

export function parseSleep(words: readonly Word[], column: number): SleepCommand {
  const TRY = "Try 'sleep --help' for more information.";
  if (words.length === 0) throw new CommandError(column, `sleep: missing operand\n${TRY}`, 1);
  let seconds = 0;
  for (const w of words) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(w.text);
    if (!m) throw new CommandError(w.column, `sleep: invalid time interval '${w.text}'\n${TRY}`, 1);
    seconds += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
  }
  return { kind: 'sleep', seconds };
}

/** `wait` with no operand; a job id or pid is not simulated (a flow has no job table). */
export function parseWait(words: readonly Word[]): TrueCommand {
  if (words.length) throw new CommandError(words[0]!.column, 'hairpin: wait takes no job or process id here (it waits for every background job)', 2);
  return { kind: 'wait' };
}
