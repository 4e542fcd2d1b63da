import { formatIp4 } from '../../engine/addr/ipv4';
import type { TraceEvent } from '../../engine/trace/types';
import { decodeDns, type DnsMessage, type DnsRecord } from '../../engine/wire/dns';
import { encodeIpv4 } from '../../engine/wire/ipv4';
import { formatIpv4 } from '../../engine/wire/tcpdump';
import { formatTcpOptions } from '../../engine/wire/tcpdump-tcp';
import { ETH_P_ARP, ETH_P_IP, type ArpPacket, type EthernetFrame, type IcmpMessage, type Ipv4Packet, type TcpSegment, type UdpDatagram } from '../../engine/wire/types';
import { ipv4Of } from './classify';

/*
 * The packet pane's header tables: one section per header (Ethernet, ARP, IPv4, TCP, UDP,
 * ICMP), each a list of field/value rows. When the step rewrote the packet (NAT, the TTL
 * decrement of forwarding), the event carries `before`, and each changed row keeps the old
 * value. Pure: no React, no DOM.
 */

export interface FieldRow {
  field: string;
  value: string;
  /** The value before this step, when this step changed it. */
  old?: string;
}

export interface HeaderSection {
  title: 'Ethernet' | 'ARP' | 'IPv4' | 'TCP' | 'UDP' | 'ICMP';
  rows: FieldRow[];
}

type Pairs = [field: string, value: string][];

/** Rows from the packet's fields, marking those that differ from the same fields before. */
function rows(now: Pairs, before?: Pairs): FieldRow[] {
  const old = new Map(before);
  return now.map(([field, value]) => {
    const was = old.get(field);
    return before && was !== undefined && was !== value ? { field, value, old: was } : { field, value };
  });
}

const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;

function ethernetPairs(f: EthernetFrame): Pairs {
  const type = f.payload.kind === 'arp' ? `${hex(ETH_P_ARP, 4)} (ARP)` : `${hex(ETH_P_IP, 4)} (IPv4)`;
  return [['src', f.src], ['dst', f.dst], ['type', type]];
}

function arpPairs(a: ArpPacket): Pairs {
  return [
    ['op', a.op === 'request' ? '1 (request)' : '2 (reply)'],
    ['sender MAC', a.senderMac],
    ['sender IP', formatIp4(a.senderIp)],
    ['target MAC', a.targetMac],
    ['target IP', formatIp4(a.targetIp)],
  ];
}

const PROTOCOL_NAMES = { icmp: '1 (ICMP)', tcp: '6 (TCP)', udp: '17 (UDP)', ipip: '4 (IPIP)' } as const;

function ipv4Pairs(p: Ipv4Packet): Pairs {
  return [
    ['src', formatIp4(p.src)],
    ['dst', formatIp4(p.dst)],
    ['ttl', String(p.ttl)],
    ['tos', hex(p.tos, 2)],
    ['id', String(p.id)],
    ['DF', p.df ? 'set' : 'clear'],
    ['protocol', PROTOCOL_NAMES[p.payload.kind]],
    ['length', String(encodeIpv4(p).length)],
  ];
}

const FLAG_NAMES: [number, string][] = [
  [0x02, 'SYN'], [0x10, 'ACK'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x20, 'URG'], [0x40, 'ECE'], [0x80, 'CWR'],
];

/** "SYN, ACK", or "none". */
export function tcpFlagNames(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
  return names.length ? names.join(', ') : 'none';
}

function tcpPairs(t: TcpSegment): Pairs {
  return [
    ['src port', String(t.sport)],
    ['dst port', String(t.dport)],
    ['seq', String(t.seq >>> 0)],
    ['ack', t.flags & 0x10 ? String(t.ack >>> 0) : '—'],
    ['flags', tcpFlagNames(t.flags)],
    ['window', String(t.window)],
    ['options', t.options.length ? formatTcpOptions(t.options) : 'none'],
    ['data', `${t.data.length} bytes`],
  ];
}

function dnsRecord(r: DnsRecord): string {
  const d = r.data;
  switch (d.kind) {
    case 'address':
      return `${r.name} A ${formatIp4(d.address)}`;
    case 'name':
      return `${r.name} → ${d.name}`;
    case 'mx':
      return `${r.name} MX ${d.preference} ${d.exchange}`;
    case 'srv':
      return `${r.name} SRV ${d.target}:${d.port}`;
    case 'soa':
      return `${r.name} SOA ${d.mname}`;
    case 'bytes':
      return `${r.name} type ${r.type}`;
  }
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
const QTYPES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV' };

/** "query A example.com (id 4660)" or "response NOERROR: example.com A 93.184.216.34". */
export function dnsSummary(m: DnsMessage): string {
  const q = m.questions[0];
  const question = q ? `${QTYPES[q.type] ?? `type ${q.type}`} ${q.name || '.'}` : 'no question';
  if (!m.response) return `query ${question} (id ${m.id})`;
  const rcode = RCODES[m.rcode] ?? `rcode ${m.rcode}`;
  const answers = m.answers.map(dnsRecord);
  return `response ${rcode} to ${question}${answers.length ? `: ${answers.join(', ')}` : ', no answer'}`;
}

function udpPairs(u: UdpDatagram): Pairs {
  const pairs: Pairs = [
    ['src port', String(u.sport)],
    ['dst port', String(u.dport)],
    ['length', String(8 + u.data.length)],
  ];
  if (u.sport === 53 || u.dport === 53) {
    try {
      pairs.push(['DNS', dnsSummary(decodeDns(u.data))]);
    } catch {
      pairs.push(['DNS', 'not a DNS message']);
    }
  }
  return pairs;
}

const ICMP_TYPES: Record<number, string> = {
  0: 'echo reply', 3: 'destination unreachable', 4: 'source quench', 5: 'redirect', 8: 'echo request',
  11: 'time exceeded', 12: 'parameter problem', 13: 'timestamp', 14: 'timestamp reply',
};

function icmpPairs(m: IcmpMessage): Pairs {
  const pairs: Pairs = [
    ['type', `${m.type}${ICMP_TYPES[m.type] ? ` (${ICMP_TYPES[m.type]})` : ''}`],
    ['code', String(m.code)],
  ];
  if (m.id !== undefined) pairs.push(['id', String(m.id)]);
  if (m.seq !== undefined) pairs.push(['seq', String(m.seq)]);
  if (m.gateway !== undefined) pairs.push(['gateway', formatIp4(m.gateway)]);
  if (m.mtu !== undefined) pairs.push(['next-hop MTU', String(m.mtu)]);
  if (m.original) pairs.push(['quoted packet', formatIpv4(m.original)]);
  return pairs;
}

function l4Section(now: Ipv4Packet['payload'], before?: Ipv4Packet['payload']): HeaderSection {
  const same = before?.kind === now.kind ? before : undefined;
  switch (now.kind) {
    case 'tcp':
      return { title: 'TCP', rows: rows(tcpPairs(now), same && tcpPairs(same as TcpSegment)) };
    case 'udp':
      return { title: 'UDP', rows: rows(udpPairs(now), same && udpPairs(same as UdpDatagram)) };
    case 'icmp':
      return { title: 'ICMP', rows: rows(icmpPairs(now), same && icmpPairs(same as IcmpMessage)) };
    case 'ipip':
      return { title: 'IPv4', rows: rows(ipv4Pairs(now.inner), same && ipv4Pairs((same as typeof now).inner)) };
  }
}

/** The header tables of an event's frame or packet, outermost first. */
export function headerSections(e: TraceEvent): HeaderSection[] {
  const sections: HeaderSection[] = [];
  if (e.frame) sections.push({ title: 'Ethernet', rows: rows(ethernetPairs(e.frame)) });
  if (e.frame?.payload.kind === 'arp') sections.push({ title: 'ARP', rows: rows(arpPairs(e.frame.payload)) });
  const p = ipv4Of(e);
  if (p) {
    const before = e.before;
    sections.push({ title: 'IPv4', rows: rows(ipv4Pairs(p), before && ipv4Pairs(before)) });
    sections.push(l4Section(p.payload, before?.payload));
  }
  return sections;
}

/** The fields this step changed, as "ttl 64 → 63", for a one-line caption. */
export function changedFields(sections: readonly HeaderSection[]): string[] {
  return sections.flatMap((s) => s.rows.filter((r) => r.old !== undefined).map((r) => `${s.title} ${r.field} ${r.old} → ${r.value}`));
}
