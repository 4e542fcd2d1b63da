import { AF_INET, type Family } from '../../addr/family';
import { formatIp4, type Ip4 } from '../../addr/ipv4';
import { ICMP_DEST_UNREACH, ICMP_ECHOREPLY, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, ipProtocol, type Ipv4Packet } from '../../wire/types';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { TCP_TIMEOUTS, tcpNewState, tcpNextState, type TcpCtState } from './conntrack_tcp';

/*
 * Connection tracking (nf_conntrack_core.c): tuples for both directions, NEW until the first
 * reply, ESTABLISHED after it, RELATED for ICMP errors about a tracked flow, INVALID for
 * packets the TCP tracker refuses. Entries enter the table when their first packet leaves
 * POSTROUTING or INPUT (confirm).
 */

export interface Tuple {
  /** The address family (nf_conntrack_tuple's src.l3num): part of the key, so families never share entries. */
  readonly l3num: Family;
  readonly src: Ip4;
  readonly dst: Ip4;
  readonly proto: number;
  /** TCP/UDP ports; for ICMP, sport is the echo id and dport the ICMP type. */
  readonly sport: number;
  readonly dport: number;
}

export type CtInfo = 'new' | 'established' | 'related' | 'invalid' | 'untracked';
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export class Conn {
  reply: Tuple;
  seenReply = false;
  assured = false;
  confirmed = false;
  srcNat = false;
  dstNat = false;
  srcNatDone = false;
  dstNatDone = false;
  mark = 0;
  tcpState: TcpCtState = 'NONE';
  /** Virtual time (ns) at which the entry expires. */
  expires = 0;
  /** Set once per connection by `statistic` and similar per-connection bookkeeping. */
  readonly id: number;

  constructor(
    readonly orig: Tuple,
    id: number,
  ) {
    this.reply = invertTuple(orig);
    this.id = id;
  }

  get protoName(): string {
    // nf_conntrack_l4proto_generic's name for any other protocol (IPIP).
    return this.orig.proto === 6 ? 'tcp' : this.orig.proto === 17 ? 'udp' : this.orig.proto === 1 ? 'icmp' : 'unknown';
  }
}

const ICMP_INVERSE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };

/**
 * nf_ct_invert_tuple: the family stays, the addresses swap (whatever their family), and the
 * layer-4 protocol inverts its part (ICMP by its echo types; IPPROTO_ICMPV6 would bring its own).
 */
export function invertTuple(t: Tuple): Tuple {
  if (t.proto === 1) return { l3num: t.l3num, src: t.dst, dst: t.src, proto: 1, sport: t.sport, dport: ICMP_INVERSE[t.dport] ?? t.dport };
  return { l3num: t.l3num, src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

export function tupleKey(t: Tuple): string {
  return `${t.l3num}:${t.proto}:${t.src}:${t.sport}>${t.dst}:${t.dport}`;
}

export function tupleEqual(a: Tuple, b: Tuple): boolean {
  return a.l3num === b.l3num && a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
}

export function formatTuple(t: Tuple): string {
  if (t.proto === 1) return `src=${formatIp4(t.src)} dst=${formatIp4(t.dst)} type=${t.dport} code=0 id=${t.sport}`;
  if (t.proto !== 6 && t.proto !== 17) return `src=${formatIp4(t.src)} dst=${formatIp4(t.dst)}`;
  return `src=${formatIp4(t.src)} dst=${formatIp4(t.dst)} sport=${t.sport} dport=${t.dport}`;
}

/** The tuple of an IPv4 packet (nf_ct_get_tuple for NFPROTO_IPV4), or undefined for ICMP messages conntrack does not track as flows. */
export function packetTuple(p: Ipv4Packet): Tuple | undefined {
  const l4 = p.payload;
  if (l4.kind === 'icmp') {
    if (l4.type in ICMP_INVERSE) return { l3num: AF_INET, src: p.src, dst: p.dst, proto: 1, sport: l4.id ?? 0, dport: l4.type };
    return undefined;
  }
  // nf_conntrack_l4proto_generic: another protocol (IPIP) is tracked by its addresses alone.
  if (l4.kind === 'ipip') return { l3num: AF_INET, src: p.src, dst: p.dst, proto: ipProtocol(l4), sport: 0, dport: 0 };
  return { l3num: AF_INET, src: p.src, dst: p.dst, proto: ipProtocol(l4), sport: l4.sport, dport: l4.dport };
}

const ICMP_ERRORS = new Set([ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ICMP_REDIRECT, 4, 12]);
const NS = 1_000_000_000;

export class ConntrackTable {
  private get hash(): Map<string, { conn: Conn; reply: boolean }> {
    return (this.hashMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private hashMade?: Map<string, { conn: Conn; reply: boolean }>;
  private nextId = 1;

  constructor(private readonly stack: Stack) {}

  /** Confirmed, unexpired entries in insertion order (`conntrack -L`). */
  entries(): Conn[] {
    const now = this.stack.env.now();
    const seen = new Set<Conn>();
    for (const { conn } of this.hash.values()) if (conn.expires > now) seen.add(conn);
    return [...seen];
  }

  /** Whether `conntrack -L` lists anything, asked per namespace as each recorded run starts (10,000 of them in a large document). */
  hasEntries(): boolean {
    const now = this.stack.env.now();
    for (const { conn } of this.hash.values()) if (conn.expires > now) return true;
    return false;
  }

  find(t: Tuple): { conn: Conn; reply: boolean } | undefined {
    const hit = this.hash.get(tupleKey(t));
    if (hit && hit.conn.expires <= this.stack.env.now()) {
      this.remove(hit.conn);
      return undefined;
    }
    return hit;
  }

  /** nf_conntrack_tuple_taken: is this tuple already used by another connection? */
  taken(t: Tuple, self: Conn): boolean {
    const hit = this.find(t);
    return hit !== undefined && hit.conn !== self;
  }

  /** `conntrack -F`: every entry goes (nf_conntrack_flush_report). */
  flush(): void {
    this.hash.clear();
  }

  remove(conn: Conn): void {
    this.hash.delete(tupleKey(conn.orig));
    this.hash.delete(tupleKey(conn.reply));
  }

  /** __nf_conntrack_confirm: the entry goes into the table when its first packet survives. */
  confirm(skb: SkBuff): void {
    const conn = skb.ct;
    if (!conn || conn.confirmed) return;
    conn.confirmed = true;
    this.hash.set(tupleKey(conn.orig), { conn, reply: false });
    this.hash.set(tupleKey(conn.reply), { conn, reply: true });
  }

  private timeout(conn: Conn): number {
    const g = this.stack.sysctl.global;
    if (conn.orig.proto === 6) return conn.tcpState === 'ESTABLISHED' ? g['net.netfilter.nf_conntrack_tcp_timeout_established'] : TCP_TIMEOUTS[conn.tcpState];
    if (conn.orig.proto === 17) return conn.seenReply ? (conn.assured ? 120 : g['net.netfilter.nf_conntrack_udp_timeout']) : g['net.netfilter.nf_conntrack_udp_timeout'];
    if (conn.orig.proto === 1) return g['net.netfilter.nf_conntrack_icmp_timeout'];
    // nf_conntrack_generic_timeout.
    return 600;
  }

  /**
   * nf_conntrack_in: attach the packet's connection and its state. Packets that already carry
   * one (looped back from OUTPUT) keep it.
   */
  in(skb: SkBuff): void {
    if (skb.ct || skb.ctInfo === 'untracked') return;
    const p = skb.pkt;
    const l4 = p.payload;
    if (l4.kind === 'icmp' && ICMP_ERRORS.has(l4.type)) return this.related(skb);
    const t = packetTuple(p);
    if (!t) {
      skb.ctInfo = 'invalid';
      return;
    }
    let hit = this.find(t);
    // nf_conntrack_tcp_packet: a SYN meeting an entry in TIME_WAIT (its FINs set CLOSE_INIT)
    // reopens the connection: the old entry is killed and the packet looked up again (-NF_REPEAT),
    // so it starts a new connection, NAT decided afresh.
    if (hit && l4.kind === 'tcp' && hit.conn.tcpState === 'TIME_WAIT' && (l4.flags & 0x12) === 0x02) {
      this.remove(hit.conn);
      this.stack.trace({ layer: 'conntrack', kind: 'conntrack-update', packet: p, reason: { code: 'ct_reopen' }, facts: { conntrack: formatConn(hit.conn) } });
      hit = undefined;
    }
    let conn: Conn;
    let reply = false;
    if (hit) {
      conn = hit.conn;
      reply = hit.reply;
    } else {
      if (l4.kind === 'tcp') {
        const first = tcpNewState(l4.flags);
        if (first === 'INVALID' || first === 'IGNORE') {
          skb.ctInfo = 'invalid';
          this.stack.trace({ layer: 'conntrack', kind: 'conntrack-invalid', packet: p, reason: { code: 'ct_invalid_new' } });
          return;
        }
      }
      if (l4.kind === 'icmp' && l4.type === ICMP_ECHOREPLY) {
        skb.ctInfo = 'invalid';
        return;
      }
      conn = new Conn(t, this.nextId++);
    }
    if (l4.kind === 'tcp') {
      const next = conn.tcpState === 'NONE' ? tcpNewState(l4.flags) : tcpNextState(conn.tcpState, reply, l4.flags);
      if (next === 'INVALID') {
        skb.ctInfo = 'invalid';
        this.stack.trace({ layer: 'conntrack', kind: 'conntrack-invalid', packet: p, reason: { code: 'ct_invalid_state', tcpState: conn.tcpState } });
        return;
      }
      // ASSURED once the handshake completes (SYN_RECV -> ESTABLISHED), as nf_conntrack_tcp_packet does.
      if (next === 'ESTABLISHED' && (conn.tcpState === 'SYN_RECV' || conn.tcpState === 'ESTABLISHED')) conn.assured = true;
      if (next !== 'IGNORE') conn.tcpState = next;
    }
    if (reply) conn.seenReply = true;
    // UDP is assured once traffic flows both ways and the originator talks again.
    if (l4.kind === 'udp' && !reply && conn.seenReply) conn.assured = true;
    conn.expires = this.stack.env.now() + this.timeout(conn) * NS;
    skb.ct = conn;
    skb.ctReply = reply;
    skb.ctInfo = reply || conn.seenReply ? 'established' : 'new';
    const kind = skb.ctInfo === 'new' ? (hit ? 'conntrack-update' : 'conntrack-new') : 'conntrack-established';
    this.stack.trace({
      layer: 'conntrack',
      kind,
      packet: p,
      dir: reply ? 'reply' : 'original',
      reason: hit
        ? { code: 'ct_known', reply, established: skb.ctInfo !== 'new', tcpState: l4.kind === 'tcp' ? conn.tcpState : undefined }
        : { code: 'ct_new', proto: conn.protoName },
      facts: { conntrack: formatConn(conn) },
    });
  }

  /** ICMP errors quoting a tracked packet belong to its connection (RELATED). */
  private related(skb: SkBuff): void {
    const l4 = skb.pkt.payload;
    const inner = l4.kind === 'icmp' ? l4.original : undefined;
    const t = inner ? packetTuple(inner) : undefined;
    const hit = t ? this.find(invertTuple(t)) : undefined;
    if (!hit) {
      skb.ctInfo = 'invalid';
      return;
    }
    skb.ct = hit.conn;
    skb.ctReply = hit.reply;
    skb.ctInfo = 'related';
    this.stack.trace({ layer: 'conntrack', kind: 'conntrack-related', packet: skb.pkt, dir: hit.reply ? 'reply' : 'original', reason: { code: 'ct_related' }, facts: { conntrack: formatConn(hit.conn) } });
  }
}

/** A conntrack -L style line for traces. */
export function formatConn(c: Conn): string {
  const state = c.orig.proto === 6 ? ` ${c.tcpState}` : '';
  return `${c.protoName}${state} ${formatTuple(c.orig)} ${c.seenReply ? '' : '[UNREPLIED] '}${formatTuple(c.reply)}${c.assured ? ' [ASSURED]' : ''} mark=${c.mark}`;
}

