import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';

/*
 * Wire formats as immutable values. A rewrite (NAT, TTL decrement) makes a new object, so a
 * trace can keep references to every intermediate packet without copying.
 * Lengths, checksums and header-length fields are derived when encoding, never stored.
 */

export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;
export const ETH_P_IPV6 = 0x86dd;

export const ETH_P_8021Q = 0x8100;
export const ETH_P_8021AD = 0x88a8;

/** An 802.1Q tag (struct vlan_hdr): its TPID (0x8100, or 0x88a8 for 802.1ad) and TCI fields. */
export interface VlanTag {
  readonly tpid: number;
  /** Priority code point (3 bits). */
  readonly pcp: number;
  /** Drop eligible indicator. */
  readonly dei: boolean;
  /** VLAN id, 0-4095. */
  readonly vid: number;
}

export interface EthernetFrame {
  readonly src: Mac;
  readonly dst: Mac;
  /** On the wire between the addresses and the ethertype (a vlan device's frame); absent untagged. */
  readonly vlan?: VlanTag;
  readonly payload: ArpPacket | Ipv4Packet;
}

/**
 * What a captured frame can hold beyond the model: another ethertype (IPv6 appears in real
 * captures), or IPv4 the model does not represent (options, fragments, other protocols).
 * Only decodeCapturedFrame makes it; the simulator never does, so EthernetFrame stays narrow.
 */
export interface UnknownPayload {
  readonly kind: 'unknown';
  readonly ethertype: number;
  /** Everything after the Ethernet header, as captured. */
  readonly bytes: Uint8Array;
  /** Why the decoder kept it raw, e.g. "ethertype 0x86dd is not modelled". */
  readonly reason: string;
}

/** A frame read from a capture: a modelled frame, or one whose payload stayed raw. */
export interface CapturedFrame {
  readonly src: Mac;
  readonly dst: Mac;
  readonly vlan?: VlanTag;
  readonly payload: EthernetFrame['payload'] | UnknownPayload;
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
/** IP in IP (RFC 2003): the payload is a whole IPv4 packet (ipip tunnels, IPVS tunnelling). */
export const IPPROTO_IPIP = 4;

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
  readonly payload: IcmpMessage | TcpSegment | UdpDatagram | IpipPayload;
}

/** An IPv4 packet carried inside another (protocol 4). */
export interface IpipPayload {
  readonly kind: 'ipip';
  readonly inner: Ipv4Packet;
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
  /** Destination unreachable, fragmentation needed (code 4): the next-hop MTU. */
  readonly mtu?: number;
  /** Parameter problem: the offset of the bad octet. */
  readonly pointer?: number;
  /**
   * Errors: the datagram that caused it, and how many of its bytes are quoted on the wire.
   * Without quotedLength the encoder quotes what Linux does: at most 548 bytes (576 minus the
   * new IP and ICMP headers, icmp_send in net/ipv4/icmp.c).
   */
  readonly original?: Ipv4Packet;
  readonly quotedLength?: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

export type TcpOption =
  | { readonly kind: 'mss'; readonly value: number }
  | { readonly kind: 'sackOK' }
  | { readonly kind: 'timestamp'; readonly value: number; readonly echo: number }
  | { readonly kind: 'nop' }
  | { readonly kind: 'wscale'; readonly shift: number }
  /** Selective acknowledgement blocks, [left edge, right edge) sequence numbers. */
  | { readonly kind: 'sack'; readonly blocks: readonly (readonly [number, number])[] }
  /** Any other option kind, kept as its data bytes (without kind and length). */
  | { readonly kind: 'unknown'; readonly type: number; readonly data: Uint8Array };

export interface TcpSegment {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  /** Bitmask of TCP_FIN, TCP_SYN, ... */
  readonly flags: number;
  readonly window: number;
  /** Urgent pointer, meaningful only with TCP_URG; 0 when absent. */
  readonly urgent?: number;
  readonly options: readonly TcpOption[];
  readonly data: Uint8Array;
  /**
   * The sender left the checksum to the device (CHECKSUM_PARTIAL), as Linux does for what its
   * sockets send: a veth never completes it, so a capture shows only the pseudo-header sum
   * (tcpdump -vv: "incorrect"), also inside ICMP quotes and after NAT. Absent: a complete checksum.
   */
  readonly partialChecksum?: boolean;
}

export interface UdpDatagram {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly data: Uint8Array;
  /**
   * The sender left the checksum to the device (CHECKSUM_PARTIAL), as Linux does for what its
   * sockets send: a veth never completes it, so a capture shows only the pseudo-header sum
   * (tcpdump -vv: "incorrect"), also inside ICMP quotes and after NAT. Absent: a complete checksum.
   */
  readonly partialChecksum?: boolean;
}

export type L4 = Ipv4Packet['payload'];

export function ipProtocol(l4: L4): number {
  return l4.kind === 'icmp' ? IPPROTO_ICMP : l4.kind === 'tcp' ? IPPROTO_TCP : l4.kind === 'ipip' ? IPPROTO_IPIP : IPPROTO_UDP;
}
