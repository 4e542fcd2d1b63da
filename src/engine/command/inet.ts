import type { Ip4 } from '../addr/ipv4';
import { CommandError, parseCNumber } from './args';
import type { Word } from './types';

/**
 * Addresses and prefixes as iproute2 reads them (lib/utils.c get_addr_1, get_prefix_1):
 * each of up to four dotted parts is a C number (so `10/8`, `10.4` and `0x0a.0.0.1` are
 * valid and missing parts are zero), `default`, `all` and `any` mean 0/0, and the length
 * may be a number or a dotted netmask.
 */

/** "inet" once the family is known (-4, or an earlier address in the command), else "any valid". */
export type FamilyState = { known: boolean };

export function parseInetAddr(text: string): Ip4 | undefined {
  if (text === 'default' || text === 'all' || text === 'any') return 0;
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    let byte = 0;
    if (part !== undefined) {
      const n = parseCNumber(part, 255);
      if (n === undefined) return undefined;
      byte = n;
    }
    value = value * 256 + byte;
  }
  return value;
}

export interface InetPrefix {
  addr: Ip4;
  len: number;
  /** A `/len` was written (ip addr del without one deletes by address only). */
  lenGiven: boolean;
}

export function parseInetPrefix(text: string): InetPrefix | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const wildcard = addrText === 'default' || addrText === 'all' || addrText === 'any';
  const addr = parseInetAddr(addrText);
  if (addr === undefined) return undefined;
  if (slash < 0) return { addr, len: wildcard ? 0 : 32, lenGiven: wildcard };
  if (wildcard) return undefined;
  const len = parseNetmask(text.slice(slash + 1));
  if (len === undefined || len > 32) return undefined;
  return { addr, len, lenGiven: true };
}

/** get_netmask(): a number, or a dotted mask with contiguous ones. */
function parseNetmask(text: string): number | undefined {
  const n = parseCNumber(text);
  if (n !== undefined) return n;
  if (!text.includes('.')) return undefined;
  const mask = parseInetAddr(text);
  if (mask === undefined) return undefined;
  return maskToLength(mask);
}

/** The prefix length of a contiguous netmask, or undefined. */
export function maskToLength(mask: number): number | undefined {
  let len = 0;
  while (len < 32 && ((mask >>> (31 - len)) & 1) === 1) len++;
  const rebuilt = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return rebuilt === mask >>> 0 ? len : undefined;
}

function familyName(family: FamilyState): string {
  return family.known ? 'inet' : 'any valid';
}

function isIpv6(text: string): boolean {
  return text.includes(':');
}

function ipv6Refused(word: Word): CommandError {
  return new CommandError(word.column, `hairpin: IPv6 is not simulated ("${word.text}")`, 2);
}

/** get_prefix(): exits 1 with "Error: inet prefix is expected rather than ...". */
export function expectPrefix(word: Word, family: FamilyState): InetPrefix {
  if (isIpv6(word.text)) throw ipv6Refused(word);
  const prefix = parseInetPrefix(word.text);
  if (!prefix) throw new CommandError(word.column, `Error: ${familyName(family)} prefix is expected rather than "${word.text}".`, 1);
  family.known = true;
  return prefix;
}

/** get_addr(): exits 1 with "Error: inet address is expected rather than ...". */
export function expectAddr(word: Word, family: FamilyState): Ip4 {
  if (isIpv6(word.text)) throw ipv6Refused(word);
  const addr = parseInetAddr(word.text);
  if (addr === undefined) throw new CommandError(word.column, `Error: ${familyName(family)} address is expected rather than "${word.text}".`, 1);
  family.known = true;
  return addr;
}
