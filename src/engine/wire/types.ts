import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';

/*
 * Wire formats as immutable values. A rewrite (NAT, TTL decrement) makes a new object, so a
 * trace can keep references to every intermediate packet without copying.
 * Lengths, checksums and header-length fields are derived when encoding, never stored.
 */

export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;

export interface EthernetFrame {
  readonly src: Mac;
  readonly dst: Mac;
  readonly payload: ArpPacket | Ipv4Packet;
}

export interface ArpPacket {
  readonly kind: 'arp';
  readonly op: 'request' | 'reply';
  readonly senderMac: Mac;
  readonly senderIp: Ip4;
  readonly targetMac: Mac;
  readonly targetIp: Ip4;
}

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface Ipv4Packet {
  readonly kind: 'ipv4';
  readonly tos: number;
  /** Identification field. */
  readonly id: number;
  /** Don't Fragment flag. */
  readonly df: boolean;
  readonly ttl: number;
  readonly src: Ip4;
  readonly dst: Ip4;
  readonly payload: IcmpMessage | TcpSegment | UdpDatagram;
}

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;

export interface IcmpMessage {
  readonly kind: 'icmp';
  readonly type: number;
  readonly code: number;
  /** Echo request/reply identifier and sequence number. */
  readonly id?: number;
  readonly seq?: number;
  /** Echo payload bytes. */
  readonly data?: Uint8Array;
  /** Redirect: the better gateway. */
  readonly gateway?: Ip4;
  /** Errors: the datagram that caused it, and how many of its bytes are quoted on the wire. */
  readonly original?: Ipv4Packet;
  readonly quotedLength?: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export type TcpOption =
  | { readonly kind: 'mss'; readonly value: number }
  | { readonly kind: 'sackOK' }
  | { readonly kind: 'timestamp'; readonly value: number; readonly echo: number }
  | { readonly kind: 'nop' }
  | { readonly kind: 'wscale'; readonly shift: number };

export interface TcpSegment {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  /** Bitmask of TCP_FIN, TCP_SYN, ... */
  readonly flags: number;
  readonly window: number;
  readonly options: readonly TcpOption[];
  readonly data: Uint8Array;
}

export interface UdpDatagram {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly data: Uint8Array;
}

export type L4 = Ipv4Packet['payload'];

export function ipProtocol(l4: L4): number {
  return l4.kind === 'icmp' ? IPPROTO_ICMP : l4.kind === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
}
