/*
 * Test support only: frames shaped like the ones Linux sends in the scenarios (addresses from
 * the hairpin lessons, Linux's SYN options, ping's 56-byte payload), each with a label.
 */
import { parseIp4, type Ip4 } from '../../addr/ipv4';
import type { Mac } from '../../addr/mac';
import {
  ICMP_DEST_UNREACH,
  ICMP_ECHO,
  ICMP_ECHOREPLY,
  ICMP_REDIRECT,
  ICMP_TIME_EXCEEDED,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  type EthernetFrame,
  type IcmpMessage,
  type Ipv4Packet,
  type TcpOption,
  type TcpSegment,
  type UdpDatagram,
} from '../types';

export const ip = (text: string): Ip4 => parseIp4(text)!;
export const PC = '02:00:00:00:02:01';
export const ROUTER = '02:00:00:00:04:02';
export const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const ascii = (text: string) => new TextEncoder().encode(text);

export function ipv4(src: string, dst: string, payload: Ipv4Packet['payload'], extra: Partial<Ipv4Packet> = {}): Ipv4Packet {
  return { kind: 'ipv4', tos: 0, id: 0x1c46, df: true, ttl: 64, src: ip(src), dst: ip(dst), payload, ...extra };
}

export function frame(src: Mac, dst: Mac, payload: EthernetFrame['payload']): EthernetFrame {
  return { src, dst, payload };
}

/** ping's default payload: 16 bytes of timeval, then 0x10, 0x11, ... (56 bytes in all). */
export const PING_DATA = Uint8Array.from({ length: 56 }, (_, i) => (i < 16 ? [0x65, 0x4a, 0x1b, 0x00][i % 4]! : i));

export const LINUX_SYN_OPTIONS: TcpOption[] = [
  { kind: 'mss', value: 1460 },
  { kind: 'sackOK' },
  { kind: 'timestamp', value: 1, echo: 0 },
  { kind: 'nop' },
  { kind: 'wscale', shift: 7 },
];

export function tcp(sport: number, dport: number, flags: number, extra: Partial<TcpSegment> = {}): TcpSegment {
  return { kind: 'tcp', sport, dport, seq: 0, ack: 0, flags, window: 64240, options: [], data: new Uint8Array(0), ...extra };
}

export function icmpError(type: number, code: number, original: Ipv4Packet, extra: Partial<IcmpMessage> = {}): IcmpMessage {
  return { kind: 'icmp', type, code, original, ...extra };
}

const syn = ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 8080, TCP_SYN, { seq: 123, options: LINUX_SYN_OPTIONS }));
const udpProbe = ipv4('192.168.1.3', '50.60.70.80', { kind: 'udp', sport: 45000, dport: 9999, data: ascii('hello there\n') });
const traceProbe = ipv4('192.168.1.3', '10.0.0.9', { kind: 'udp', sport: 51000, dport: 33434, data: new Uint8Array(32).fill(0x40) }, { ttl: 1, df: false });
const toFar = ipv4('192.168.1.3', '10.0.0.9', { kind: 'icmp', type: ICMP_ECHO, code: 0, id: 7, seq: 3, data: PING_DATA });
const fromRouter = (payload: IcmpMessage, src = '192.168.1.1') =>
  frame(ROUTER, PC, ipv4(src, '192.168.1.3', payload, { df: false, tos: 0xc0, id: 0x3f21 }));

/** Frames whose tcpdump lines the tests check against the real tcpdump, by label. */
export const SAMPLE_FRAMES: Record<string, EthernetFrame> = {
  'ARP request': frame(PC, BROADCAST, { kind: 'arp', op: 'request', senderMac: PC, senderIp: ip('192.168.1.3'), targetMac: '00:00:00:00:00:00', targetIp: ip('192.168.1.1') }),
  'ARP request with a known target MAC': frame(PC, ROUTER, { kind: 'arp', op: 'request', senderMac: PC, senderIp: ip('192.168.1.3'), targetMac: ROUTER, targetIp: ip('192.168.1.1') }),
  'ARP reply': frame(ROUTER, PC, { kind: 'arp', op: 'reply', senderMac: ROUTER, senderIp: ip('192.168.1.1'), targetMac: PC, targetIp: ip('192.168.1.3') }),
  'ICMP echo request': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.1', { kind: 'icmp', type: ICMP_ECHO, code: 0, id: 42, seq: 1, data: PING_DATA })),
  'ICMP echo reply': frame(ROUTER, PC, ipv4('50.60.70.1', '192.168.1.3', { kind: 'icmp', type: ICMP_ECHOREPLY, code: 0, id: 42, seq: 1, data: PING_DATA }, { df: false })),
  'ICMP net unreachable': fromRouter(icmpError(ICMP_DEST_UNREACH, 0, toFar)),
  'ICMP host unreachable': fromRouter(icmpError(ICMP_DEST_UNREACH, 1, toFar)),
  'ICMP protocol unreachable': fromRouter(icmpError(ICMP_DEST_UNREACH, 2, toFar)),
  'ICMP tcp port unreachable': fromRouter(icmpError(ICMP_DEST_UNREACH, 3, syn), '50.60.70.80'),
  'ICMP udp port unreachable': fromRouter(icmpError(ICMP_DEST_UNREACH, 3, udpProbe), '50.60.70.80'),
  'ICMP fragmentation needed': fromRouter(icmpError(ICMP_DEST_UNREACH, 4, toFar, { mtu: 1400 })),
  'ICMP net prohibited': fromRouter(icmpError(ICMP_DEST_UNREACH, 9, toFar)),
  'ICMP host prohibited': fromRouter(icmpError(ICMP_DEST_UNREACH, 10, toFar)),
  'ICMP admin prohibited': fromRouter(icmpError(ICMP_DEST_UNREACH, 13, syn)),
  'ICMP time exceeded in transit': fromRouter(icmpError(ICMP_TIME_EXCEEDED, 0, traceProbe)),
  'ICMP reassembly time exceeded': fromRouter(icmpError(ICMP_TIME_EXCEEDED, 1, toFar)),
  'ICMP redirect host': fromRouter(icmpError(ICMP_REDIRECT, 1, toFar, { gateway: ip('10.0.0.2') })),
  'ICMP redirect net': fromRouter(icmpError(ICMP_REDIRECT, 0, toFar, { gateway: ip('10.0.0.2') })),
  'ICMP parameter problem': fromRouter(icmpError(12, 0, toFar, { pointer: 20 })),
  'TCP SYN': frame(PC, ROUTER, syn),
  'TCP SYN-ACK': frame(ROUTER, PC, ipv4('50.60.70.80', '192.168.1.3', tcp(8080, 41234, TCP_SYN | TCP_ACK, { seq: 987654321, ack: 124, window: 65160, options: LINUX_SYN_OPTIONS.map((o) => (o.kind === 'timestamp' ? { ...o, value: 2, echo: 1 } : o)) }))),
  'TCP ACK': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 8080, TCP_ACK, { seq: 124, ack: 987654322, window: 502, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', value: 3, echo: 2 }] }))),
  'TCP data': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 9000, TCP_PSH | TCP_ACK, { seq: 124, ack: 987654322, window: 502, data: ascii('hello\n') }))),
  'TCP FIN': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 8080, TCP_FIN | TCP_ACK, { seq: 124, ack: 987654322, window: 502 }))),
  'TCP RST-ACK for a closed port': frame(ROUTER, PC, ipv4('50.60.70.80', '192.168.1.3', tcp(8080, 41234, TCP_RST | TCP_ACK, { seq: 0, ack: 124, window: 0 }))),
  'TCP RST': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 8080, TCP_RST, { seq: 124, window: 0 }))),
  'TCP with SACK blocks': frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', tcp(41234, 9000, TCP_ACK, { seq: 124, ack: 1000, window: 502, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[2000, 3000]] }] }))),
  'UDP': frame(PC, ROUTER, udpProbe),
  // An IPVS director's tunnelled SYN (ip_vs_tunnel_xmit): the client's packet inside one to the real server.
  'IPIP with a TCP SYN inside': frame(PC, ROUTER, ipv4('192.168.1.3', '10.0.0.9', { kind: 'ipip', inner: syn }, { id: 0 })),
  'IPIP with an ICMP echo inside': frame(PC, ROUTER, ipv4('192.168.1.3', '10.0.0.9', { kind: 'ipip', inner: toFar }, { df: false })),
};

const edge: Record<string, EthernetFrame> = {};
const fromPc = (label: string, l4: Ipv4Packet['payload']) => {
  edge[label] = frame(PC, ROUTER, ipv4('192.168.1.3', '50.60.70.80', l4));
};

const OPTION_CASES: Record<string, TcpOption[]> = {
  'wscale alone, padded with end-of-options': [{ kind: 'wscale', shift: 7 }],
  'mss alone': [{ kind: 'mss', value: 536 }],
  'unknown kind with data': [{ kind: 'unknown', type: 99, data: Uint8Array.of(0xab, 0xcd) }],
  'unknown kind without data': [{ kind: 'unknown', type: 200, data: new Uint8Array(0) }, { kind: 'nop' }, { kind: 'nop' }],
  'two SACK blocks': [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[1, 2], [3000000000, 4000000000]] }],
  'md5 signature': [{ kind: 'unknown', type: 19, data: new Uint8Array(16) }, { kind: 'nop' }, { kind: 'nop' }],
  'fast open cookie': [{ kind: 'unknown', type: 34, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }],
  'fast open cookie request': [{ kind: 'unknown', type: 34, data: new Uint8Array(0) }, { kind: 'nop' }, { kind: 'nop' }],
  'user timeout': [{ kind: 'unknown', type: 28, data: Uint8Array.of(0x80, 0x10) }],
  'timestamps at 2^32-1': [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', value: 4294967295, echo: 123456789 }],
};
for (const [label, options] of Object.entries(OPTION_CASES)) fromPc(`TCP options: ${label}`, tcp(1000, 2000, TCP_ACK, { seq: 5, ack: 6, options }));

for (const flags of [0, 0x20, 0x40, 0x80, 0xc2, 0x3f, 0x09, 0x18]) {
  fromPc(`TCP flags 0x${flags.toString(16)}`, tcp(1000, 2000, flags, { seq: 5, ack: 6, ...(flags & 0x20 ? { urgent: 77 } : {}) }));
}

const TEXT_PAYLOADS: [number, string][] = [
  [80, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'],
  [8080, 'HTTP/1.1 200 OK\r\nServer: x\r\n\r\n'],
  [80, 'hello there\n'],
  [80, 'GET /partial'],
  [80, 'get / HTTP/1.0\n'],
  [80, 'FOO 200 bar\n'],
  [80, 'GET\t/tab\r\n'],
  [80, ' GET /\r\n'],
  [80, 'GET /a\rb\r\n'],
  [80, 'GET /caf\u00e9\r\n'],
  [21, 'USER bob\r\n'],
  [21, '\x01\x02bin'],
  [25, 'no newline'],
  [43, 'example.com\r\n'],
  [554, 'OPTIONS * RTSP/1.0\r\n'],
  [9000, 'GET / HTTP/1.1\r\n'],
];
for (const [port, text] of TEXT_PAYLOADS) {
  const data = Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
  fromPc(`TCP payload to port ${port}: ${JSON.stringify(text)}`, tcp(40000, port, TCP_PSH | TCP_ACK, { seq: 5, ack: 6, data }));
  fromPc(`TCP payload from port ${port}: ${JSON.stringify(text)}`, tcp(port, 40000, TCP_PSH | TCP_ACK, { seq: 5, ack: 6, data }));
}

const udp = (sport: number, dport: number, data = new Uint8Array(0)): UdpDatagram => ({ kind: 'udp', sport, dport, data });
fromPc('UDP without data', udp(40000, 9999));
fromPc('UDP to a traceroute port', udp(51000, 33434, new Uint8Array(32)));

for (let type = 0; type <= 20; type++) {
  const message: IcmpMessage = [3, 4, 5, 11, 12].includes(type)
    ? icmpError(type, 0, toFar)
    : { kind: 'icmp', type, code: 0, id: 1, seq: 2, data: new Uint8Array(12).fill(1) };
  edge[`ICMP type ${type}`] = fromRouter(message, '10.0.0.9');
}
for (const [type, lastCode] of [[3, 16], [4, 1], [5, 4], [11, 2], [12, 2]] as const) {
  for (let code = 0; code <= lastCode; code++) {
    edge[`ICMP ${type}/${code}`] = fromRouter(icmpError(type, code, toFar, { gateway: ip('10.0.0.2'), pointer: 9 }));
  }
}
edge['ICMP fragmentation needed without an MTU'] = fromRouter(icmpError(ICMP_DEST_UNREACH, 4, toFar));
edge['ICMP port unreachable about an ICMP packet'] = fromRouter(icmpError(ICMP_DEST_UNREACH, 3, toFar));
edge['ICMP port unreachable quoting 8 bytes of TCP'] = fromRouter(icmpError(ICMP_DEST_UNREACH, 3, syn, { quotedLength: 28 }));
edge['ICMP port unreachable quoting too little for the port'] = fromRouter(icmpError(ICMP_DEST_UNREACH, 3, syn, { quotedLength: 22 }));
edge['ICMP time exceeded quoting a 600-byte datagram'] = fromRouter(icmpError(ICMP_TIME_EXCEEDED, 0, ipv4('192.168.1.3', '10.0.0.9', udp(51000, 33434, new Uint8Array(572)))));

const arp = (op: 'request' | 'reply', senderIp: string, targetMac: Mac, targetIp: string): EthernetFrame =>
  frame(PC, BROADCAST, { kind: 'arp', op, senderMac: PC, senderIp: ip(senderIp), targetMac, targetIp: ip(targetIp) });
edge['ARP gratuitous request'] = arp('request', '192.168.1.3', '00:00:00:00:00:00', '192.168.1.3');
edge['ARP probe from 0.0.0.0'] = arp('request', '0.0.0.0', '00:00:00:00:00:00', '192.168.1.3');
edge['ARP request with a broadcast target MAC (arping)'] = arp('request', '192.168.1.3', BROADCAST, '192.168.1.1');
edge['ARP gratuitous reply'] = arp('reply', '192.168.1.3', BROADCAST, '192.168.1.3');

/** Corner cases of the tcpdump formats, also compared with the real tcpdump. */
export const EDGE_FRAMES: Readonly<Record<string, EthernetFrame>> = edge;
