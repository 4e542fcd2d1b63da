import { formatIptAddr, iptError, parseIptAddressOf, parsePortRange, parseProtocol } from '../../command/iptables-values';
import type { CtState, IptCidr, Negatable, PortRange } from '../../command/types';
import type { Conn, Tuple } from '../../kernel/netfilter/conntrack';
import { neg, not, type XtMatchType } from '../xtables';
import { ctStateOf, parseStates, statesText } from './ctstate';
import { portRangeText } from './ports';

/*
 * libxt_conntrack (xt_conntrack, revision 3): the packet's state, its connection's NAT status
 * bits (SNAT, DNAT), the original and reply tuples, the connection's status, remaining
 * lifetime and the packet's direction. Every option given must hold (conntrack_mt).
 */

type TupleAddr = 'ctorigsrc' | 'ctorigdst' | 'ctreplsrc' | 'ctrepldst';
type TuplePort = 'ctorigsrcport' | 'ctorigdstport' | 'ctreplsrcport' | 'ctrepldstport';

export interface ConntrackInfo extends Partial<Record<TupleAddr, Negatable<IptCidr>>>, Partial<Record<TuplePort, Negatable<PortRange>>> {
  name: 'conntrack';
  ctstate?: Negatable<CtState[]>;
  ctproto?: Negatable<number>;
  ctstatus?: Negatable<CtStatus[]>;
  ctexpire?: Negatable<PortRange>;
  ctdir?: 'ORIGINAL' | 'REPLY';
}

/** The IPS_* bits --ctstatus names, in the order libxt_conntrack prints them. */
type CtStatus = 'NONE' | 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';
const CT_STATUSES: CtStatus[] = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];
const CT_STATES: CtState[] = ['INVALID', 'ESTABLISHED', 'NEW', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const ADDRS: TupleAddr[] = ['ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst'];
const PORTS: TuplePort[] = ['ctorigsrcport', 'ctorigdstport', 'ctreplsrcport', 'ctrepldstport'];

// An IPv4 tuple is never inside an IPv6 prefix (ip6tables' tuple addresses).
const inCidr = (ip: number, c: IptCidr) => typeof c.addr === 'number' && (c.len === 0 ? true : ((ip ^ c.addr) >>> (32 - c.len)) === 0);
const inRange = (n: number, r: PortRange) => n >= r.min && n <= r.max;

function tupleAddr(conn: Conn, which: TupleAddr): number {
  const t: Tuple = which.startsWith('ctorig') ? conn.orig : conn.reply;
  return which.endsWith('src') ? t.src : t.dst;
}
function tuplePort(conn: Conn, which: TuplePort): number {
  const t: Tuple = which.startsWith('ctorig') ? conn.orig : conn.reply;
  return which.includes('src') ? t.sport : t.dport;
}
function hasStatus(conn: Conn, s: CtStatus): boolean {
  if (s === 'SEEN_REPLY') return conn.seenReply;
  if (s === 'ASSURED') return conn.assured;
  if (s === 'CONFIRMED') return conn.confirmed;
  return false; // EXPECTED: no expectations (helpers) are modelled; NONE is the empty mask.
}

const cidrText = (c: IptCidr) => (c.len === (typeof c.addr === 'number' ? 32 : 128) ? formatIptAddr(c.addr) : `${formatIptAddr(c.addr)}/${c.len}`);
const statusText = (list: readonly CtStatus[]) => {
  const named = CT_STATUSES.filter((s) => s !== 'NONE' && list.includes(s));
  return named.length ? named.join(',') : 'NONE';
};

/** The options in the order -S and -L print them (conntrack3_mt_save). */
function parts(info: ConntrackInfo, flag: string): string[] {
  const out: string[] = [];
  const add = (name: string, v: { negated: boolean } | undefined, text: string) => {
    if (v) out.push(`${not(v.negated)}${flag}${name} ${text}`);
  };
  add('ctstate', info.ctstate, info.ctstate ? statesText(info.ctstate.value) : '');
  add('ctproto', info.ctproto, String(info.ctproto?.value));
  for (const a of ADDRS) add(a, info[a], info[a] ? cidrText(info[a].value) : '');
  for (const p of PORTS) add(p, info[p], info[p] ? portRangeText(info[p].value) : '');
  add('ctstatus', info.ctstatus, info.ctstatus ? statusText(info.ctstatus.value) : '');
  add('ctexpire', info.ctexpire, info.ctexpire ? portRangeText(info.ctexpire.value) : '');
  if (info.ctdir) out.push(`${flag}ctdir ${info.ctdir}`);
  return out;
}

export const conntrack: XtMatchType<ConntrackInfo> = {
  kind: 'match',
  name: 'conntrack',
  detail: 'connection tracking state',
  options: [
    { name: 'ctstate', hasArg: true, detail: 'conntrack state', values: ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'NEW,ESTABLISHED', 'ESTABLISHED,RELATED', 'DNAT', 'SNAT'] },
    ...['ctproto', ...ADDRS, ...PORTS, 'ctexpire'].map((name) => ({ name, hasArg: true })),
    { name: 'ctstatus', hasArg: true, values: CT_STATUSES },
    { name: 'ctdir', hasArg: true, noInvert: true, values: ['ORIGINAL', 'REPLY'] },
  ],
  parser() {
    const m: Omit<ConntrackInfo, 'name'> = {};
    let any = false;
    return {
      parse(option, value, invert, column, ctx) {
        any = true;
        if (option === 'ctstate') m.ctstate = neg(parseStates(value, column, CT_STATES, 'ctstate'), invert);
        else if (option === 'ctproto') m.ctproto = neg(parseProtocol(value, column), invert);
        else if ((ADDRS as string[]).includes(option)) m[option as TupleAddr] = neg(parseIptAddressOf(ctx.family, value, column), invert);
        else if ((PORTS as string[]).includes(option)) m[option as TuplePort] = neg(parsePortRange(value, column), invert);
        else if (option === 'ctexpire') {
          const r = /^(\d+)(?::(\d+))?$/.exec(value);
          if (!r) throw iptError(column, `conntrack: bad value for option "--ctexpire", or out of range (0-4294967295).\n`);
          m.ctexpire = neg({ min: Number(r[1]), max: Number(r[2] ?? r[1]) }, invert);
        } else if (option === 'ctstatus') {
          m.ctstatus = neg(value.split(',').map((s) => {
            const status = CT_STATUSES.find((c) => c === s.toUpperCase());
            if (!status) throw iptError(column, `Bad ctstatus "${s}"`);
            return status;
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
  },
  match(info) {
    return {
      needsConntrack: true,
      test(c) {
        const conn = c.skb.ct;
        if (info.ctstate) {
          // statebit: the packet's state, plus the SNAT and DNAT status bits of its connection.
          const bits: CtState[] = [ctStateOf(c.skb)];
          if (conn?.srcNat) bits.push('SNAT');
          if (conn?.dstNat) bits.push('DNAT');
          if (bits.some((b) => info.ctstate!.value.includes(b)) === info.ctstate.negated) return false;
        }
        // With no connection only --ctstate can be decided (conntrack_mt returns there).
        if (!conn) return info.ctstate !== undefined;
        if (info.ctdir && (info.ctdir === 'REPLY') !== (c.skb.ctReply ?? false)) return false;
        for (const a of ADDRS) {
          const want = info[a];
          if (want && inCidr(tupleAddr(conn, a), want.value) === want.negated) return false;
        }
        if (info.ctproto && (conn.orig.proto === info.ctproto.value) === info.ctproto.negated) return false;
        for (const p of PORTS) {
          const want = info[p];
          if (want && inRange(tuplePort(conn, p), want.value) === want.negated) return false;
        }
        if (info.ctstatus && info.ctstatus.value.some((s) => hasStatus(conn, s)) === info.ctstatus.negated) return false;
        if (info.ctexpire) {
          const left = Math.max(0, Math.floor((conn.expires - c.stack.env.now()) / 1e9));
          if (inRange(left, info.ctexpire.value) === info.ctexpire.negated) return false;
        }
        return true;
      },
    };
  },
  save: (info) => `-m conntrack ${parts(info, '--').join(' ')}`,
  print: (info) => ` ${parts(info, '').join(' ')}`.replace(/^ $/, ''),
};
