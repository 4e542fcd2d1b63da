import { formatIp4, type Ip4 } from '../addr/ipv4';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Ipv4Packet, type TcpSegment } from '../wire/types';
import { Errno } from './errors';
import { ipLocalOut } from './ip_output';
import { routeOutput } from './route';
import { skb as makeSkb, type SkBuff } from './skbuff';
import type { Stack } from './stack';
import { advMss, buildReset, buildSegment, scaledWindow, synAckWindow, synOptions, synWindow, tsOptions } from './tcp_output';

/*
 * TCP sockets (tcp_ipv4.c, tcp_input.c, tcp_timer.c) enough for handshakes, resets, SYN and
 * SYN-ACK retransmission at the kernel's intervals (1 s doubling) and the FIN close.
 */

export type TcpState = 'LISTEN' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT1' | 'FIN_WAIT2' | 'CLOSE_WAIT' | 'LAST_ACK' | 'CLOSING' | 'TIME_WAIT' | 'CLOSED';

const NS = 1_000_000_000;
const TCP_TIMEOUT_INIT = NS;
const TCP_TIMEWAIT_LEN = 60 * NS;
/** Delayed ACK (TCP_DELACK_MIN): an ACK for a FIN waits this long for the application's own FIN. */
const DELACK = 40_000_000;

export interface TcpEvents {
  onConnected?(): void;
  onError?(errno: number): void;
  /** The peer sent FIN (read returns 0). */
  onEof?(): void;
  onClosed?(): void;
}

export class TcpSock {
  state: TcpState = 'CLOSED';
  iss = 0;
  sndNxt = 0;
  sndUna = 0;
  rcvNxt = 0;
  tsOffset = 0;
  tsRecent = 0;
  ipId = 0;
  retries = 0;
  timer?: number;
  delackTimer?: number;
  /** Our advertised MSS (from the route's device MTU) and receive window. */
  advmss = 1460;
  rcvWnd = 65535;

  constructor(
    readonly stack: Stack,
    public localIp: Ip4,
    public localPort: number,
    public remoteIp: Ip4,
    public remotePort: number,
    public events: TcpEvents = {},
  ) {}

  get key(): string {
    return connKey(this.localIp, this.localPort, this.remoteIp, this.remotePort);
  }

  tsVal(): number {
    return (Math.floor(this.stack.env.now() / 1_000_000) + this.tsOffset) >>> 0;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.stack.env.cancel(this.timer);
    this.timer = undefined;
  }

  setState(state: TcpState): void {
    this.state = state;
  }

  /** Sends one segment from this socket through the output path. */
  send(flags: number, seq: number, options = tsOptions(this.tsVal(), this.tsRecent), window = scaledWindow(this.rcvWnd), ipId?: number): number {
    const pkt = buildSegment({ src: this.localIp, dst: this.remoteIp, sport: this.localPort, dport: this.remotePort, seq, ack: flags & TCP_ACK ? this.rcvNxt : 0, flags, window, options, ipId: ipId ?? this.nextIpId(), ttl: this.stack.sysctl.global['net.ipv4.ip_default_ttl'] });
    return sendPacket(this.stack, pkt);
  }

  private nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  /** connect(): SYN now, then retransmissions 1, 2, 4, ... s apart. */
  connect(): void {
    this.state = 'SYN_SENT';
    this.sndUna = this.iss;
    this.sndNxt = (this.iss + 1) >>> 0;
    this.retries = 0;
    const err = this.sendSyn();
    if (err) {
      this.state = 'CLOSED';
      this.stack.sockets.unhash(this);
      this.stack.env.schedule(0, () => this.events.onError?.(err));
    }
  }

  private sendSyn(): number {
    this.rcvWnd = synWindow(this.advmss);
    const err = this.send(TCP_SYN, this.iss, synOptions(this.advmss, this.tsVal(), 0), this.rcvWnd);
    this.armRetransmit(() => {
      if (this.state !== 'SYN_SENT') return;
      if (this.retries >= this.stack.sysctl.global['net.ipv4.tcp_syn_retries']) return this.abort(Errno.ETIMEDOUT);
      this.retries++;
      this.stack.trace({ layer: 'tcp', kind: 'socket', why: `no answer to the SYN: retransmission ${this.retries}` });
      this.sendSyn();
    });
    return err;
  }

  private armRetransmit(fire: () => void): void {
    this.clearTimer();
    this.timer = this.stack.env.schedule(TCP_TIMEOUT_INIT * 2 ** this.retries, () => {
      this.timer = undefined;
      fire();
    });
  }

  abort(errno: number): void {
    this.clearTimer();
    this.state = 'CLOSED';
    this.stack.sockets.unhash(this);
    this.events.onError?.(errno);
  }

  /** close(): FIN from ESTABLISHED or CLOSE_WAIT; a socket still connecting just goes away. */
  close(): void {
    if (this.delackTimer !== undefined) this.stack.env.cancel(this.delackTimer);
    this.delackTimer = undefined;
    if (this.state === 'SYN_SENT' || this.state === 'CLOSED') {
      this.clearTimer();
      this.state = 'CLOSED';
      this.stack.sockets.unhash(this);
      return;
    }
    if (this.state === 'ESTABLISHED' || this.state === 'CLOSE_WAIT') {
      this.state = this.state === 'ESTABLISHED' ? 'FIN_WAIT1' : 'LAST_ACK';
      this.send(TCP_FIN | TCP_ACK, this.sndNxt);
      this.sndNxt = (this.sndNxt + 1) >>> 0;
    }
  }

  /** tcp_rcv_state_process for a segment addressed to this socket. */
  receive(skb: SkBuff, t: TcpSegment): void {
    const ts = t.options.find((o) => o.kind === 'timestamp');
    if (t.flags & TCP_RST) return this.onReset(t);
    if (this.state === 'SYN_SENT') {
      if (t.flags & TCP_ACK && t.ack !== this.sndNxt) {
        sendPacket(this.stack, buildReset(skb.pkt, this.stack.sysctl.global['net.ipv4.ip_default_ttl'])!);
        return;
      }
      if (t.flags & TCP_SYN && t.flags & TCP_ACK) {
        this.clearTimer();
        this.rcvNxt = (t.seq + 1) >>> 0;
        this.sndUna = t.ack;
        if (ts) this.tsRecent = ts.value;
        this.state = 'ESTABLISHED';
        this.send(TCP_ACK, this.sndNxt);
        this.stack.trace({ layer: 'tcp', kind: 'socket', packet: skb.pkt, why: `connected to ${formatIp4(this.remoteIp)}:${this.remotePort}` });
        this.events.onConnected?.();
      }
      return;
    }
    if (ts) this.tsRecent = ts.value;
    if (t.flags & TCP_SYN) {
      // A retransmitted SYN-ACK or SYN on an open connection: answer with a plain ACK.
      this.send(TCP_ACK, this.sndNxt);
      return;
    }
    if (t.flags & TCP_ACK && t.ack === this.sndNxt) {
      this.sndUna = t.ack;
      if (this.state === 'FIN_WAIT1') this.state = 'FIN_WAIT2';
      else if (this.state === 'CLOSING') this.enterTimeWait();
      else if (this.state === 'LAST_ACK') return this.finish();
      else if (this.state === 'SYN_RECV') this.state = 'ESTABLISHED';
    }
    if (t.flags & TCP_FIN && t.seq === this.rcvNxt) {
      this.rcvNxt = (this.rcvNxt + 1) >>> 0;
      if (this.state === 'ESTABLISHED') {
        this.state = 'CLOSE_WAIT';
        // Pingpong mode: the ACK waits briefly so it can ride on the application's FIN.
        this.delackTimer = this.stack.env.schedule(DELACK, () => {
          this.delackTimer = undefined;
          if (this.state === 'CLOSE_WAIT') this.send(TCP_ACK, this.sndNxt);
        });
        this.events.onEof?.();
      } else if (this.state === 'FIN_WAIT2') {
        this.send(TCP_ACK, this.sndNxt);
        this.enterTimeWait();
      } else if (this.state === 'FIN_WAIT1') {
        this.state = 'CLOSING';
        this.send(TCP_ACK, this.sndNxt);
      }
    }
  }

  private onReset(t: TcpSegment): void {
    if (this.state === 'SYN_SENT') {
      if (!(t.flags & TCP_ACK) || t.ack !== this.sndNxt) return;
      this.stack.trace({ layer: 'tcp', kind: 'socket', why: `connection refused by ${formatIp4(this.remoteIp)}:${this.remotePort} (RST)` });
      return this.abort(Errno.ECONNREFUSED);
    }
    if (this.state === 'TIME_WAIT') return this.finish();
    this.stack.trace({ layer: 'tcp', kind: 'socket', why: `connection reset by ${formatIp4(this.remoteIp)}:${this.remotePort}` });
    this.abort(Errno.ECONNREFUSED);
  }

  private enterTimeWait(): void {
    this.state = 'TIME_WAIT';
    this.clearTimer();
    this.timer = this.stack.env.schedule(TCP_TIMEWAIT_LEN, () => this.finish());
  }

  private finish(): void {
    this.clearTimer();
    this.state = 'CLOSED';
    this.stack.sockets.unhash(this);
    this.events.onClosed?.();
  }
}

export function connKey(lip: Ip4, lport: number, rip: Ip4, rport: number): string {
  return `${lip}:${lport}-${rip}:${rport}`;
}

/** A listening socket and its request socks (SYN_RECV minisocks). */
export class TcpListener {
  readonly requests = new Map<string, TcpSock>();
  constructor(
    readonly stack: Stack,
    readonly ip: Ip4,
    readonly port: number,
    readonly onAccept: (sock: TcpSock) => void,
  ) {}

  /** tcp_conn_request: SYN-ACK now, retransmitted 1, 2, 4 ... s while unanswered. */
  receive(skb: SkBuff, t: TcpSegment): void {
    const p = skb.pkt;
    const key = connKey(p.dst, t.dport, p.src, t.sport);
    const req = this.requests.get(key);
    if (t.flags & TCP_RST) {
      if (req) this.drop(req, 'reset by the peer');
      return;
    }
    if (req) {
      if (t.flags & TCP_SYN && !(t.flags & TCP_ACK)) {
        this.sendSynAck(req);
        return;
      }
      if (t.flags & TCP_ACK && t.ack === req.sndNxt) {
        if (req.timer !== undefined) this.stack.env.cancel(req.timer);
        req.timer = undefined;
        this.requests.delete(key);
        req.state = 'ESTABLISHED';
        req.sndUna = t.ack;
        const ts = t.options.find((o) => o.kind === 'timestamp');
        if (ts) req.tsRecent = ts.value;
        this.stack.sockets.hash(req);
        this.stack.trace({ layer: 'tcp', kind: 'socket', packet: p, why: `handshake complete: ${formatIp4(req.remoteIp)}:${req.remotePort} is queued for accept() on port ${this.port}` });
        this.onAccept(req);
        if (t.flags & TCP_FIN) req.receive(skb, t);
        return;
      }
      sendPacket(this.stack, buildReset(p, this.stack.sysctl.global['net.ipv4.ip_default_ttl'])!);
      return;
    }
    if (t.flags & TCP_ACK) {
      sendPacket(this.stack, buildReset(p, this.stack.sysctl.global['net.ipv4.ip_default_ttl'])!);
      return;
    }
    if (!(t.flags & TCP_SYN)) return;
    const child = new TcpSock(this.stack, p.dst, t.dport, p.src, t.sport);
    child.state = 'SYN_RECV';
    child.iss = this.stack.sockets.randomIsn();
    child.tsOffset = this.stack.sockets.randomU32();
    child.sndNxt = (child.iss + 1) >>> 0;
    child.rcvNxt = (t.seq + 1) >>> 0;
    child.ipId = this.stack.sockets.randomU32() & 0xffff;
    const ts = t.options.find((o) => o.kind === 'timestamp');
    if (ts) child.tsRecent = ts.value;
    const peerMss = t.options.find((o) => o.kind === 'mss');
    child.advmss = this.stack.sockets.advmssToward(p.src);
    child.rcvWnd = synAckWindow(Math.min(child.advmss, peerMss?.value ?? 536));
    this.requests.set(key, child);
    this.stack.trace({ layer: 'tcp', kind: 'socket', packet: p, why: `SYN for listening port ${this.port}: answer with SYN-ACK` });
    this.sendSynAck(child);
  }

  private sendSynAck(req: TcpSock): void {
    const pkt = buildSegment({
      src: req.localIp,
      dst: req.remoteIp,
      sport: req.localPort,
      dport: req.remotePort,
      seq: req.iss,
      ack: req.rcvNxt,
      flags: TCP_SYN | TCP_ACK,
      window: req.rcvWnd,
      options: synOptions(req.advmss, req.tsVal(), req.tsRecent),
      ipId: 0,
      ttl: this.stack.sysctl.global['net.ipv4.ip_default_ttl'],
    });
    sendPacket(this.stack, pkt);
    if (req.timer !== undefined) this.stack.env.cancel(req.timer);
    req.timer = this.stack.env.schedule(NS * 2 ** req.retries, () => {
      req.timer = undefined;
      if (!this.requests.has(req.key)) return;
      if (req.retries >= this.stack.sysctl.global['net.ipv4.tcp_synack_retries']) return this.drop(req, 'no ACK for the SYN-ACK');
      req.retries++;
      this.sendSynAck(req);
    });
  }

  private drop(req: TcpSock, why: string): void {
    if (req.timer !== undefined) this.stack.env.cancel(req.timer);
    this.requests.delete(req.key);
    this.stack.trace({ layer: 'tcp', kind: 'socket', why: `half-open connection from ${formatIp4(req.remoteIp)}:${req.remotePort} dropped: ${why}` });
  }
}

/** Routes and sends a packet a socket (or the stack itself) made. Returns 0 or an errno. */
export function sendPacket(stack: Stack, pkt: Ipv4Packet, boundDev?: SkBuff['boundDev']): number {
  const route = routeOutput(stack, { dst: pkt.dst, src: pkt.src, oif: boundDev, anySrc: true });
  if (!route.ok) {
    stack.trace({ layer: 'ip', kind: 'drop', packet: pkt, why: `no route to ${formatIp4(pkt.dst)}: ${route.reason}` });
    return route.errno;
  }
  return ipLocalOut(stack, makeSkb(pkt, true, { boundDev }), route);
}
