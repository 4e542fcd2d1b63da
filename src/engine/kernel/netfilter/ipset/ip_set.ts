import type { Ipv4Packet } from '../../../wire/types';

/*
 * The shape every set type shares (include/linux/netfilter/ipset/ip_set.h): an element of up to
 * three dimensions (address[/cidr], proto:port, a second address[/cidr]), the type's operations,
 * and how a packet gives its element for a rule's src/dst flags (the type's kadt).
 */

export interface IpSetElem {
  ip?: number;
  cidr?: number;
  proto?: number;
  port?: number;
  /** The third dimension of hash:ip,port,ip and hash:ip,port,net. */
  ip2?: number;
  cidr2?: number;
}

/** Create-time parameters a type keeps (ip_set_create's attributes). */
export interface IpSetParams {
  family: 'inet' | 'inet6';
  hashsize: number;
  maxelem: number;
  timeout?: number;
  /** The comment extension: elements may carry a comment. */
  comment?: boolean;
  /** Hash types: elements per bucket (even, at most 12) and the hash's seed, when given. */
  bucketsize?: number;
  initval?: number;
  /** bitmap:port's range. */
  first?: number;
  last?: number;
}

export interface IpSetType {
  readonly name: string;
  readonly revision: number;
  readonly dimension: 1 | 2 | 3;
  /** Bitmaps keep a range instead of a hash (and print it as their header). */
  readonly bitmap: boolean;
  /** The net types: an element may be flagged nomatch (an exception inside a larger network). */
  readonly nomatch?: boolean;
  /** The key one element is stored under (the type's hash of its fields). */
  key(e: IpSetElem): string;
  /** kadt: the elements a packet may be found as, most specific first, or none when it has no such fields. */
  fromPacket(pkt: Ipv4Packet, src: readonly boolean[], set: { cidrs(): number[]; params: IpSetParams }): IpSetElem[];
  /** Whether the element fits the set (bitmap: inside the range). */
  inRange?(e: IpSetElem, p: IpSetParams): boolean;
  /** ipset list's "Size in memory" (the kernel's struct sizes on x86_64), before any comments' text. */
  memsize(p: IpSetParams, entries: number): number;
}

/** Each extension an element carries (timeout, comment) adds one pointer-sized field (ip_set_ext_size). */
const extBytes = (p: IpSetParams) => (p.timeout !== undefined ? 8 : 0) + (p.comment ? 8 : 0);

/** ip_set_elem_len: the element, then each extension at its 8-byte alignment. */
const slotBytes = (elemBytes: number, p: IpSetParams) => (extBytes(p) ? Math.ceil(elemBytes / 8) * 8 + extBytes(p) : elemBytes);

/**
 * A hash type's size (ip_set_hash_gen.h mtype_ahash_memsize): the set and table, plus for each
 * element a bucket (struct hbucket, 32 bytes) with AHASH_INIT_SIZE (2) slots of the element
 * and its extensions. Elements are counted as if each had a bucket of its own.
 */
export const hashMemsize = (base: number, elemBytes: number) => (p: IpSetParams, entries: number) => base + entries * (32 + 2 * slotBytes(elemBytes, p));

/** A bitmap's size: struct bitmap_port, BITS_TO_LONGS of the range, and each slot's extensions. */
export function bitmapMemsize(p: IpSetParams): number {
  const slots = p.last! - p.first! + 1;
  return 72 + 8 * Math.ceil(slots / 64) + slots * extBytes(p);
}

/** struct ip_set_comment_rcu (16 bytes) and the text with its NUL, for each comment held. */
export const commentBytes = (text: string) => 16 + new TextEncoder().encode(text).length + 1;

/** ip_set_get_ip4_port: the port (ICMP: type<<8|code) and protocol of the packet. */
export function packetPort(pkt: Ipv4Packet, src: boolean): { proto: number; port: number } | undefined {
  const l4 = pkt.payload;
  if (l4.kind === 'tcp') return { proto: 6, port: src ? l4.sport : l4.dport };
  if (l4.kind === 'udp') return { proto: 17, port: src ? l4.sport : l4.dport };
  if (l4.kind === 'icmp') return { proto: 1, port: (l4.type << 8) | l4.code };
  return undefined;
}
