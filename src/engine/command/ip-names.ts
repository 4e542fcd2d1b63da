import { CommandError, parseCNumber } from './args';
import type { Mac } from '../addr/mac';
import type { RouteType, TableRef, Word } from './types';

/**
 * iproute2's name tables (lib/rt_names.c with the stock /etc/iproute2 files) and its
 * argument-error helpers (lib/utils.c invarg, duparg, duparg2, incomplete_command).
 */

const SCOPES: Record<string, number> = { global: 0, nowhere: 255, host: 254, link: 253, site: 200 };

const PROTOCOLS: Record<string, number> = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186, isis: 187,
  ospf: 188, rip: 189, eigrp: 192,
};

const TABLES: Record<string, number> = { local: 255, main: 254, default: 253, unspec: 0 };

/** rtnl_rtscope_a2n: a name from rt_scopes or a number up to 255. */
export function scopeFromName(text: string): number | undefined {
  return Object.hasOwn(SCOPES, text) ? SCOPES[text] : parseCNumber(text, 255);
}

/** rtnl_rtprot_a2n. */
export function protocolFromName(text: string): number | undefined {
  return Object.hasOwn(PROTOCOLS, text) ? PROTOCOLS[text] : parseCNumber(text, 255);
}

/**
 * rtnl_rttable_a2n: a number (any u32) or a name. Names other than the stock ones are
 * resolved later against the device's rt_tables; `unknownError` is what ip prints then.
 */
export function tableRef(word: Word, unknownError: string): TableRef {
  if (Object.hasOwn(TABLES, word.text)) return { kind: 'id', id: TABLES[word.text]! };
  const id = parseCNumber(word.text);
  if (id !== undefined) return { kind: 'id', id };
  return { kind: 'name', name: word.text, column: word.column, unknownError };
}

/** rtnl_rtntype_a2n, whose prefix matching makes `bl` blackhole and `un` unreachable. */
export function routeTypeFromName(text: string): RouteType | number | undefined {
  const m = (keyword: string) => text.length > 0 && keyword.startsWith(text);
  if (text === 'local') return 'local';
  if (text === 'nat') return 'nat';
  if (m('broadcast') || text === 'brd') return 'broadcast';
  if (m('anycast')) return 'anycast';
  if (m('multicast')) return 'multicast';
  if (m('prohibit')) return 'prohibit';
  if (m('unreachable')) return 'unreachable';
  if (m('blackhole')) return 'blackhole';
  if (m('xresolve')) return 'xresolve';
  if (m('unicast')) return 'unicast';
  if (text === 'throw') return 'throw';
  return parseCNumber(text, 255);
}

const TYPE_NUMBERS: RouteType[] = ['unicast', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];

/** A numeric route type as its name (RTN_UNICAST is 1; 0 is unspec, treated as unicast). */
export function routeTypeFromNumber(n: number): RouteType | undefined {
  return TYPE_NUMBERS[n];
}

/** rtnl_dsfield_a2n: a hex number (names from rt_dsfield are rarely used). */
export function dsfieldFromText(text: string): number | undefined {
  const names: Record<string, number> = { default: 0, lowdelay: 0x10, throughput: 0x08, reliability: 0x04 };
  if (Object.hasOwn(names, text)) return names[text];
  if (!/^(0[xX])?[0-9a-fA-F]+$/.test(text)) return undefined;
  const n = parseInt(text, 16);
  return n <= 255 ? n : undefined;
}

/** invarg(): `Error: argument "X" is wrong: MSG`, exit 255 (many MSGs end in a newline). */
export function invarg(word: Word, msg: string): CommandError {
  return new CommandError(word.column, `Error: argument "${word.text}" is wrong: ${msg}`, 255);
}

/**
 * check_ifname() (iproute2 lib/utils.c): the part of dev_valid_name the tool checks itself: not
 * empty, shorter than IFNAMSIZ, no '/' or whitespace. "." or a ':' reach the kernel (EINVAL).
 */
export function checkIfname(name: string): boolean {
  return name.length > 0 && name.length < 16 && !/[/ \t\n\v\f\r]/.test(name);
}

/** duparg(): a keyword given twice. */
export function duparg(key: string, word: Word): CommandError {
  return new CommandError(word.column, `Error: duplicate "${key}": "${word.text}" is the second value.`, 255);
}

/** duparg2(): a second positional value, or an unknown keyword taken for one. */
export function duparg2(key: string, word: Word): CommandError {
  return new CommandError(word.column, `Error: either "${key}" is duplicate, or "${word.text}" is a garbage.`, 255);
}

/** NEXT_ARG() at the end of the line. */
export function incomplete(column: number): CommandError {
  return new CommandError(column, 'Command line is not complete. Try option "help"', 255);
}

/** get_integer(): a C int, base 0, may be negative. */
export function parseInteger(text: string): number | undefined {
  const negative = text.startsWith('-');
  const n = parseCNumber(negative ? text.slice(1) : text, 0x7fffffff);
  return n === undefined ? undefined : negative ? -n : n;
}

/**
 * ll_addr_a2n(): colon-separated hex bytes read with sscanf("%x") (so 1 or 2 digits each),
 * then ip insists on an Ethernet address's 6 bytes.
 */
export function parseLladdr(word: Word): Mac {
  const parts = word.text.split(':');
  const bytes: number[] = [];
  for (const part of parts) {
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(part);
    const value = m ? parseInt(m[1]!, 16) : NaN;
    if (!m || value > 255) throw new CommandError(word.column, `"${part}" is invalid lladdr.`, 1);
    bytes.push(value);
  }
  if (bytes.length !== 6) {
    throw new CommandError(word.column, `Invalid address length ${bytes.length} - must be 6 bytes`, 1);
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
