import type { Ip4 } from '../../addr/ipv4';
import type { Ipv4Packet } from '../../wire/types';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import type { Endpoint } from '../../trace/reason';
import { formatConn, invertTuple, tupleEqual, type Conn, type Tuple } from './conntrack';

/*
 * NAT (nf_nat_core.c): a binding is chosen on a connection's first packet and stored as its
 * altered reply tuple; every packet of the connection, both ways, is then rewritten from the
 * tuples without traversing the nat table again.
 */

export type Manip = 'src' | 'dst';

export interface NatRange {
  minIp: Ip4;
  maxIp: Ip4;
  /** Port (or ICMP id) range; absent keeps the original when it is free. */
  minPort?: number;
  maxPort?: number;
  random?: boolean;
  persistent?: boolean;
}

/** nf_nat_manip_pkt: set the packet's source or destination (address and port) from a tuple. */
export function manipPacket(p: Ipv4Packet, manip: Manip, target: Tuple): Ipv4Packet {
  const l4 = p.payload;
  let payload = l4;
  if (l4.kind === 'tcp' || l4.kind === 'udp') {
    payload = manip === 'src' ? { ...l4, sport: target.sport } : { ...l4, dport: target.dport };
  } else if (l4.kind === 'icmp' && l4.id !== undefined && target.proto === 1) {
    payload = { ...l4, id: target.sport };
  }
  return manip === 'src' ? { ...p, src: target.src, payload } : { ...p, dst: target.dst, payload };
}

function inRange(t: Tuple, manip: Manip, range: NatRange): boolean {
  const ip = manip === 'src' ? t.src : t.dst;
  if (ip < range.minIp || ip > range.maxIp) return false;
  if (range.minPort === undefined) return true;
  const port = manip === 'src' || t.proto === 1 ? t.sport : t.dport;
  return port >= range.minPort && port <= range.maxPort!;
}

function withIp(t: Tuple, manip: Manip, ip: Ip4): Tuple {
  return manip === 'src' ? { ...t, src: ip } : { ...t, dst: ip };
}
function withPort(t: Tuple, manip: Manip, port: number): Tuple {
  if (t.proto === 1 || manip === 'src') return { ...t, sport: port };
  return { ...t, dport: port };
}

/** A deterministic stand-in for the kernel's jhash when a range holds several addresses. */
function pickIp(t: Tuple, range: NatRange): Ip4 {
  if (range.minIp === range.maxIp) return range.minIp;
  const span = range.maxIp - range.minIp + 1;
  let h = (t.src ^ (range.persistent ? 0 : t.dst)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return range.minIp + (h % span);
}

export class Nat {
  constructor(private readonly stack: Stack) {}

  /** nf_nat_used_tuple: would this original-direction tuple collide with another connection? */
  private used(t: Tuple, conn: Conn): boolean {
    return this.stack.nf.conntrack.taken(invertTuple(t), conn);
  }

  /** get_unique_tuple. */
  private uniqueTuple(orig: Tuple, range: NatRange, manip: Manip, conn: Conn): Tuple {
    if (manip === 'src' && !range.random && inRange(orig, manip, range) && !this.used(orig, conn)) return orig;
    let t = withIp(orig, manip, pickIp(orig, range));
    if (!range.random) {
      if (range.minPort !== undefined) {
        if (inRange(t, manip, range) && (range.minPort === range.maxPort || !this.used(t, conn))) return t;
      } else if (!this.used(t, conn)) return t;
    }
    // nf_nat_l4proto_unique_tuple: search the range from a random offset.
    const port = manip === 'src' || orig.proto === 1 ? orig.sport : orig.dport;
    let min: number;
    let size: number;
    if (range.minPort !== undefined) {
      min = range.minPort;
      size = range.maxPort! - range.minPort + 1;
    } else if (manip === 'src' && orig.proto !== 1) {
      if (port < 512) [min, size] = [1, 511];
      else if (port < 1024) [min, size] = [600, 424];
      else [min, size] = [1024, 64512];
    } else [min, size] = orig.proto === 1 ? [0, 65536] : [1, 65535];
    let off = range.random || manip === 'src' ? Math.floor(this.stack.env.random() * 65536) : 0;
    for (let i = 0; i < Math.min(size, 128); i++, off++) {
      t = withPort(t, manip, min + (off % size));
      if (!this.used(t, conn)) return t;
    }
    return t;
  }

  /** nf_nat_setup_info: bind the connection's source or destination into `range`. */
  setup(conn: Conn, range: NatRange, manip: Manip): void {
    const current = invertTuple(conn.reply);
    const next = this.uniqueTuple(current, range, manip, conn);
    if (!tupleEqual(next, current)) {
      conn.reply = invertTuple(next);
      if (manip === 'src') conn.srcNat = true;
      else conn.dstNat = true;
    }
    if (manip === 'src') conn.srcNatDone = true;
    else conn.dstNatDone = true;
  }

  /** nf_nat_packet: rewrite this packet as its connection's binding says. */
  apply(skb: SkBuff, manip: Manip): void {
    const conn = skb.ct!;
    const reply = skb.ctReply ?? false;
    const bound = manip === 'src' ? (reply ? conn.dstNat : conn.srcNat) : reply ? conn.srcNat : conn.dstNat;
    if (!bound) return;
    const before = skb.pkt;
    if (skb.ctInfo === 'related' && before.payload.kind === 'icmp' && before.payload.original) {
      this.icmpReplyTranslation(skb, manip, reply);
    } else {
      skb.pkt = manipPacket(before, manip, invertTuple(reply ? conn.orig : conn.reply));
    }
    if (skb.pkt !== before) {
      this.stack.trace({
        layer: 'netfilter',
        kind: 'nat',
        packet: skb.pkt,
        before,
        dir: reply ? 'reply' : 'original',
        reason: { code: 'nat', manip, reply, from: endpoint(before, manip), to: endpoint(skb.pkt, manip) },
        facts: { conntrack: formatConn(conn), manip },
      });
    }
  }

  /** nf_nat_icmp_reply_translation: fix the quoted packet and the outer header of an ICMP error. */
  private icmpReplyTranslation(skb: SkBuff, manip: Manip, reply: boolean): void {
    const conn = skb.ct!;
    const l4 = skb.pkt.payload;
    if (l4.kind !== 'icmp' || !l4.original) return;
    const other = reply ? conn.orig : conn.reply;
    const inner = manipPacket(l4.original, manip === 'src' ? 'dst' : 'src', other);
    const outerTarget = invertTuple(other);
    const outer = manip === 'src' ? { ...skb.pkt, src: outerTarget.src } : { ...skb.pkt, dst: outerTarget.dst };
    skb.pkt = { ...outer, payload: { ...l4, original: inner } };
  }
}

function endpoint(p: Ipv4Packet, side: Manip): Endpoint {
  const addr = side === 'src' ? p.src : p.dst;
  const l4 = p.payload;
  if (l4.kind === 'tcp' || l4.kind === 'udp') return { addr, port: side === 'src' ? l4.sport : l4.dport };
  return { addr };
}
