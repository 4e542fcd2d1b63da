import type { Ip4 } from '../addr/ipv4';
import { ICMP_DEST_UNREACH, type Ipv4Packet } from '../wire/types';
import { Errno } from './errors';
import { icmpSend } from './icmp';
import { routeOutput } from './route';
import { CTL_SK, type SkBuff } from './skbuff';
import type { Stack } from './stack';
import { connKey, sendPacket, TcpSock, type TcpEvents } from './tcp';
import { TcpListener } from './tcp_listener';
import { advMss, buildReset } from './tcp_output';
import { UdpSock } from './udp';

/* The socket tables of one stack: TCP (connections and listeners), UDP, raw ICMP. */

/** icmp_err_convert: the errno a socket sees for ICMP destination unreachable codes. */
const UNREACH_ERRNO = [Errno.ENETUNREACH, Errno.EHOSTUNREACH, 92, Errno.ECONNREFUSED, Errno.EMSGSIZE, 95, Errno.ENETUNREACH, 112, 64, Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH];

export type RawHandler = (pkt: Ipv4Packet, skb: SkBuff) => void;

export class SocketTable {
  private get tcp(): Map<string, TcpSock> {
    return (this.tcpMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private tcpMade?: Map<string, TcpSock>;
  readonly listeners: TcpListener[] = [];
  readonly udp: UdpSock[] = [];
  private get raw(): Set<RawHandler> {
    return (this.rawMade ??= new Set());
  }
  /** Made at first use: most namespaces never need it. */
  private rawMade?: Set<RawHandler>;

  constructor(private readonly stack: Stack) {}

  randomU32(): number {
    return Math.floor(this.stack.env.random() * 0x1_0000_0000) >>> 0;
  }
  randomIsn(): number {
    return this.randomU32();
  }

  /** An ephemeral port from net.ipv4.ip_local_port_range not used toward this peer (inet_hash_connect). */
  ephemeralPort(localIp: Ip4, remoteIp: Ip4, remotePort: number): number {
    const [lo, hi] = this.stack.sysctl.localPortRange;
    const n = hi - lo + 1;
    const start = Math.floor(this.stack.env.random() * n);
    for (let i = 0; i < n; i++) {
      const port = lo + ((start + i) % n);
      if (!this.tcp.has(connKey(localIp, port, remoteIp, remotePort))) return port;
    }
    return lo;
  }

  hash(sock: TcpSock): void {
    this.tcp.set(sock.key, sock);
  }
  unhash(sock: TcpSock): void {
    if (this.tcp.get(sock.key) === sock) this.tcp.delete(sock.key);
  }
  connections(): TcpSock[] {
    return [...this.tcp.values()];
  }

  /** connect(): pick the source by routing, an ephemeral port, then send the SYN. */
  tcpConnect(remoteIp: Ip4, remotePort: number, opts: { src?: Ip4; sport?: number }, events: TcpEvents): TcpSock | number {
    const route = routeOutput(this.stack, { dst: remoteIp, src: opts.src, keys: { proto: 6, sport: opts.sport ?? 0, dport: remotePort } });
    if (!route.ok) return route.errno;
    const src = route.src;
    const sport = opts.sport ?? this.ephemeralPort(src, remoteIp, remotePort);
    const sock = new TcpSock(this.stack, src, sport, remoteIp, remotePort, events);
    sock.advmss = advMss(route.dev.mtu);
    sock.iss = this.randomIsn();
    sock.tsOffset = this.randomU32();
    sock.ipId = this.randomU32() & 0xffff;
    this.hash(sock);
    sock.connect();
    return sock;
  }

  /** The MSS we advertise toward a peer: from the device its route leaves by. */
  advmssToward(ip: Ip4): number {
    const r = routeOutput(this.stack, { dst: ip });
    return advMss(r.ok ? r.dev.mtu : 1500);
  }

  /**
   * inet_csk_bind_conflict for a socket without SO_REUSEADDR: the port is taken by a listener or
   * by any socket holding it, a TIME_WAIT one included (bind(2) answers EADDRINUSE).
   */
  tcpPortBound(ip: Ip4, port: number): boolean {
    const overlaps = (other: Ip4) => other === ip || other === 0 || ip === 0;
    return this.listeners.some((l) => l.port === port && overlaps(l.ip)) || [...this.tcp.values()].some((s) => s.localPort === port && overlaps(s.localIp));
  }

  tcpListen(ip: Ip4, port: number, onAccept: (s: TcpSock) => void): TcpListener | number {
    if (this.listeners.some((l) => l.port === port && (l.ip === ip || l.ip === 0 || ip === 0))) return Errno.EADDRINUSE;
    if (ip !== 0 && !this.stack.addressOwner(ip) && !this.stack.sysctl.global['net.ipv4.ip_nonlocal_bind']) return Errno.EADDRNOTAVAIL;
    const l = new TcpListener(this.stack, ip, port, onAccept);
    this.listeners.push(l);
    return l;
  }

  /** tcp_v4_rcv: established socket, else listener, else reset. */
  tcpRcv(skb: SkBuff): void {
    const p = skb.pkt;
    const t = p.payload;
    if (t.kind !== 'tcp') return;
    const sock = this.tcp.get(connKey(p.dst, t.dport, p.src, t.sport));
    if (sock) return sock.receive(skb, t);
    const listener = this.listeners.find((l) => l.port === t.dport && l.ip === p.dst) ?? this.listeners.find((l) => l.port === t.dport && l.ip === 0);
    if (listener) return listener.receive(skb, t);
    const rst = buildReset(p, this.stack.defaultTtl);
    this.stack.trace({ layer: 'tcp', kind: 'drop', packet: p, reason: { code: 'no_socket_tcp', dst: p.dst, port: t.dport, rst: rst !== undefined } });
    if (rst) sendPacket(this.stack, rst, CTL_SK);
  }

  udpBind(ip: Ip4, port: number, onData: UdpSock['onData']): UdpSock | number {
    if (this.udp.some((u) => u.port === port && (u.ip === ip || u.ip === 0 || ip === 0))) return Errno.EADDRINUSE;
    const s = new UdpSock(this.stack, ip, port, onData);
    this.udp.push(s);
    return s;
  }
  udpClose(s: UdpSock): void {
    const i = this.udp.indexOf(s);
    if (i >= 0) this.udp.splice(i, 1);
  }

  /**
   * socket(SOCK_DGRAM) + connect(): the source address comes from the route, the port from
   * ip_local_port_range (random, not in use by another UDP socket), as udp_lib_get_port does.
   */
  udpConnect(remoteIp: Ip4, remotePort: number, opts: { src?: Ip4; sport?: number }, onData: UdpSock['onData']): UdpSock | number {
    const route = routeOutput(this.stack, { dst: remoteIp, src: opts.src, keys: { proto: 17, sport: opts.sport ?? 0, dport: remotePort } });
    if (!route.ok) return route.errno;
    let port = opts.sport;
    if (port === undefined) {
      const [lo, hi] = this.stack.sysctl.localPortRange;
      const n = hi - lo + 1;
      const start = Math.floor(this.stack.env.random() * n);
      for (let i = 0; i < n && port === undefined; i++) {
        const p = lo + ((start + i) % n);
        if (!this.udp.some((u) => u.port === p)) port = p;
      }
    }
    // Every port of the range in use: the kernel answers EAGAIN (udp_lib_get_port fails).
    if (port === undefined) return Errno.EAGAIN;
    const s = new UdpSock(this.stack, opts.src ?? 0, port, onData);
    s.localIp = route.src;
    s.remoteIp = remoteIp;
    s.remotePort = remotePort;
    this.udp.push(s);
    return s;
  }

  /**
   * ip_rcv_finish's early demux (tcp_v4_early_demux, udp_v4_early_demux): whether a received
   * packet already carries a full socket of this box (skb->sk) when it reaches INPUT: an
   * established-table TCP socket other than TIME_WAIT, or a connected UDP socket.
   */
  earlyDemuxFullSock(p: Ipv4Packet): boolean {
    const l4 = p.payload;
    if (l4.kind === 'tcp') {
      const sock = this.tcp.get(connKey(p.dst, l4.dport, p.src, l4.sport));
      return sock !== undefined && sock.state !== 'TIME_WAIT' && sock.state !== 'CLOSED';
    }
    if (l4.kind !== 'udp') return false;
    return this.udp.some((s) => s.port === l4.dport && s.remoteIp === p.src && s.remotePort === l4.sport && s.localIp === p.dst);
  }

  /** udp_rcv: the best-matching socket (connected beats wildcard, as __udp4_lib_lookup scores), else ICMP port unreachable. */
  udpRcv(skb: SkBuff): void {
    const p = skb.pkt;
    const u = p.payload;
    if (u.kind !== 'udp') return;
    let best: UdpSock | undefined;
    let bestScore = -1;
    for (const s of this.udp) {
      if (s.port !== u.dport) continue;
      if (s.ip !== 0 && s.ip !== p.dst) continue;
      if (s.remoteIp !== undefined && (s.remoteIp !== p.src || s.remotePort !== u.sport)) continue;
      const score = (s.ip !== 0 ? 1 : 0) + (s.remoteIp !== undefined ? 2 : 0);
      if (score > bestScore) [best, bestScore] = [s, score];
    }
    if (best) return best.onData(u.data, p.src, u.sport, p.dst);
    this.stack.trace({ layer: 'udp', kind: 'drop', packet: p, reason: { code: 'no_socket_udp', port: u.dport } });
    icmpSend(this.stack, skb, ICMP_DEST_UNREACH, 3, 0);
  }

  addRaw(h: RawHandler): void {
    this.raw.add(h);
  }
  removeRaw(h: RawHandler): void {
    this.raw.delete(h);
  }
  rawDeliver(skb: SkBuff): void {
    for (const h of [...this.raw]) h(skb.pkt, skb);
  }

  /** icmp_unreach → tcp_v4_err / udp_err for the connection the error quotes. */
  icmpError(skb: SkBuff): void {
    const m = skb.pkt.payload;
    if (m.kind !== 'icmp' || !m.original) return;
    const inner = m.original;
    const l4 = inner.payload;
    const errno = m.type === ICMP_DEST_UNREACH ? (UNREACH_ERRNO[m.code] ?? Errno.EHOSTUNREACH) : Errno.EHOSTUNREACH;
    if (l4.kind === 'tcp') {
      const sock = this.tcp.get(connKey(inner.src, l4.sport, inner.dst, l4.dport));
      // Only fatal in SYN_SENT; an established connection records a soft error.
      if (sock && sock.state === 'SYN_SENT' && m.type === ICMP_DEST_UNREACH) sock.abort(errno);
    } else if (l4.kind === 'udp') {
      // __udp4_lib_err: only a connected socket keeps the error (IP_RECVERR is not modelled).
      const sock = this.udp.find((s) => s.port === l4.sport && s.remoteIp === inner.dst && s.remotePort === l4.dport);
      sock?.icmpError(errno);
    }
  }
}
