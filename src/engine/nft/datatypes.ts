import { formatIp4 } from '../addr/ipv4';
import type { NftScalar, NftType } from './ast';

/*
 * nft's data types (datatype.c, ct.c, proto.c, meta.c, fib.c): each type's symbols and how a
 * value of it prints. Symbol tables print by value; a bitmask prints its set bits in bit
 * order, joined by ','.
 */

const ICMP_TYPE: Record<string, number> = {
  'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8,
  'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12,
  'timestamp-request': 13, 'timestamp-reply': 14, 'info-request': 15, 'info-reply': 16,
  'address-mask-request': 17, 'address-mask-reply': 18,
};

/** The codes `reject with icmp [type] X` takes (icmp_code_type). */
export const ICMP_REJECT_CODE: Record<string, number> = {
  'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3,
  'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13, 'frag-needed': 4,
};

/** icmpx (inet's reject codes, nft_reject_inet). */
export const ICMPX_REJECT_CODE: Record<string, number> = { 'no-route': 0, 'port-unreachable': 1, 'host-unreachable': 2, 'admin-prohibited': 3 };

const INET_PROTO: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, sctp: 132 };
const CT_STATE: Record<string, number> = { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 };
const CT_STATUS: Record<string, number> = { expected: 1, 'seen-reply': 2, assured: 4, confirmed: 8, snat: 16, dnat: 32, dying: 512 };
const CT_DIR: Record<string, number> = { original: 0, reply: 1 };
const TCP_FLAG: Record<string, number> = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ecn: 64, cwr: 128 };
const PKT_TYPE: Record<string, number> = { host: 0, unicast: 0, broadcast: 1, multicast: 2, other: 3 };
const NF_PROTO: Record<string, number> = { ipv4: 2, ipv6: 10 };
const FIB_ADDRTYPE: Record<string, number> = {
  unspec: 0, unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8,
};
const BOOLEAN: Record<string, number> = { exists: 1, missing: 0 };
/** The differentiated services code points nft names (proto.c dscp_type). */
const DSCP: Record<string, number> = {
  cs0: 0x00, cs1: 0x08, cs2: 0x10, cs3: 0x18, cs4: 0x20, cs5: 0x28, cs6: 0x30, cs7: 0x38, df: 0x00, be: 0x00, lephb: 0x01,
  af11: 0x0a, af12: 0x0c, af13: 0x0e, af21: 0x12, af22: 0x14, af23: 0x16, af31: 0x1a, af32: 0x1c, af33: 0x1e,
  af41: 0x22, af42: 0x24, af43: 0x26, va: 0x2c, ef: 0x2e,
};

/** Each symbolic type's table, and whether its values are bits that combine. */
export const SYMBOLS: Partial<Record<NftType, { table: Record<string, number>; bitmask?: boolean }>> = {
  icmp_type: { table: ICMP_TYPE },
  icmp_code: { table: ICMP_REJECT_CODE },
  inet_proto: { table: INET_PROTO },
  ct_state: { table: CT_STATE, bitmask: true },
  ct_status: { table: CT_STATUS, bitmask: true },
  ct_dir: { table: CT_DIR },
  tcp_flag: { table: TCP_FLAG, bitmask: true },
  pkt_type: { table: PKT_TYPE },
  nf_proto: { table: NF_PROTO },
  fib_addrtype: { table: FIB_ADDRTYPE },
  boolean: { table: BOOLEAN },
  dscp: { table: DSCP },
};

/** A symbol's value in a type's table. */
export function symbolValue(type: NftType, name: string): number | undefined {
  const t = SYMBOLS[type]?.table;
  return t && Object.hasOwn(t, name) ? t[name] : undefined;
}

/** nft's names of the types, as `type …` in a set declaration names them. */
export const DECLARABLE: Record<string, NftType> = {
  ipv4_addr: 'ipv4_addr', inet_service: 'inet_service', inet_proto: 'inet_proto', mark: 'mark', ifname: 'ifname',
  iface_index: 'iface_index', ct_state: 'ct_state', icmp_type: 'icmp_type', verdict: 'verdict', integer: 'integer', uid: 'uid',
};

/** How one scalar prints. */
export function printScalar(v: NftScalar): string {
  if (v.type === 'iface_index' && 'ifindex' in v && v.name === '') return String(v.ifindex);
  if (v.type === 'ifname' || v.type === 'iface_index') return `"${'name' in v ? v.name : ''}"`;
  const n = (v as { value: number }).value;
  switch (v.type) {
    case 'ipv4_addr':
      return formatIp4(n);
    case 'mark':
      return `0x${n.toString(16).padStart(8, '0')}`;
    case 'inet_service':
    case 'integer':
    case 'uid':
      return String(n);
  }
  const sym = SYMBOLS[v.type];
  if (!sym) return String(n);
  if (sym.bitmask) {
    const names: string[] = [];
    for (let bit = 1; bit <= 0x80000000 && bit > 0; bit *= 2) {
      if (!(n & bit)) continue;
      const name = Object.keys(sym.table).find((k) => sym.table[k] === bit);
      names.push(name ?? `0x${bit.toString(16)}`);
    }
    return names.join(',');
  }
  const name = Object.keys(sym.table).find((k) => sym.table[k] === n);
  // A code point without a name prints in hex, as its base type (one byte) does.
  if (name === undefined && v.type === 'dscp') return `0x${n.toString(16).padStart(2, '0')}`;
  return name ?? String(n);
}
