import { formatIp4 } from '../addr/ipv4';
import { MAC_ZERO } from '../addr/mac';
import { ARP_LENGTH } from './arp';
import { encodeFrame, ethertypeOf } from './ethernet';
import { formatDnsPayload } from './tcpdump-dns';
import { formatIcmp } from './tcpdump-icmp';
import { formatTcp } from './tcpdump-tcp';
import { ETH_P_ARP, ETH_P_IP, type ArpPacket, type CapturedFrame, type Ipv4Packet, type UdpDatagram, type VlanTag } from './types';
import { IANA_VXLAN_UDP_PORT, VXLAN_DEFAULT_PORT, VXLAN_HLEN, decodeVxlan, formatVxlanHeader } from './vxlan';

export interface TcpdumpOptions {
  /** Print the Ethernet header, as `tcpdump -e` does. Default true. */
  readonly link?: boolean;
}

/**
 * The ARP part (print-arp.c). A request shows the target MAC in parentheses only when it is
 * not all zeros (arping fills in ff:ff:ff:ff:ff:ff; the kernel leaves zeros).
 */
export function formatArp(arp: ArpPacket): string {
  const body =
    arp.op === 'request'
      ? `Request who-has ${formatIp4(arp.targetIp)}${arp.targetMac === MAC_ZERO ? '' : ` (${arp.targetMac})`} tell ${formatIp4(arp.senderIp)}`
      : `Reply ${formatIp4(arp.senderIp)} is-at ${arp.senderMac}`;
  return `${body}, length ${ARP_LENGTH}`;
}

/** The ethertype names tcpdump 4.99 prints (every one it knows from 0x0600 up, found by trying them all). */
const ETHERTYPE_NAMES: Record<number, string> = {
  0x0600: 'NS', 0x0707: 'GeoNet (old)', 0x0800: 'IPv4', 0x0806: 'ARP', 0x1000: 'Trail',
  0x1111: 'CALM FAST', 0x6001: 'MOP DL', 0x6002: 'MOP RC', 0x6003: 'DN', 0x6004: 'LAT',
  0x6007: 'SCA', 0x6558: 'TEB', 0x8035: 'Reverse ARP', 0x8038: 'Lanbridge', 0x803c: 'DEC DNS',
  0x803e: 'DEC DTS', 0x805b: 'VEXP', 0x805c: 'VPROD', 0x809b: 'Appletalk', 0x80f3: 'Appletalk ARP',
  0x8100: '802.1Q', 0x8137: 'IPX', 0x86dd: 'IPv6', 0x8808: 'MPCP', 0x8809: 'Slow Protocols',
  0x880b: 'PPP', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE D',
  0x8864: 'PPPoE S', 0x886f: 'MS NLB heartbeat', 0x888e: 'EAPOL', 0x8899: 'Realtek protocols',
  0x88a2: 'AoE', 0x88a8: '802.1Q-QinQ', 0x88ca: 'TIPC', 0x88cc: 'LLDP', 0x88e5: '802.1AE MACsec',
  0x88f7: 'PTP', 0x8902: 'CFM', 0x893a: 'IEEE1905.1', 0x8947: 'GeoNet', 0x894f: 'NSH',
  0x9000: 'Loopback', 0x9100: '802.1Q-9100', 0x9200: '802.1Q-9200', 0xabcd: 'CFM (old)',
  0xd28b: 'Arista Vendor Specific Protocol', 0xfefe: 'OSI',
};

const DNS_PORT = 53;
const MDNS_PORT = 5353;

/**
 * "UDP, length 12", or DNS on ports 53 and 5353. tcpdump decodes about 70 other UDP ports
 * (67/68 BOOTP, 123 NTP...; as a source port also 49152); those print as plain UDP here, and
 * a DNS port carrying something that is not DNS falls back to it too. VXLAN (4789) and OTV
 * (8472, Linux's default VXLAN port) print their header and, on the next line, the inner frame.
 */
function formatUdp(datagram: UdpDatagram, options: TcpdumpOptions): string {
  const { sport, dport } = datagram;
  const vxlan = sport === IANA_VXLAN_UDP_PORT || dport === IANA_VXLAN_UDP_PORT;
  if ((vxlan || sport === VXLAN_DEFAULT_PORT || dport === VXLAN_DEFAULT_PORT) && datagram.data.length >= VXLAN_HLEN) {
    const inner = decodeVxlan(datagram.data);
    return `${formatVxlanHeader(datagram.data, !vxlan)}\n${inner ? formatTcpdump(inner.inner, options) : '[|ether]'}`;
  }
  if (sport === DNS_PORT || dport === DNS_PORT || sport === MDNS_PORT || dport === MDNS_PORT) {
    const mdns = sport !== DNS_PORT && dport !== DNS_PORT;
    const dns = formatDnsPayload(datagram.data, mdns);
    if (dns !== undefined) return dns;
  }
  return `UDP, length ${datagram.data.length}`;
}

/** "192.168.1.3 > 50.60.70.1: ICMP echo request, ...", with ports on the addresses for TCP and UDP. */
export function formatIpv4(packet: Ipv4Packet, options: TcpdumpOptions = {}): string {
  const l4 = packet.payload;
  const src = formatIp4(packet.src);
  const dst = formatIp4(packet.dst);
  switch (l4.kind) {
    case 'icmp':
      return `${src} > ${dst}: ${formatIcmp(l4)}`;
    case 'tcp':
      return `${src}.${l4.sport} > ${dst}.${l4.dport}: ${formatTcp(l4)}`;
    case 'udp':
      return `${src}.${l4.sport} > ${dst}.${l4.dport}: ${formatUdp(l4, options)}`;
    case 'ipip':
      // print-ip.c: the inner packet through ip_print again, which names itself "IP " unless -e.
      return `${src} > ${dst}: ${(options.link ?? true) ? '' : 'IP '}${formatIpv4(l4.inner, options)}`;
  }
}

/** tcpdump's hex and ASCII dump (hex_and_ascii_print; spaces show as dots), used for ethertypes it does not know. */
export function hexAndAscii(bytes: Uint8Array): string {
  let out = '';
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    let hex = '';
    for (let i = 0; i < row.length; i += 2) {
      hex += ' ' + Array.from(row.subarray(i, i + 2), (b) => b.toString(16).padStart(2, '0')).join('');
    }
    const ascii = Array.from(row, (b) => (b > 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    out += `\n\t0x${offset.toString(16).padStart(4, '0')}: ${hex.padEnd(40)}  ${ascii}`;
  }
  return out;
}

function ethertypeText(ethertype: number): string {
  return `ethertype ${ETHERTYPE_NAMES[ethertype] ?? 'Unknown'} (0x${ethertype.toString(16).padStart(4, '0')})`;
}

/** ieee8021q_tci_string: what `-e` prints of a tag (without -e tcpdump says nothing of it). */
function vlanText(tag: VlanTag): string {
  return `vlan ${tag.vid}, p ${tag.pcp}${tag.dei ? ', DEI' : ''}`;
}

/**
 * The line `tcpdump -n -S -e` prints for a frame, without the timestamp (-t). Frames whose
 * payload the model keeps raw print the link header and, for ethertypes tcpdump knows but the
 * model does not decode (IPv6, IPv4 with options...), a bracketed note instead of tcpdump's text.
 */
export function formatTcpdump(frame: CapturedFrame, options: TcpdumpOptions = {}): string {
  const link = options.link ?? true;
  const ethertype = ethertypeOf(frame);
  const name = ETHERTYPE_NAMES[ethertype];
  const payload = frame.payload;
  // tcpdump prints the link header of a frame it cannot decode even without -e.
  const unknownEthertype = payload.kind === 'unknown' && name === undefined;
  const header = frame.vlan
    ? `${frame.src} > ${frame.dst}, ${ethertypeText(frame.vlan.tpid)}, length ${encodeFrame(frame).length}: ${vlanText(frame.vlan)}, ${ethertypeText(ethertype)}, `
    : `${frame.src} > ${frame.dst}, ${ethertypeText(ethertype)}, length ${encodeFrame(frame).length}: `;
  const prefix = link || unknownEthertype ? header : '';
  switch (payload.kind) {
    case 'arp':
      return prefix + (link ? '' : 'ARP, ') + formatArp(payload);
    case 'ipv4':
      return prefix + (link ? '' : 'IP ') + formatIpv4(payload, options);
    case 'unknown':
      if (unknownEthertype) return prefix + hexAndAscii(payload.bytes);
      return prefix + (link ? '' : ethertype === ETH_P_IP ? 'IP ' : ethertype === ETH_P_ARP ? 'ARP, ' : '') + `[not decoded by Hairpin: ${payload.reason}]`;
  }
}

