import type { Ipv4Packet } from '../../../wire/types';

/*
 * The shape every set type shares (include/linux/netfilter/ipset/ip_set.h): an element of up to
 * two dimensions (address[/cidr], proto:port), the type's operations, and how a packet gives
 * its element for a rule's src/dst flags (the type's kadt).
 */

export interface IpSetElem {
  ip?: number;
  cidr?: number;
  proto?: number;
  port?: number;
}

/** Create-time parameters a type keeps (ip_set_create's attributes). */
export interface IpSetParams {
  family: 'inet' | 'inet6';
  hashsize: number;
  maxelem: number;
  timeout?: number;
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
  readonly dimension: 1 | 2;
  /** Bitmaps keep a range instead of a hash (and print it as their header). */
  readonly bitmap: boolean;
  /** The key one element is stored under (the type's hash of its fields). */
  key(e: IpSetElem): string;
  /** kadt: the elements a packet may be found as, most specific first, or none when it has no such fields. */
  fromPacket(pkt: Ipv4Packet, src: readonly boolean[], set: { cidrs(): number[]; params: IpSetParams }): IpSetElem[];
  /** Whether the element fits the set (bitmap: inside the range). */
  inRange?(e: IpSetElem, p: IpSetParams): boolean;
  /** ipset list's "Size in memory" (the kernel's struct sizes on x86_64). */
  memsize(p: IpSetParams, entries: number): number;
}

/** ip_set_get_ip4_port: the port (ICMP: type<<8|code) and protocol of the packet. */
export function packetPort(pkt: Ipv4Packet, src: boolean): { proto: number; port: number } | undefined {
  const l4 = pkt.payload;
  if (l4.kind === 'tcp') return { proto: 6, port: src ? l4.sport : l4.dport };
  if (l4.kind === 'udp') return { proto: 17, port: src ? l4.sport : l4.dport };
  if (l4.kind === 'icmp') return { proto: 1, port: (l4.type << 8) | l4.code };
  return undefined;
}
