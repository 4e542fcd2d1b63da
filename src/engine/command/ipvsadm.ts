import { parseIp4 } from '../addr/ipv4';
import {
  IP_VS_CONN_F_DROUTE, IP_VS_CONN_F_MASQ, IP_VS_CONN_F_TUNNEL, IP_VS_SVC_F_PERSISTENT, IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2,
  IP_VS_SVC_F_SCHED3, IP_VS_TUNNEL_ENCAP_FLAG_CSUM, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM, IPPROTO_TCP, IPPROTO_UDP,
  IPVS_SVC_PERSISTENT_TIMEOUT, TUNNEL_TYPE_NAMES, type IpVsFwd,
} from '../kernel/ipvs/ip_vs';
import { CommandError } from './args';
import { getservbyname } from './netdb';
import type { HereDocument } from './lexer';
import { hereDocumentPlace } from './lexer';
import type { Word } from './types';

/*
 * ipvsadm 1.31's command line (ipvsadm.c): popt options, the first of them the command; the
 * table of which options each command needs or refuses (commands_v_options); the defaults
 * process_options sets (weight 1, direct routing, wlc, /32 persistence granularity); and its
 * messages (fail(): exit 2; popt's errors and a refused kernel call: exit 255).
 */

export type IpvsadmOp =
  | 'add-service' | 'edit-service' | 'delete-service' | 'flush' | 'list'
  | 'add-server' | 'delete-server' | 'edit-server' | 'restore' | 'save' | 'zero' | 'set';

export interface IpvsadmEntry {
  op: IpvsadmOp;
  /** -t/-u ADDR:PORT or -f MARK (protocol TCP, address 0). */
  service?: { fwmark: number; protocol: number; addr: number; port: number };
  scheduler: string;
  flags: number;
  timeout: number;
  netmask: number;
  server?: { addr: number; port: number };
  fwd: IpVsFwd;
  weight: number;
  /** --tun-type (ipip 0, gue 1, gre 2), --tun-port, --tun-[no|rem]csum. */
  tunType: number;
  tunPort: number;
  tunFlags: number;
  /** -L --tun-info. */
  tunInfo: boolean;
  numeric: boolean;
  connection: boolean;
  stats: boolean;
  rate: boolean;
  exact: boolean;
  /** -L --timeout. */
  timeoutList: boolean;
  /** --set TCP TCPFIN UDP (seconds; 0 leaves one as it is). */
  timeouts?: [number, number, number];
  column: number;
}

/** A line of `ipvsadm -R` input: its entry, or how ipvsadm fails on it. */
export type IpvsadmRestoreLine = { entry: IpvsadmEntry; line: number } | { error: string; status: number; line: number; column: number };

export interface IpvsadmCommand {
  kind: 'ipvsadm';
  entry: IpvsadmEntry;
  /** -R: the lines of its standard input, in order. */
  restore?: IpvsadmRestoreLine[];
}

/** Fails as ipvsadm's fail() does: the message, exit status 2. */
const fail = (column: number, text: string) => new CommandError(column, text, 2);

type Opt =
  | 'numeric' | 'connection' | 'service-address' | 'scheduler' | 'persistent' | 'netmask' | 'real-server'
  | 'forwarding-method' | 'weight' | 'timeout' | 'stats' | 'rate' | 'exact' | 'sched-flags'
  | 'tun-info' | 'tun-type' | 'tun-port' | 'tun-nocsum' | 'tun-csum' | 'tun-remcsum';

/** optnames, in the bit order of OPT_* (the modelled ones). */
const OPTS: readonly Opt[] = [
  'numeric', 'connection', 'service-address', 'scheduler', 'persistent', 'netmask', 'real-server', 'forwarding-method', 'weight',
  'timeout', 'stats', 'rate', 'exact', 'sched-flags', 'tun-info', 'tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum',
];

/** commands_v_options (ipvsadm 1.31) for the options modelled: '+' needed, 'x' refused, '1' only one of them, ' ' optional. */
const TABLE: Record<IpvsadmOp, string> = {
  //                 n  c  svc s  p  M  r  fwd w  tot st rt ex b  tinf type tprt nocs csum remc
  'add-service':    'xx+   xxxxxxx xxxxxx',
  'edit-service':   'xx+   xxxxxxx xxxxxx',
  'delete-service': 'xx+xxxxxxxxxxxxxxxxx',
  flush:            'xxxxxxxxxxxxxxxxxxxx',
  list:             ' 11xxxxxx1   x xxxxx',
  'add-server':     'xx+xxx+  xxxxxx     ',
  'delete-server':  'xx+xxx+xxxxxxxxxxxxx',
  'edit-server':    'xx+xxx+  xxxxxx     ',
  restore:          'xxxxxxxxxxxxxxxxxxxx',
  save:             ' xxxxxxxxxxxxxxxxxxx',
  zero:             'xx xxxxxxxxxxxxxxxxx',
  set:              'xxxxxxxxxxxxxxxxxxxx',
};

/** tunnel_types_v_options: per tunnel type, tun-port tun-nocsum tun-csum tun-remcsum. */
const TUNNEL_TABLE: Record<number, string> = { 0: 'xxxx', 1: '+111', 2: 'x111' };
const TUN_OPTS: readonly Opt[] = ['tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];

const COMMANDS: Record<string, IpvsadmOp> = {
  A: 'add-service', 'add-service': 'add-service', E: 'edit-service', 'edit-service': 'edit-service',
  D: 'delete-service', 'delete-service': 'delete-service', C: 'flush', clear: 'flush',
  L: 'list', l: 'list', list: 'list', a: 'add-server', 'add-server': 'add-server',
  e: 'edit-server', 'edit-server': 'edit-server', d: 'delete-server', 'delete-server': 'delete-server',
  R: 'restore', restore: 'restore', S: 'save', save: 'save', Z: 'zero', zero: 'zero', set: 'set',
};

/** Options taking an argument (popt POPT_ARG_STRING), by short letter and long name; p's is optional. */
const WITH_ARG: Record<string, string> = {
  t: 't', 'tcp-service': 't', u: 'u', 'udp-service': 'u', f: 'f', 'fwmark-service': 'f',
  s: 's', scheduler: 's', p: 'p', persistent: 'p', M: 'M', netmask: 'M', r: 'r', 'real-server': 'r', w: 'w', weight: 'w',
  b: 'b', 'sched-flags': 'b', 'tun-type': 'tun-type', 'tun-port': 'tun-port',
};
const FLAGS: Record<string, string> = {
  m: 'm', masquerading: 'm', g: 'g', gatewaying: 'g', i: 'i', ipip: 'i', n: 'n', numeric: 'n',
  c: 'c', connection: 'c', stats: 'stats', rate: 'rate', X: 'X', exact: 'X', timeout: 'timeout',
  'tun-info': 'tun-info', 'tun-nocsum': 'tun-nocsum', 'tun-csum': 'tun-csum', 'tun-remcsum': 'tun-remcsum',
};
const UNMODELLED = new Set(['x', 'u-threshold', 'y', 'l-threshold', 'start-daemon', 'stop-daemon', 'mcast-interface', 'syncid', 'daemon', 'thresholds', 'persistent-conn', 'nosort', '6', 'ipv6', 'o', 'ops', 'pe', 'h', 'help', 'v', 'version']);

interface PoptOption {
  name: string;
  /** As the user wrote it (popt's bad-option text). */
  written: string;
  arg?: string;
  column: number;
}

/** popt's reading of argv: long options (--name[=arg]), bundled short flags, attached or next-word arguments. */
function* popt(words: readonly Word[], program: string): Generator<PoptOption> {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    const next = () => {
      const n = words[i + 1];
      if (!n) throw new CommandError(w.column, `${t}: missing argument`, 255);
      i++;
      return n.text;
    };
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      const attached = eq < 0 ? undefined : t.slice(eq + 1);
      if (name === 'persistent') {
        const n = words[i + 1];
        const arg = attached ?? (n && !n.text.startsWith('-') ? (i++, n.text) : undefined);
        yield { name: 'p', written: t, arg, column: w.column };
      } else if (WITH_ARG[name]) yield { name: WITH_ARG[name]!, written: t, arg: attached ?? next(), column: w.column };
      else if (FLAGS[name] || COMMANDS[name] || UNMODELLED.has(name) || name === 'sort') yield { name: FLAGS[name] ?? name, written: t, column: w.column };
      else throw new CommandError(w.column, `${t}: unknown option`, 255);
    } else if (t.startsWith('-') && t.length > 1) {
      for (let k = 1; k < t.length; k++) {
        const letter = t[k]!;
        const rest = t.slice(k + 1);
        if (letter === 'p') {
          const n = words[i + 1];
          const arg = rest || (n && !n.text.startsWith('-') ? (i++, n.text) : undefined);
          yield { name: 'p', written: `-${letter}`, arg, column: w.column };
          break;
        }
        if (WITH_ARG[letter]) {
          yield { name: letter, written: `-${letter}`, arg: rest || next(), column: w.column };
          break;
        }
        if (!FLAGS[letter] && !COMMANDS[letter] && !UNMODELLED.has(letter)) throw new CommandError(w.column, `-${letter}: unknown option`, 255);
        yield { name: FLAGS[letter] ?? letter, written: `-${letter}`, column: w.column };
      }
    } else yield { name: '', written: t, arg: t, column: w.column };
  }
  void program;
}

/** string_to_number: a decimal within [min, max], else undefined. */
function number(text: string, min: number, max: number): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** parse_service: ADDR[:PORT]; the port a number or a service name. Undefined when no address. */
function parseService(text: string, protocol: number): { addr: number; port?: number } | undefined {
  if (/^\d+$/.test(text)) return undefined;
  const colon = text.lastIndexOf(':');
  const addrText = colon < 0 ? text : text.slice(0, colon);
  const addr = parseIp4(addrText);
  if (addr === undefined) return undefined;
  if (colon < 0) return { addr };
  const portText = text.slice(colon + 1);
  const port = number(portText, 0, 65535) ?? getservbyname(portText, protocol === IPPROTO_UDP ? 'udp' : 'tcp');
  return port === undefined ? undefined : { addr, port };
}

/** Parses one ipvsadm command line (its words after the program name). */
export function parseIpvsadmEntry(words: readonly Word[], column: number, program = 'ipvsadm'): IpvsadmEntry {
  const e: IpvsadmEntry = {
    op: 'list', scheduler: '', flags: 0, timeout: 0, netmask: 0xffffffff, fwd: IP_VS_CONN_F_DROUTE, weight: 1,
    tunType: 0, tunPort: 0, tunFlags: 0, tunInfo: false, numeric: false, connection: false, stats: false, rate: false, exact: false, timeoutList: false, column,
  };
  // `ipvsadm` alone lists the table.
  if (words.length === 0) return e;
  const tryHelp = () => new CommandError(column, `Try \`${program} -h' or '${program} --help' for more information.`, 255);
  let options = 0;
  let serverText: { text: string; column: number } | undefined;
  let schedFlags: { text: string; column: number } | undefined;
  let first = true;
  // popt leaves the words that are no option's for the end (poptGetArg).
  const leftover: { text: string; column: number }[] = [];
  const set = (opt: Opt, at: number) => {
    const bit = 1 << OPTS.indexOf(opt);
    if (options & bit) throw fail(at, `multiple '${opt}' options specified`);
    options |= bit;
  };
  for (const o of popt(words, program)) {
    if (o.name === '') {
      leftover.push({ text: o.arg!, column: o.column });
      continue;
    }
    // --sort: "does nothing, for backwards compatibility" (TAG_SORT sets no option).
    if (o.name === 'sort' && !first) continue;
    if (UNMODELLED.has(o.name)) throw new CommandError(o.column, `hairpin: ipvsadm ${o.written} is not simulated`, 2);
    if (first) {
      first = false;
      const op = COMMANDS[o.name];
      if (!op) throw tryHelp();
      e.op = op;
      continue;
    }
    if (COMMANDS[o.name]) throw fail(o.column, 'multiple commands specified');
    switch (o.name) {
      case 't':
      case 'u': {
        set('service-address', o.column);
        const protocol = o.name === 't' ? IPPROTO_TCP : IPPROTO_UDP;
        const s = parseService(o.arg!, protocol);
        if (!s) throw fail(o.column, 'illegal virtual server address[:port] specified');
        e.service = { fwmark: 0, protocol, addr: s.addr, port: s.port ?? 0 };
        break;
      }
      case 'f': {
        set('service-address', o.column);
        const mark = /^\d+$/.test(o.arg!) ? Number(o.arg) : NaN;
        if (!(mark > 0 && mark <= 0xffffffff)) throw fail(o.column, `invalid fwmark value \`${o.arg}' specified`);
        e.service = { fwmark: mark, protocol: IPPROTO_TCP, addr: 0, port: 0 };
        break;
      }
      case 's':
        set('scheduler', o.column);
        e.scheduler = o.arg!;
        break;
      case 'p': {
        set('persistent', o.column);
        e.flags |= IP_VS_SVC_F_PERSISTENT;
        const timeout = o.arg === undefined ? IPVS_SVC_PERSISTENT_TIMEOUT : number(o.arg, 1, 31 * 24 * 60 * 60);
        if (timeout === undefined) throw fail(o.column, `invalid timeout value \`${o.arg}' specified`);
        e.timeout = timeout;
        break;
      }
      case 'M': {
        set('netmask', o.column);
        const mask = parseIp4(o.arg!);
        if (mask === undefined) throw fail(o.column, 'illegal virtual server persistent mask specified');
        e.netmask = mask;
        break;
      }
      case 'r':
        set('real-server', o.column);
        serverText = { text: o.arg!, column: o.column };
        break;
      case 'm':
      case 'g':
      case 'i':
        set('forwarding-method', o.column);
        e.fwd = o.name === 'm' ? IP_VS_CONN_F_MASQ : o.name === 'g' ? IP_VS_CONN_F_DROUTE : IP_VS_CONN_F_TUNNEL;
        break;
      case 'w': {
        set('weight', o.column);
        const weight = number(o.arg!, 0, 65535);
        if (weight === undefined) throw fail(o.column, 'illegal weight specified');
        e.weight = weight;
        break;
      }
      case 'n':
        set('numeric', o.column);
        e.numeric = true;
        break;
      case 'c':
        set('connection', o.column);
        e.connection = true;
        break;
      case 'stats':
        set('stats', o.column);
        e.stats = true;
        break;
      case 'rate':
        set('rate', o.column);
        e.rate = true;
        break;
      case 'X':
        set('exact', o.column);
        e.exact = true;
        break;
      case 'timeout':
        set('timeout', o.column);
        e.timeoutList = true;
        break;
      case 'b':
        // Read once the options are all in: the flags depend on the scheduler (parse_sched_flags).
        set('sched-flags', o.column);
        schedFlags = { text: o.arg!, column: o.column };
        break;
      case 'tun-info':
        set('tun-info', o.column);
        e.tunInfo = true;
        break;
      case 'tun-type': {
        set('tun-type', o.column);
        const type = (TUNNEL_TYPE_NAMES as readonly string[]).indexOf(o.arg!);
        if (type < 0) throw fail(o.column, 'illegal tunnel type specified');
        e.tunType = type;
        break;
      }
      case 'tun-port': {
        set('tun-port', o.column);
        const port = number(o.arg!, 1, 65535);
        if (port === undefined) throw fail(o.column, 'illegal tunnel port specified');
        e.tunPort = port;
        break;
      }
      case 'tun-nocsum':
      case 'tun-csum':
      case 'tun-remcsum':
        set(o.name as Opt, o.column);
        e.tunFlags |= o.name === 'tun-csum' ? IP_VS_TUNNEL_ENCAP_FLAG_CSUM : o.name === 'tun-remcsum' ? IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM : 0;
        break;
    }
  }
  // No option at all, only words: poptGetNextOpt's first answer is not a command.
  if (first) throw tryHelp();
  if (e.op === 'set') {
    // --set TCP TCPFIN UDP, each within parse_timeout's 0..MAX_TIMEOUT.
    const [tcp, tcpfin, udp] = leftover;
    if (!udp) throw fail(column, '--set option requires 3 timeout values');
    const values = [tcp!, tcpfin!, udp].map((v) => {
      const n = number(v.text, 0, 31 * 24 * 60 * 60);
      if (n === undefined) throw fail(v.column, `invalid timeout value \`${v.text}' specified`);
      return n;
    });
    e.timeouts = values as [number, number, number];
    leftover.splice(0, 3);
  }
  if (leftover.length) throw fail(leftover[0]!.column, `unexpected argument ${leftover[0]!.text}`);
  if (schedFlags) e.flags |= parseSchedFlags(e.scheduler, schedFlags.text, schedFlags.column);
  if (serverText) {
    // The real server is read as the service's protocol; no port means the service's port.
    const s = parseService(serverText.text, e.service?.protocol ?? IPPROTO_TCP);
    if (!s) throw fail(serverText.column, 'illegal real server address[:port] specified');
    e.server = { addr: s.addr, port: s.port ?? e.service?.port ?? 0 };
  }
  checkOptions(e.op, options, column);
  if (e.op === 'add-service' || e.op === 'edit-service') {
    const svc = e.service!;
    if (!svc.fwmark && !svc.port && !(e.flags & IP_VS_SVC_F_PERSISTENT)) throw fail(column, 'Zero port specified for non-persistent service');
    if (!e.scheduler) e.scheduler = 'wlc';
  }
  if (e.op === 'add-server' || e.op === 'edit-server') {
    // Direct routing and tunnelling reach the real server on the service's own port.
    if (!e.service!.fwmark && e.fwd !== IP_VS_CONN_F_MASQ) e.server!.port = e.service!.port;
    const tunOptions = ['tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'].some((o) => options & (1 << OPTS.indexOf(o as Opt)));
    if (tunOptions && e.fwd !== IP_VS_CONN_F_TUNNEL) throw fail(column, 'Tunnel options conflict with forward method');
    checkTunnelOptions(e.tunType, options, column);
  }
  if (e.op === 'list' && e.connection && (e.stats || e.rate)) throw fail(column, 'options conflicts in the list command');
  return e;
}

/** parse_sched_flags: comma-separated; sh-* only with sh, mh-* only with mh (no -s yet: the default, wlc). */
function parseSchedFlags(scheduler: string, text: string, column: number): number {
  const sched = scheduler || 'wlc';
  let flags = 0;
  for (const flag of text.split(',').filter((f) => f !== '')) {
    const bits: Record<string, [number, string?]> = {
      'flag-1': [IP_VS_SVC_F_SCHED1], 'flag-2': [IP_VS_SVC_F_SCHED2], 'flag-3': [IP_VS_SVC_F_SCHED3],
      'sh-fallback': [IP_VS_SVC_F_SCHED1, 'sh'], 'sh-port': [IP_VS_SVC_F_SCHED2, 'sh'],
      'mh-fallback': [IP_VS_SVC_F_SCHED1, 'mh'], 'mh-port': [IP_VS_SVC_F_SCHED2, 'mh'],
    };
    const bit = bits[flag];
    if (!bit) throw fail(column, `invalid scheduler flag \`${flag}'`);
    if (bit[1] && bit[1] !== sched) throw fail(column, `incompatible scheduler flag \`${flag}'`);
    flags |= bit[0];
  }
  return flags;
}

/** tunnel_opt_check: the options each tunnel type needs or refuses. */
function checkTunnelOptions(tunType: number, options: number, column: number): void {
  const row = TUNNEL_TABLE[tunType]!;
  const name = TUNNEL_TYPE_NAMES[tunType];
  let last: Opt | undefined;
  TUN_OPTS.forEach((opt, j) => {
    const given = (options & (1 << OPTS.indexOf(opt))) !== 0;
    const rule = row[j];
    if (!given) {
      if (rule === '+') throw fail(column, `You need to supply the '${opt}' option for the '${name}' tunnel type`);
      return;
    }
    if (rule === 'x') throw fail(column, `Illegal '${opt}' option with the '${name}' tunnel type`);
    if (rule === '1') {
      if (last) throw fail(column, `The option '${opt}' conflicts with the '${last}' option in the '${name}' tunnel type`);
      last = opt;
    }
  });
}

/** generic_opt_check. */
function checkOptions(op: IpvsadmOp, options: number, column: number): void {
  const row = TABLE[op];
  let last = -1;
  for (let j = 0; j < OPTS.length; j++) {
    const given = (options & (1 << j)) !== 0;
    const rule = row[j];
    if (!given && rule === '+') throw fail(column, `You need to supply the '${OPTS[j]}' option for the '${op}' command`);
    if (!given) continue;
    if (rule === 'x') throw fail(column, `Illegal '${OPTS[j]}' option with the '${op}' command`);
    if (rule === '1') {
      if (last >= 0) throw fail(column, `The option '${OPTS[j]}' conflicts with the '${OPTS[last]}' option in the '${op}' command`);
      last = j;
    }
  }
}

/** config_stream_read's words: split on blanks, and every word `ipvsadm` left out (a saved line may start with it). */
function lineWords(text: string, column: (c: number) => number): Word[] {
  const words: Word[] = [];
  const re = /[^ \t\r]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0] !== 'ipvsadm') words.push({ text: m[0], column: column(m.index + 1) } as Word);
  return words;
}

/** `ipvsadm [options]`, and -R with its here-document read line by line as restore_table does. */
export function parseIpvsadm(words: readonly Word[], column: number, program: string, stdin?: HereDocument, stdinFile?: Word): IpvsadmCommand {
  const entry = parseIpvsadmEntry(words, column, program);
  if (stdinFile) throw new CommandError(stdinFile.column, `hairpin: give ipvsadm -R its input as a here-document (ipvsadm -R <<'EOF' … EOF)`, 2);
  if (entry.op !== 'restore') {
    if (stdin) throw new CommandError(column, `hairpin: ipvsadm reads a here-document only with -R`, 2);
    return { kind: 'ipvsadm', entry };
  }
  if (!stdin) throw new CommandError(column, "hairpin: ipvsadm -R would wait for its input: give it a here-document (ipvsadm -R <<'EOF' … EOF)", 2);
  const restore: IpvsadmRestoreLine[] = [];
  stdin.lines.forEach((text, i) => {
    const place = (c: number) => hereDocumentPlace(stdin, i, c);
    const args = lineWords(text, (c) => place(c).column);
    const line = place(1).line;
    // A blank line is skipped (restore_table runs only an argv with more than the program's name).
    if (args.length === 0) return;
    try {
      const e = parseIpvsadmEntry(args, args[0]!.column, program);
      // Reading stdin again would loop: ipvsadm refuses -R inside -R.
      if (e.op === 'restore') throw new CommandError(e.column, `Try \`${program} -h' or '${program} --help' for more information.`, 255);
      restore.push({ entry: e, line });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      restore.push({ error: err.message, status: err.exitStatus, line, column: err.column });
    }
  });
  return { kind: 'ipvsadm', entry, restore };
}

/** What a line of ipvsadm is for: changing the table (config), zeroing its counters (reset), or printing it. */
export const ipvsadmRole = (c: IpvsadmCommand): 'config' | 'reset' | 'read' =>
  c.entry.op === 'list' || c.entry.op === 'save' ? 'read' : c.entry.op === 'zero' ? 'reset' : 'config';
