import { formatIp4 } from '../../addr/ipv4';
import { ipv4Length } from '../../wire/ipv4';
import { encodeTcpOptions } from '../../wire/tcp';
import { ICMP_DEST_UNREACH, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, IPPROTO_IPIP, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, type Ipv4Packet } from '../../wire/types';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';

/*
 * The line the LOG target writes to the kernel log (net/netfilter/nf_log_syslog.c,
 * nf_log_ip_packet): the prefix, IN= OUT=, the MAC header it arrived with, then the IPv4
 * header and its transport header field by field, every field followed by a space. An ICMP
 * error shows the packet it quotes in brackets, once.
 */

/** struct nf_loginfo's log part: the level and the --log-* flags. */
export interface NfLogInfo {
  level: number;
  tcpSequence: boolean;
  tcpOptions: boolean;
  ipOptions: boolean;
  uid: boolean;
  macDecode: boolean;
}

/** The bytes the encoder quotes of an ICMP error's datagram: 576 less the new IP and ICMP headers (icmp_send). */
const MAX_QUOTE = 548;
const ICMP_ECHOREPLY = 0;
const ICMP_ECHO = 8;
const ICMP_SOURCE_QUENCH = 4;
const ICMP_PARAMETERPROB = 12;
const ICMP_FRAG_NEEDED = 4;
/** required_len: the bytes after the IP header an ICMP type needs before its fields are printed. */
const REQUIRED_LEN: Record<number, number> = { 0: 4, 3: 28, 4: 28, 5: 28, 8: 4, 11: 28, 12: 28, 13: 20, 14: 20, 17: 12, 18: 12 };

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** nf_log_dump_tcp_header, nf_log_dump_udp_header and the ICMP part of dump_ipv4_packet; `avail` is the bytes after the IP header. */
function dumpTransport(p: Ipv4Packet, info: NfLogInfo, outer: boolean, avail: number): { text: string; stop: boolean } {
  const l4 = p.payload;
  const incomplete = () => `INCOMPLETE [${avail} bytes] `;
  if (l4.kind === 'tcp') {
    let m = 'PROTO=TCP ';
    if (avail < 20) return { text: m + incomplete(), stop: true };
    m += `SPT=${l4.sport} DPT=${l4.dport} `;
    if (info.tcpSequence) m += `SEQ=${l4.seq >>> 0} ACK=${l4.ack >>> 0} `;
    m += `WINDOW=${l4.window} RES=0x00 `;
    const names: [number, string][] = [[TCP_CWR, 'CWR'], [TCP_ECE, 'ECE'], [TCP_URG, 'URG'], [TCP_ACK, 'ACK'], [TCP_PSH, 'PSH'], [TCP_RST, 'RST'], [TCP_SYN, 'SYN'], [TCP_FIN, 'FIN']];
    for (const [bit, name] of names) if (l4.flags & bit) m += `${name} `;
    m += `URGP=${l4.urgent ?? 0} `;
    const opts = encodeTcpOptions(l4.options);
    if (info.tcpOptions && opts.length) m += `OPT (${[...opts].map(hex2).join('')}) `;
    return { text: m, stop: false };
  }
  if (l4.kind === 'udp') {
    if (avail < 8) return { text: `PROTO=UDP ${incomplete()}`, stop: true };
    return { text: `PROTO=UDP SPT=${l4.sport} DPT=${l4.dport} LEN=${8 + l4.data.length} `, stop: false };
  }
  // dump_ipv4_packet's default: any other protocol is only its number.
  if (l4.kind === 'ipip') return { text: `PROTO=${IPPROTO_IPIP} `, stop: false };
  let m = 'PROTO=ICMP ';
  if (avail < 8) return { text: m + incomplete(), stop: false };
  m += `TYPE=${l4.type} CODE=${l4.code} `;
  const required = REQUIRED_LEN[l4.type];
  if (required !== undefined && avail < required) return { text: m + incomplete(), stop: false };
  switch (l4.type) {
    case ICMP_ECHOREPLY:
    case ICMP_ECHO:
      m += `ID=${l4.id ?? 0} SEQ=${l4.seq ?? 0} `;
      break;
    case ICMP_PARAMETERPROB:
      m += `PARAMETER=${l4.pointer ?? 0} `;
      break;
    case ICMP_REDIRECT:
    case ICMP_DEST_UNREACH:
    case ICMP_SOURCE_QUENCH:
    case ICMP_TIME_EXCEEDED:
      if (l4.type === ICMP_REDIRECT) m += `GATEWAY=${formatIp4(l4.gateway ?? 0)} `;
      // Only recurse once.
      if (outer && l4.original) m += `[${dumpIpv4(l4.original, info, false, Math.min(l4.quotedLength ?? MAX_QUOTE, ipv4Length(l4.original))).text}] `;
      if (l4.type === ICMP_DEST_UNREACH && l4.code === ICMP_FRAG_NEEDED) m += `MTU=${l4.mtu ?? 0} `;
      break;
  }
  return { text: m, stop: false };
}

/** dump_ipv4_packet up to the UID and MARK only the outer packet adds; `length` is the bytes of it at hand. */
function dumpIpv4(p: Ipv4Packet, info: NfLogInfo, outer: boolean, length: number): { text: string; stop: boolean } {
  if (length < 20) return { text: 'TRUNCATED', stop: true };
  let m = `SRC=${formatIp4(p.src)} DST=${formatIp4(p.dst)} `;
  m += `LEN=${ipv4Length(p)} TOS=0x${hex2(p.tos & 0x1e)} PREC=0x${hex2(p.tos & 0xe0)} TTL=${p.ttl} ID=${p.id} `;
  if (p.df) m += 'DF ';
  // (IP options, MF and fragment offsets: the packets modelled have none, so --log-ip-options adds nothing.)
  const transport = dumpTransport(p, info, outer, length - 20);
  return { text: m + transport.text, stop: transport.stop };
}

/** dump_mac_header: MACSRC/MACDST/MACPROTO with --log-macdecode on Ethernet, else the raw header as MAC=. */
function dumpMacHeader(dev: NetDevice, skb: SkBuff, info: NfLogInfo): string {
  const mac = skb.macHeader;
  if (info.macDecode && !dev.loopback) return mac ? `MACSRC=${mac.src} MACDST=${mac.dst} MACPROTO=0800 ` : '';
  return mac ? `MAC=${mac.dst}:${mac.src}:08:00 ` : 'MAC= ';
}

/**
 * Whether a packet this box sends carries a process's full socket (skb->sk, whose owner
 * nf_log_dump_sk_uid_gid prints): a process's socket has a file and credentials; the kernel's
 * control socket (RSTs it answers with, ICMP replies and errors) has none, a listener's request
 * socket (its SYN-ACK) is not a full socket, and an orphaned connection has lost its file.
 */
export function ownedByProcess(skb: SkBuff): boolean {
  return skb.local && skb.sk?.cred !== undefined && !skb.sk.request;
}

/**
 * nf_log_ip_packet: the whole line, as the kernel log keeps it (no level, trailing space).
 * `fullSock`: the packet carries a process's full socket (sent by one, or early-demuxed to one).
 */
export function nfLogIpPacket(skb: SkBuff, inDev: NetDevice | undefined, outDev: NetDevice | undefined, info: NfLogInfo, prefix: string, fullSock: boolean): string {
  let m = `${prefix}IN=${inDev?.name ?? ''} OUT=${outDev?.name ?? ''} `;
  // nf_log_dump_packet_common: a packet br_netfilter passed to iptables also names its bridge ports.
  const physin = skb.nfBridge?.physindev;
  const physout = skb.nfBridge?.physoutdev;
  if (physin && physin !== inDev) m += `PHYSIN=${physin.name} `;
  if (physout && physout !== outDev) m += `PHYSOUT=${physout.name} `;
  if (inDev) m += dumpMacHeader(inDev, skb, info);
  const ip = dumpIpv4(skb.pkt, info, true, ipv4Length(skb.pkt));
  m += ip.text;
  if (ip.stop) return m;
  // The owner is root: every process of a device runs as uid 0.
  if (info.uid && fullSock) m += 'UID=0 GID=0 ';
  if (skb.mark) m += `MARK=0x${(skb.mark >>> 0).toString(16)} `;
  return m;
}
