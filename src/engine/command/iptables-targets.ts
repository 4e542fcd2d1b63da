import { hasPorts, type Extension } from './iptables-matches';
import { iptError, parseMarkMask, parseU32, parseXtablesIp } from './iptables-values';
import type { IptTarget, NatRange, PortRange, RejectWith } from './types';

/** Target extensions (-j NAME) with their options and checks (libxt_*.c / libipt_*.c). */

const opts = (...names: string[]) => names.map((n) => (n.endsWith('!') ? { name: n.slice(0, -1), hasArg: false } : { name: n, hasArg: true }));

/** libipt_REJECT's table: names and aliases matched by prefix, first entry wins. */
const REJECT_TYPES: [RejectWith, string][] = [
  ['icmp-net-unreachable', 'net-unreach'], ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-port-unreachable', 'port-unreach'], ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-net-prohibited', 'net-prohib'], ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'], ['icmp-admin-prohibited', 'admin-prohib'],
];

function rejectTarget(): Extension<IptTarget> {
  let rejectWith: RejectWith = 'icmp-port-unreachable';
  return {
    name: 'REJECT',
    options: opts('reject-with'),
    parse(_o, value, _i, column) {
      const v = value.toLowerCase();
      const found = REJECT_TYPES.find(([name, alias]) => name.startsWith(v) || alias.startsWith(v));
      if (!found || v === '') throw iptError(column, `unknown reject type "${value}"`);
      rejectWith = found[0];
    },
    finish: () => ({ name: 'REJECT', rejectWith }),
  };
}

const LOG_LEVELS: Record<string, number> = { alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4, warn: 4 };

function logTarget(): Extension<IptTarget> {
  const log: IptTarget & { name: 'LOG' } = { name: 'LOG', level: 4, tcpSequence: false, tcpOptions: false, ipOptions: false, uid: false };
  return {
    name: 'LOG',
    options: opts('log-level', 'log-prefix', 'log-tcp-sequence!', 'log-tcp-options!', 'log-ip-options!', 'log-uid!', 'log-macdecode!'),
    parse(option, value, _i, column) {
      if (option === 'log-level') {
        const level = /^[0-7]$/.test(value) ? Number(value) : LOG_LEVELS[value.toLowerCase()];
        if (level === undefined) throw iptError(column, `log level "${value}" unknown\n`);
        log.level = level;
      } else if (option === 'log-prefix') {
        if (value.length > 29) throw iptError(column, 'Maximum prefix length 29 for --log-prefix');
        if (value.includes('\n')) throw iptError(column, 'Newlines not allowed in --log-prefix');
        log.prefix = value;
      } else if (option === 'log-tcp-sequence') log.tcpSequence = true;
      else if (option === 'log-tcp-options') log.tcpOptions = true;
      else if (option === 'log-ip-options') log.ipOptions = true;
      else if (option === 'log-uid') log.uid = true;
    },
    finish: () => log,
  };
}

function portRange(text: string, column: number): PortRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) {
    if (text.includes(':')) throw iptError(column, 'Invalid port:port syntax - use dash');
    throw iptError(column, `Port \`${text}' not valid`);
  }
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min > 65535) throw iptError(column, `Port \`${m[1]}' not valid`);
  if (max > 65535) throw iptError(column, `Port \`${m[2]}' not valid`);
  if (max < min) throw iptError(column, `Port range \`${text}' not valid`);
  return { min, max };
}

/** libxt_NAT parse_to(): `[ip[-ip]][:port[-port]]`. */
export function parseNatRange(text: string, column: number, withPorts: boolean): NatRange {
  const range: NatRange = {};
  const colon = text.indexOf(':');
  const ipPart = colon < 0 ? text : text.slice(0, colon);
  if (colon >= 0) {
    if (!withPorts) throw iptError(column, 'Need TCP, UDP, SCTP or DCCP with port specification');
    const ports = portRange(text.slice(colon + 1), column);
    range.minPort = ports.min;
    range.maxPort = ports.max;
  }
  if (ipPart === '') {
    if (colon < 0) throw iptError(column, `Bad IP address "${text}"`);
    return range;
  }
  const dash = ipPart.indexOf('-');
  const first = dash < 0 ? ipPart : ipPart.slice(0, dash);
  const last = dash < 0 ? first : ipPart.slice(dash + 1);
  const minIp = parseXtablesIp(first);
  if (minIp === undefined || first.split('.').length !== 4) throw iptError(column, `Bad IP address "${first}"`);
  const maxIp = parseXtablesIp(last);
  if (maxIp === undefined || last.split('.').length !== 4) throw iptError(column, `Bad IP address "${last}"`);
  if (maxIp < minIp) throw iptError(column, `Bad IP address range "${ipPart}"`);
  range.minIp = minIp;
  range.maxIp = maxIp;
  return range;
}

function natTarget(name: 'SNAT' | 'DNAT'): Extension<IptTarget> {
  const toOption = name === 'SNAT' ? 'to-source' : 'to-destination';
  let range: NatRange | undefined;
  let random = false;
  let fullyRandom = false;
  let persistent = false;
  return {
    name,
    options: opts(toOption, 'random!', 'persistent!', ...(name === 'SNAT' ? ['random-fully!'] : [])),
    parse(option, value, _i, column, ctx) {
      if (option === toOption) {
        if (range) throw iptError(column, `${name}: Multiple --${toOption} not supported`);
        range = parseNatRange(value, column, hasPorts(ctx));
      } else if (option === 'random') random = true;
      else if (option === 'random-fully') fullyRandom = true;
      else persistent = true;
    },
    finish(column) {
      if (!range) throw iptError(column, `${name}: option "--${toOption}" must be specified\n`);
      return name === 'SNAT' ? { name, range, random, fullyRandom, persistent } : { name, range, random, persistent };
    },
  };
}

function portsTarget(name: 'MASQUERADE' | 'REDIRECT'): Extension<IptTarget> {
  let ports: PortRange | undefined;
  let random = false;
  let fullyRandom = false;
  return {
    name,
    options: opts('to-ports', 'random!', ...(name === 'MASQUERADE' ? ['random-fully!'] : [])),
    parse(option, value, _i, column, ctx) {
      if (option === 'to-ports') {
        if (!hasPorts(ctx)) throw iptError(column, 'Need TCP, UDP, SCTP or DCCP with port specification');
        ports = portRange(value, column);
      } else if (option === 'random') random = true;
      else fullyRandom = true;
    },
    finish() {
      const base = name === 'MASQUERADE' ? { name, random, fullyRandom } : { name, random };
      return (ports ? { ...base, ports } : base) as IptTarget;
    },
  };
}

/** MARK and CONNMARK --set/and/or/xor-mark, normalised to the kernel's (mask, xor value). */
function markOperation(option: string, text: string, onError: () => never): { value: number; mask: number } {
  if (option === 'set-xmark') return parseMarkMask(text, onError);
  if (option === 'set-mark') {
    const { value, mask } = parseMarkMask(text, onError);
    return { value, mask: (mask | value) >>> 0 };
  }
  const bits = parseU32(text);
  if (bits === undefined) onError();
  if (option === 'and-mark') return { value: 0, mask: ~bits! >>> 0 };
  if (option === 'or-mark') return { value: bits!, mask: bits! };
  return { value: bits!, mask: 0 };
}

const MARK_OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

function markTarget(): Extension<IptTarget> {
  let chosen: { option: string; value: number; mask: number } | undefined;
  return {
    name: 'MARK',
    options: opts(...MARK_OPS),
    parse(option, value, _i, column) {
      if (chosen) throw iptError(column, `MARK: option "--${option}" cannot be used together with "--${chosen.option}".\n`);
      const op = markOperation(option, value, () => {
        throw iptError(column, `MARK: bad integer value for option "--${option}", or out of range.\n`);
      });
      chosen = { option, ...op };
    },
    finish(column) {
      if (!chosen) throw iptError(column, 'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
      return { name: 'MARK', value: chosen.value, mask: chosen.mask };
    },
  };
}

function connmarkTarget(): Extension<IptTarget> {
  let result: IptTarget | undefined;
  let mode: string | undefined;
  let nfmask = 0xffffffff;
  let ctmask = 0xffffffff;
  return {
    name: 'CONNMARK',
    options: opts(...MARK_OPS, 'save-mark!', 'restore-mark!', 'mask', 'nfmask', 'ctmask'),
    parse(option, value, _i, column) {
      const bad = (): never => {
        throw iptError(column, `CONNMARK: bad integer value for option "--${option}", or out of range.\n`);
      };
      if (MARK_OPS.includes(option) || option === 'save-mark' || option === 'restore-mark') {
        if (mode) throw iptError(column, `CONNMARK: option "--${option}" cannot be used together with "--${mode}".\n`);
        mode = option;
        if (MARK_OPS.includes(option)) result = { name: 'CONNMARK', mode: 'set', ...markOperation(option, value, bad) };
        return;
      }
      const n = parseU32(value);
      if (n === undefined) bad();
      if (option === 'mask') nfmask = ctmask = n!;
      else if (option === 'nfmask') nfmask = n!;
      else ctmask = n!;
    },
    finish(column) {
      if (!mode) throw iptError(column, 'CONNMARK target: No operation specified');
      if (mode === 'save-mark' || mode === 'restore-mark') {
        return { name: 'CONNMARK', mode: mode === 'save-mark' ? 'save' : 'restore', nfmask, ctmask };
      }
      return result!;
    },
  };
}

function plainTarget(name: 'ACCEPT' | 'DROP' | 'RETURN'): Extension<IptTarget> {
  return { name, options: [], parse() {}, finish: () => ({ name }) };
}

/** Targets iptables ships that the simulator does not model. */
export const UNSIMULATED_TARGETS = [
  'QUEUE', 'NFQUEUE', 'TPROXY', 'CT', 'NOTRACK', 'TCPMSS', 'TRACE', 'TEE', 'NETMAP', 'CLASSIFY', 'DSCP', 'TOS', 'TTL',
  'SET', 'AUDIT', 'CHECKSUM', 'NFLOG', 'ULOG', 'SECMARK', 'CONNSECMARK', 'HMARK', 'IDLETIMER', 'LED', 'SYNPROXY',
  'CLUSTERIP', 'ECN', 'RATEEST', 'TCPOPTSTRIP', 'MIRROR', 'SAME', 'DNPT', 'SNPT', 'HL', 'LOGMARK',
];

export function createTarget(name: string): Extension<IptTarget> | undefined {
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN': return plainTarget(name);
    case 'REJECT': return rejectTarget();
    case 'LOG': return logTarget();
    case 'SNAT': case 'DNAT': return natTarget(name);
    case 'MASQUERADE': case 'REDIRECT': return portsTarget(name);
    case 'MARK': return markTarget();
    case 'CONNMARK': return connmarkTarget();
    default: return undefined;
  }
}
