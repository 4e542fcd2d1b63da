import { formatIp4 } from '../addr/ipv4';
import type { NftTracePacket, NftTraceRecord } from '../kernel/netfilter/nf_tables_trace';
import { encodeIpv4, ipv4Length } from '../wire/ipv4';
import { ipProtocol } from '../wire/types';
import { printScalar } from './datatypes';
import { printRule } from './print-rule';

/*
 * nft's trace.c (netlink_events_trace_cb): how `nft monitor trace` prints one report. Every
 * line starts `trace id %08x FAMILY TABLE CHAIN `; a rule report prints the packet (when it
 * carries the headers) as `packet: ` and its fields, then `rule TEXT (verdict V)`, or nothing
 * more when it names no rule (a chain's end); a policy report prints `policy accept ` (mark
 * after it, when set).
 */

const DSCP: Record<number, string> = {
  0: 'cs0', 8: 'cs1', 16: 'cs2', 24: 'cs3', 32: 'cs4', 40: 'cs5', 48: 'cs6', 56: 'cs7',
  10: 'af11', 12: 'af12', 14: 'af13', 18: 'af21', 20: 'af22', 22: 'af23', 26: 'af31', 28: 'af32', 30: 'af33',
  34: 'af41', 36: 'af42', 38: 'af43', 46: 'ef', 44: 'va', 1: 'lephb',
};
const ECN = ['not-ect', 'ect1', 'ect0', 'ce'];
const ICMP_CODE = ['net-unreachable', 'host-unreachable', 'prot-unreachable', 'port-unreachable', 'frag-needed'];
/** NFT_TRACETYPE_TRANSPORT_HSIZE: the transport bytes a report carries. */
const TRANSPORT_HSIZE = 20;

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** trace_print_packet: the headers as nft's payload expressions, with dependencies the family implies left out. */
function packetFields(family: NftTraceRecord['family'], p: NftTracePacket): string[] {
  const f: string[] = [];
  if (p.iif) f.push(`iif "${p.iif}"`);
  if (p.oif) f.push(`oif "${p.oif}"`);
  if (p.mac) f.push(`ether saddr ${p.mac.src}`, `ether daddr ${p.mac.dst}`);
  const ip = p.pkt;
  const proto = ipProtocol(ip.payload);
  f.push(`ip saddr ${formatIp4(ip.src)}`, `ip daddr ${formatIp4(ip.dst)}`, `ip dscp ${DSCP[ip.tos >> 2] ?? `0x${(ip.tos >> 2).toString(16).padStart(2, '0')}`}`, `ip ecn ${ECN[ip.tos & 3]}`, `ip ttl ${ip.ttl}`, `ip id ${ip.id}`);
  // In the ip family the icmp/tcp/udp header below implies the protocol; inet's table prints it.
  if (family === 'inet') f.push(`ip protocol ${printScalar({ type: 'inet_proto', value: proto })}`);
  f.push(`ip length ${ipv4Length(ip)}`);
  const l4 = ip.payload;
  let headerLength = 0;
  if (l4.kind === 'icmp') {
    f.push(`icmp type ${printScalar({ type: 'icmp_type', value: l4.type })}`, `icmp code ${ICMP_CODE[l4.code] ?? l4.code}`);
    if (l4.id !== undefined) f.push(`icmp id ${l4.id}`, `icmp sequence ${l4.seq ?? 0}`);
    headerLength = 8;
  } else if (l4.kind === 'udp') {
    f.push(`udp sport ${l4.sport}`, `udp dport ${l4.dport}`, `udp length ${8 + l4.data.length}`);
    headerLength = 8;
  } else if (l4.kind === 'tcp') {
    // Recorded for a SYN (nft 1.0.6): no sequence, ack or checksum; the header fills the 20 bytes.
    f.push(`tcp sport ${l4.sport}`, `tcp dport ${l4.dport}`, `tcp flags == ${printScalar({ type: 'tcp_flag', value: l4.flags })}`, `tcp window ${l4.window}`);
  }
  // The rest of the transport bytes the report carries, as raw bits after the header nft knows.
  if (headerLength > 0 && headerLength < TRANSPORT_HSIZE) {
    const bytes = encodeIpv4(ip).subarray(20 + headerLength, 20 + TRANSPORT_HSIZE);
    if (bytes.length > 0) f.push(`@th,${headerLength * 8},${bytes.length * 8} 0x${hex(bytes)}`);
  }
  return f;
}

/** The lines one trace report prints; `cached` gives the rule's text as nft's cache holds it. */
export function formatTraceRecord(r: NftTraceRecord, cached: (rule: NonNullable<NftTraceRecord['rule']>) => string | undefined = () => undefined): string {
  const hdr = `trace id ${r.id.toString(16).padStart(8, '0')} ${r.family} ${r.table} ${r.chain} `;
  const mark = r.mark ? `meta mark 0x${r.mark.toString(16).padStart(8, '0')} ` : '';
  if (r.type === 'policy') return `${hdr}policy ${r.policy} ${mark}\n`;
  let out = '';
  if (r.packet) out += `${hdr}packet: ${packetFields(r.family, r.packet).join(' ')} \n`;
  if (r.rule) out += `${hdr}rule ${cached(r.rule) ?? printRule(r.rule.stmts, r.family, r.rule.comment)} (verdict ${r.verdict})\n`;
  return out;
}
