import { parseDecimal } from './args';
import { iptError, parseIptAddress, parseMarkMask, parsePortRange, parseProtocol, parseU32 } from './iptables-values';
import type { AddrType, CtState, IptMatch, Negatable, PortRange } from './types';

/**
 * iptables extensions, loaded by `-m NAME` or implicitly by `-p tcp|udp|icmp`. Each keeps
 * its own options (merged into iptables' option table while loaded) and builds its part of
 * the rule; the messages are libxt_*'s.
 */
export interface ExtensionContext {
  /** The rule's -p so far (extensions that need ports check it). */
  protocol?: number;
  protocolInverted: boolean;
}

export interface Extension<T> {
  name: string;
  options: { name: string; hasArg: boolean }[];
  /** Handles one of its options; `column` is where to point an error. */
  parse(option: string, value: string, invert: boolean, column: number, ctx: ExtensionContext): void;
  /** The final check, then the typed result. */
  finish(column: number, ctx: ExtensionContext): T;
}

const neg = <T>(value: T, negated: boolean): Negatable<T> => ({ value, negated });
const opts = (...names: string[]) => names.map((n) => (n.endsWith('!') ? { name: n.slice(0, -1), hasArg: false } : { name: n, hasArg: true }));

/** The ports-carrying protocols NAT targets and multiport accept. */
export function hasPorts(ctx: ExtensionContext): boolean {
  return !ctx.protocolInverted && [6, 17, 132, 33, 136].includes(ctx.protocol ?? -1);
}

const TCP_FLAGS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0 };

function tcpFlags(text: string, column: number): number {
  let bits = 0;
  for (const name of text.split(',')) {
    const bit = TCP_FLAGS[name.toUpperCase()];
    if (bit === undefined) throw iptError(column, `Unknown TCP flag \`${name}'`);
    bits |= bit;
  }
  return bits;
}

function portsMatch(name: 'tcp' | 'udp'): Extension<IptMatch> {
  const m: { sport?: Negatable<PortRange>; dport?: Negatable<PortRange>; tcpFlags?: Negatable<{ mask: number; comp: number }>; tcpOption?: Negatable<number> } = {};
  let pendingFlagsMask: { mask: number; invert: boolean } | undefined;
  return {
    name,
    options: name === 'tcp'
      ? opts('source-port', 'sport', 'destination-port', 'dport', 'syn!', 'tcp-flags', 'tcp-option')
      : opts('source-port', 'sport', 'destination-port', 'dport'),
    parse(option, value, invert, column) {
      if (option === 'source-port' || option === 'sport') {
        if (m.sport) throw iptError(column, `multiple --${option} flags not allowed`);
        m.sport = neg(parsePortRange(value, column), invert);
      } else if (option === 'destination-port' || option === 'dport') {
        if (m.dport) throw iptError(column, `multiple --${option} flags not allowed`);
        m.dport = neg(parsePortRange(value, column), invert);
      } else if (option === 'syn') {
        m.tcpFlags = neg({ mask: 0x17, comp: 0x02 }, invert);
      } else if (option === 'tcp-flags') {
        // --tcp-flags takes two words; the caller passes them joined by a space.
        const [mask = '', comp] = value.split(' ');
        if (comp === undefined) throw iptError(column, '--tcp-flags requires two args.');
        pendingFlagsMask = { mask: tcpFlags(mask, column), invert };
        m.tcpFlags = neg({ mask: pendingFlagsMask.mask, comp: tcpFlags(comp, column) }, invert);
      } else if (option === 'tcp-option') {
        const n = parseU32(value);
        if (n === undefined || n < 1 || n > 255) throw iptError(column, `Bad TCP option \`${value}'`);
        m.tcpOption = neg(n, invert);
      }
    },
    finish(column, ctx) {
      const wanted = name === 'tcp' ? 6 : 17;
      if (ctx.protocol !== wanted || ctx.protocolInverted) {
        throw iptError(column, `${name.toUpperCase()} match requires '-p ${name}'`);
      }
      return { name, ...m } as IptMatch;
    },
  };
}

/** ICMP type names (libipt_icmp), matched by unique prefix. */
const ICMP_TYPES: [string, number, number, number][] = [
  ['any', 255, 0, 255], ['echo-reply', 0, 0, 255], ['destination-unreachable', 3, 0, 255],
  ['network-unreachable', 3, 0, 0], ['host-unreachable', 3, 1, 1], ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3], ['fragmentation-needed', 3, 4, 4], ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6], ['host-unknown', 3, 7, 7], ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10], ['TOS-network-unreachable', 3, 11, 11], ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13], ['host-precedence-violation', 3, 14, 14], ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255], ['redirect', 5, 0, 255], ['network-redirect', 5, 0, 0], ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2], ['TOS-host-redirect', 5, 3, 3], ['echo-request', 8, 0, 255],
  ['router-advertisement', 9, 0, 255], ['router-solicitation', 10, 0, 255], ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0], ['ttl-zero-during-reassembly', 11, 1, 1], ['parameter-problem', 12, 0, 255],
  ['ip-header-bad', 12, 0, 0], ['required-option-missing', 12, 1, 1], ['timestamp-request', 13, 0, 255],
  ['timestamp-reply', 14, 0, 255], ['address-mask-request', 17, 0, 255], ['address-mask-reply', 18, 0, 255],
];

function icmpMatch(): Extension<IptMatch> {
  let type: IptMatch & { name: 'icmp' } | undefined;
  return {
    name: 'icmp',
    options: opts('icmp-type'),
    parse(_option, value, invert, column) {
      const lower = value.toLowerCase();
      const alias = lower === 'ping' ? 'echo-request' : lower === 'pong' ? 'echo-reply' : lower;
      const found = ICMP_TYPES.filter(([n]) => n.toLowerCase().startsWith(alias));
      const exact = found.find(([n]) => n.toLowerCase() === alias);
      if (exact || found.length === 1) {
        const [n, t, min, max] = exact ?? found[0]!;
        type = { name: 'icmp', icmpType: neg(n === 'any' ? 'any' : { type: t, codeMin: min, codeMax: max }, invert) };
        return;
      }
      if (found.length > 1) throw iptError(column, `Ambiguous ICMP type \`${value}': \`${found[0]![0]}' or \`${found[1]![0]}'?`);
      const m = /^(\d+)(?:\/(\d+))?$/.exec(value);
      if (!m) throw iptError(column, `Unknown ICMP type \`${value}'`);
      const t = Number(m[1]);
      const code = m[2] === undefined ? undefined : Number(m[2]);
      if (t > 255) throw iptError(column, `Invalid ICMP type \`${m[1]}'`);
      if (code !== undefined && code > 255) throw iptError(column, `Invalid ICMP code \`${m[2]}'`);
      type = { name: 'icmp', icmpType: neg({ type: t, codeMin: code ?? 0, codeMax: code ?? 255 }, invert) };
    },
    // -m icmp without -p icmp passes iptables and fails in the kernel (RULE_APPEND failed).
    finish() {
      return type ?? { name: 'icmp', icmpType: neg('any', false) };
    },
  };
}

const CT_STATES: CtState[] = ['INVALID', 'ESTABLISHED', 'NEW', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];

function states(value: string, column: number, allowed: CtState[], what: string): CtState[] {
  return value.split(',').map((s) => {
    const state = allowed.find((a) => a === s.toUpperCase());
    if (!state) throw iptError(column, `Bad ${what} "${s}"`);
    return state;
  });
}

function conntrackMatch(): Extension<IptMatch> {
  const m: Omit<IptMatch & { name: 'conntrack' }, 'name'> = {};
  let any = false;
  return {
    name: 'conntrack',
    options: opts('ctstate', 'ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport', 'ctstatus', 'ctdir'),
    parse(option, value, invert, column) {
      any = true;
      if (option === 'ctstate') m.ctstate = neg(states(value, column, CT_STATES, 'ctstate'), invert);
      else if (option === 'ctproto') m.ctproto = neg(parseProtocol(value, column), invert);
      else if (option === 'ctorigsrc' || option === 'ctorigdst' || option === 'ctreplsrc' || option === 'ctrepldst') {
        m[option] = neg(parseIptAddress(value, column), invert);
      } else if (option === 'ctorigsrcport' || option === 'ctorigdstport') {
        m[option] = neg(parsePortRange(value, column), invert);
      } else if (option === 'ctstatus') {
        const names = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];
        m.ctstatus = neg(value.split(',').map((s) => {
          if (!names.includes(s.toUpperCase())) throw iptError(column, `Bad ctstatus "${s}"`);
          return s.toUpperCase();
        }), invert);
      } else if (option === 'ctdir') {
        const dir = value.toUpperCase();
        if (dir !== 'ORIGINAL' && dir !== 'REPLY') throw iptError(column, `Unknown --ctdir "${value}"`);
        m.ctdir = dir;
      }
    },
    finish(column) {
      if (!any) throw iptError(column, 'conntrack: At least one option is required');
      return { name: 'conntrack', ...m };
    },
  };
}

function stateMatch(): Extension<IptMatch> {
  let state: Negatable<CtState[]> | undefined;
  return {
    name: 'state',
    options: opts('state'),
    parse(_o, value, invert, column) {
      state = neg(states(value, column, ['INVALID', 'ESTABLISHED', 'NEW', 'RELATED', 'UNTRACKED'], 'state'), invert);
    },
    finish(column) {
      if (!state) throw iptError(column, 'state: option "--state" must be specified\n');
      return { name: 'state', state };
    },
  };
}

function markMatch(name: 'mark' | 'connmark'): Extension<IptMatch> {
  let mark: IptMatch & { name: 'mark' | 'connmark' } | undefined;
  return {
    name,
    options: opts('mark'),
    parse(_o, value, invert, column) {
      const mm = parseMarkMask(value, () => iptError(column, `${name}: bad integer value for option "--mark", or out of range.\n`));
      mark = { name, mark: neg(mm, invert) };
    },
    finish(column) {
      if (!mark) throw iptError(column, `${name}: option "--mark" must be specified\n`);
      return mark;
    },
  };
}

function statisticMatch(): Extension<IptMatch> {
  let mode: 'random' | 'nth' = 'random';
  let probability: number | undefined;
  let every: number | undefined;
  let packet: number | undefined;
  let negated = false;
  return {
    name: 'statistic',
    options: opts('mode', 'probability', 'every', 'packet'),
    parse(option, value, invert, column) {
      if (invert) negated = true;
      if (option === 'mode') {
        if (value !== 'random' && value !== 'nth') throw iptError(column, `Bad mode "${value}"`);
        mode = value;
      } else if (option === 'probability') {
        const p = parseDecimal(value);
        if (p === undefined || p > 1) throw iptError(column, 'statistic: bad value for option "--probability", or out of range (0-1).\n');
        probability = p;
      } else {
        const n = parseU32(value);
        if (n === undefined) throw iptError(column, `statistic: bad value for option "--${option}", or out of range (0-4294967295).\n`);
        if (option === 'every') every = n;
        else packet = n;
      }
    },
    finish(column) {
      if (every !== undefined && packet === undefined) throw iptError(column, 'statistic: option "--every" also requires "--packet".\n');
      if (packet !== undefined && every === undefined) throw iptError(column, 'statistic: option "--packet" also requires "--every".\n');
      if (mode === 'random') {
        if (probability === undefined) throw iptError(column, '--probability must be specified when using random mode');
        return { name: 'statistic', negated, mode, probability };
      }
      if (every === undefined || packet === undefined) throw iptError(column, '--every and --packet must be specified when using nth mode');
      if (every === 0 || packet > every - 1) throw iptError(column, 'the --packet p must be 0 <= p <= n-1');
      return { name: 'statistic', negated, mode, every, packet };
    },
  };
}

const ADDR_TYPES: AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

function addrtypeMatch(): Extension<IptMatch> {
  const m: Omit<IptMatch & { name: 'addrtype' }, 'name'> = { limitIfaceIn: false, limitIfaceOut: false };
  const types = (value: string, column: number) =>
    value.split(',').map((s) => {
      const t = ADDR_TYPES.find((a) => a === s.toUpperCase());
      if (!t) throw iptError(column, `addrtype: bad type "${s}"`);
      return t;
    });
  return {
    name: 'addrtype',
    options: opts('src-type', 'dst-type', 'limit-iface-in!', 'limit-iface-out!'),
    parse(option, value, invert, column) {
      if (option === 'src-type') m.srcType = neg(types(value, column), invert);
      else if (option === 'dst-type') m.dstType = neg(types(value, column), invert);
      else if (option === 'limit-iface-in') m.limitIfaceIn = true;
      else m.limitIfaceOut = true;
      if (m.limitIfaceIn && m.limitIfaceOut) {
        throw iptError(column, 'addrtype: you can only specify one of --limit-iface-in or --limit-iface-out');
      }
    },
    finish(column) {
      if (!m.srcType && !m.dstType) throw iptError(column, 'addrtype: you must specify --src-type or --dst-type');
      return { name: 'addrtype', ...m };
    },
  };
}

function multiportMatch(): Extension<IptMatch> {
  let result: IptMatch | undefined;
  return {
    name: 'multiport',
    options: opts('source-ports', 'sports', 'destination-ports', 'dports', 'ports'),
    parse(option, value, invert, column, ctx) {
      if (!hasPorts(ctx)) throw iptError(column, "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      if (result) throw iptError(column, 'multiport can only have one option');
      const which = option.startsWith('s') ? 'sports' : option.startsWith('d') ? 'dports' : 'ports';
      const ports = value.split(',').map((p) => parsePortRange(p, column));
      const slots = ports.reduce((n, r) => n + (r.min === r.max ? 1 : 2), 0);
      if (slots > 15) throw iptError(column, 'too many ports specified');
      result = { name: 'multiport', which, ports, negated: invert };
    },
    finish(column) {
      if (!result) throw iptError(column, 'multiport expects an option');
      return result;
    },
  };
}

function commentMatch(): Extension<IptMatch> {
  let comment: string | undefined;
  return {
    name: 'comment',
    options: opts('comment'),
    parse(_o, value, _invert, column) {
      if (value.length > 255) throw iptError(column, 'comment: "--comment" must be no longer than 256');
      comment = value;
    },
    finish(column) {
      if (comment === undefined) throw iptError(column, 'comment: option "--comment" must be specified\n');
      return { name: 'comment', comment };
    },
  };
}

/** Matches iptables ships that the simulator does not model (refused by name, not as unknown). */
export const UNSIMULATED_MATCHES = [
  'limit', 'hashlimit', 'recent', 'set', 'iprange', 'mac', 'owner', 'physdev', 'string', 'time', 'length', 'ttl',
  'tos', 'dscp', 'pkttype', 'u32', 'connlimit', 'connbytes', 'helper', 'rpfilter', 'socket', 'policy', 'quota',
  'realm', 'esp', 'ah', 'sctp', 'dccp', 'udplite', 'cgroup', 'bpf', 'devgroup', 'ecn', 'hl', 'ipvs', 'nfacct',
  'osf', 'cluster', 'cpu', 'rateest', 'tcpmss', 'conntrack-helper', 'connlabel', 'ipcomp', 'l2tp', 'nfqueue',
];

export function createMatch(name: string): Extension<IptMatch> | undefined {
  switch (name) {
    case 'tcp': return portsMatch('tcp');
    case 'udp': return portsMatch('udp');
    case 'icmp': return icmpMatch();
    case 'conntrack': return conntrackMatch();
    case 'state': return stateMatch();
    case 'mark': return markMatch('mark');
    case 'connmark': return markMatch('connmark');
    case 'statistic': return statisticMatch();
    case 'addrtype': return addrtypeMatch();
    case 'multiport': return multiportMatch();
    case 'comment': return commentMatch();
    default: return undefined;
  }
}
