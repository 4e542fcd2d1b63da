import type { Ip4 } from '../addr/ipv4';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Ipv4Packet, type TcpSegment } from '../wire/types';
import { Errno } from './errors';
import { ipLocalOut } from './ip_output';
import { flowKeysOf, routeOutput } from './route';
import { CTL_SK, ROOT_SK, skb as makeSkb, type SkBuff, type SkOwner } from './skbuff';
import type { Stack } from './stack';
import { ATO_MIN, clearRto, tcpAckRcv, tcpAckSndCheck, tcpDataRcv, tcpPush, tcpWrite, type TxSegment } from './tcp_data';
import { buildReset, buildSegment, scaledWindow, synOptions, synWindow, tsOptions } from './tcp_output';
import { RttEstimator } from './tcp_rtt';
import { nsecsToJiffies, timerBases, timerSetup, type TimerList } from './timer';

/*
 * TCP sockets (tcp_ipv4.c, tcp_input.c, tcp_timer.c): the handshake with SYN retransmission
 * at the kernel's intervals (1 s doubling), the state machine of the close, resets, and the
 * socket calls tools use: write, shutdown, close and the onData/onEof events. The data path
 * itself is in tcp_data.ts, listeners in tcp_listener.ts.
 */

export type TcpState = 'LISTEN' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT1' | 'FIN_WAIT2' | 'CLOSE_WAIT' | 'LAST_ACK' | 'CLOSING' | 'TIME_WAIT' | 'CLOSED';

const NS = 1_000_000_000;
const TCP_TIMEOUT_INIT = NS;
const TCP_TIMEWAIT_LEN = 60 * NS;
/** TCPOLEN_TSTAMP_ALIGNED: every segment after the handshake carries timestamps. */
const TS_ALIGNED = 12;
const TCP_MIN_SND_MSS = 48;

export interface TcpEvents {
  onConnected?(): void;
  onError?(errno: number): void;
  /** In-order payload, as read() would return it. */
  onData?(data: Uint8Array): void;
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
  /** rcv_nxt when we last sent an ACK. */
  rcvWup = 0;
  tsOffset = 0;
  tsRecent = 0;
  ipId = 0;
  retries = 0;
  /** TIME_WAIT's timer. */
  timer?: number;
  /** icsk_retransmit_timer while the SYN is unanswered (a timer_list: timer.ts). */
  synTimer?: TimerList;
  /** A request sock's SYN-ACK timer, rsk_timer (timer_list, TIMER_PINNED). */
  rskTimer?: TimerList;
  /** icsk_delack_timer (a timer_list: timer.ts). */
  delackTimer?: TimerList;
  /** icsk_retransmit_timer for data (tcp_data.ts). */
  rtoTimer?: TimerList;
  /** Our advertised MSS (from the route's device MTU) and receive window. */
  advmss = 1460;
  rcvWnd = 65535;
  /** What the peer's SYN said: its MSS and window scale; its current window in bytes. */
  peerMss = 536;
  peerWscale = 0;
  sndWnd = 65535;
  /**
   * The options both SYNs carried (tcp_parse_options: saw_tstamp, sack_ok, wscale_ok): what the
   * other side's SYN left out is off for the connection, so later segments carry no timestamp,
   * and an unscaled window when either side offered no scaling.
   */
  tsOk = true;
  sackOk = true;
  wscaleOk = true;
  /** TCP_NODELAY (curl sets it); otherwise Nagle holds small segments. */
  nodelay = false;
  unsent: Uint8Array = new Uint8Array(0);
  rtx: TxSegment[] = [];
  /** End of the last partial segment sent (snd_sml, for Nagle). */
  sndSml = 0;
  finQueued = false;
  finSent = false;
  rtt = new RttEstimator();
  backoff = 0;
  synSentAt = 0;
  /** Delayed-ACK state (inet_connection_sock.icsk_ack). */
  quick = 0;
  pingpong = false;
  ato = 0;
  lrcvtime = 0;
  ackPending = false;
  /** close() was called: nobody will read any more. */
  orphan = false;

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

  /** The payload per segment: the smaller MSS less the timestamp option. */
  sendMss(): number {
    // tcp_sync_mss never goes below TCP_MIN_SND_MSS (48): a tiny MTU cannot make empty segments.
    return Math.max(TCP_MIN_SND_MSS, Math.min(this.peerMss, this.advmss) - (this.tsOk ? TS_ALIGNED : 0));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.stack.env.cancel(this.timer);
    this.timer = undefined;
    const timers = timerBases(this.stack.env);
    if (this.synTimer) timers.timerDelete(this.synTimer);
    if (this.rskTimer) timers.timerDelete(this.rskTimer);
    this.synTimer = this.rskTimer = undefined;
  }

  setState(state: TcpState): void {
    this.state = state;
  }

  /** Sends one segment from this socket through the output path; an ACK also settles a pending one. */
  send(flags: number, seq: number, options = this.tsOk ? tsOptions(this.tsVal(), this.tsRecent) : [], window = this.wscaleOk ? scaledWindow(this.rcvWnd) : Math.min(this.rcvWnd, 65535), ipId?: number, data?: Uint8Array): number {
    const pkt = buildSegment({ src: this.localIp, dst: this.remoteIp, sport: this.localPort, dport: this.remotePort, seq, ack: flags & TCP_ACK ? this.rcvNxt : 0, flags, window, options, ipId: ipId ?? this.nextIpId(), ttl: this.stack.defaultTtl, data });
    if (flags & TCP_ACK) this.ackSent();
    // sock_orphan cleared sk->sk_socket at close(): what the socket sends after that has no owner.
    return sendPacket(this.stack, pkt, this.orphan ? undefined : ROOT_SK);
  }

  /** tcp_event_ack_sent: the pending ACK went out (on its own or on data). */
  private ackSent(): void {
    if (this.ackPending && this.quick > 0) this.quick--;
    this.ackPending = false;
    this.rcvWup = this.rcvNxt;
    if (this.delackTimer) timerBases(this.stack.env).timerDelete(this.delackTimer);
    this.delackTimer = undefined;
  }

  sendAck(): void {
    this.send(TCP_ACK, this.sndNxt);
  }

  private nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  /** The options of the peer's SYN or SYN-ACK. */
  learnSynOptions(t: TcpSegment): void {
    const ts = t.options.find((o) => o.kind === 'timestamp');
    if (ts) this.tsRecent = ts.value;
    const mss = t.options.find((o) => o.kind === 'mss');
    this.peerMss = mss?.value ?? 536;
    const ws = t.options.find((o) => o.kind === 'wscale');
    this.peerWscale = ws ? Math.min(ws.shift, 14) : 0;
    this.tsOk = ts !== undefined;
    this.sackOk = t.options.some((o) => o.kind === 'sackOK');
    this.wscaleOk = ws !== undefined;
    this.sndWnd = t.window;
  }

  /** Both sides of the handshake end here. */
  established(t: TcpSegment): void {
    this.state = 'ESTABLISHED';
    this.sndUna = t.ack;
    this.rcvWup = this.rcvNxt;
    this.lrcvtime = this.stack.env.now();
    const ts = t.options.find((o) => o.kind === 'timestamp');
    if (ts) this.tsRecent = ts.value;
    if (!(t.flags & TCP_SYN)) this.sndWnd = t.window * 2 ** this.peerWscale;
  }

  /** connect(): SYN now, then retransmissions 1, 2, 4, ... s apart. */
  connect(): void {
    this.state = 'SYN_SENT';
    this.sndUna = this.iss;
    this.sndNxt = (this.iss + 1) >>> 0;
    // tcp_connect_init: snd_sml starts at the ISN, so Nagle lets the first small write go.
    this.sndSml = this.iss;
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
    this.synSentAt = this.stack.env.now();
    const err = this.send(TCP_SYN, this.iss, synOptions(this.advmss, this.tsVal(), 0), this.rcvWnd);
    this.clearTimer();
    // inet_csk_reset_xmit_timer: the retransmit timer is in the timer wheel (not pinned).
    const timers = timerBases(this.stack.env);
    this.synTimer = timerSetup(() => {
      this.synTimer = undefined;
      if (this.state !== 'SYN_SENT') return;
      if (this.retries >= this.stack.sysctl.global['net.ipv4.tcp_syn_retries']) return this.abort(Errno.ETIMEDOUT);
      this.retries++;
      this.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_syn_retransmit', retries: this.retries } });
      this.sendSyn();
    });
    timers.modTimer(this.synTimer, timers.jiffies + nsecsToJiffies(TCP_TIMEOUT_INIT * 2 ** this.retries));
    return err;
  }

  abort(errno: number): void {
    this.clearTimer();
    clearRto(this);
    this.state = 'CLOSED';
    this.stack.sockets.unhash(this);
    this.events.onError?.(errno);
  }

  /** write(): bytes go out as the window, Nagle and the congestion window allow. */
  write(data: Uint8Array): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE_WAIT') return;
    tcpWrite(this, data);
  }

  /** shutdown(SHUT_WR): a FIN after whatever is still queued. */
  shutdown(): void {
    if (this.state === 'ESTABLISHED' || this.state === 'CLOSE_WAIT') {
      this.state = this.state === 'ESTABLISHED' ? 'FIN_WAIT1' : 'LAST_ACK';
      this.finQueued = true;
      tcpPush(this);
    }
  }

  /** close(): shutdown for an open connection; a socket still connecting just goes away. */
  close(): void {
    if (this.state === 'SYN_SENT' || this.state === 'CLOSED') {
      this.clearTimer();
      this.state = 'CLOSED';
      this.stack.sockets.unhash(this);
      return;
    }
    // __tcp_close sends the FIN (tcp_send_fin) before sock_orphan: it still has its owner.
    this.shutdown();
    this.orphan = true;
  }

  /** tcp_rcv_state_process for a segment addressed to this socket. */
  receive(skb: SkBuff, t: TcpSegment): void {
    if (t.flags & TCP_RST) return this.onReset(t);
    if (this.state === 'SYN_SENT') return this.synSentRcv(skb, t);
    const ts = t.options.find((o) => o.kind === 'timestamp');
    if (ts) this.tsRecent = ts.value;
    if (t.flags & TCP_SYN) {
      // A retransmitted SYN-ACK or SYN on an open connection: answer with a plain ACK.
      this.sendAck();
      return;
    }
    if (t.flags & TCP_ACK) tcpAckRcv(this, t);
    if (this.state === 'CLOSED') return;
    if (t.flags & TCP_ACK && t.ack === this.sndNxt && this.finSent) {
      if (this.state === 'FIN_WAIT1') this.state = 'FIN_WAIT2';
      else if (this.state === 'CLOSING') this.enterTimeWait();
      else if (this.state === 'LAST_ACK') return this.finish();
    }
    if (this.orphan && t.data.length > 0 && ((t.seq + t.data.length - this.rcvNxt) | 0) > 0) return this.resetOrphan();
    const receiving = this.state === 'ESTABLISHED' || this.state === 'FIN_WAIT1' || this.state === 'FIN_WAIT2';
    if (receiving && !tcpDataRcv(this, t)) return;
    if (t.flags & TCP_FIN && ((t.seq + t.data.length) >>> 0) === this.rcvNxt) this.finRcv();
    tcpAckSndCheck(this);
  }

  private synSentRcv(skb: SkBuff, t: TcpSegment): void {
    if (t.flags & TCP_ACK && t.ack !== this.sndNxt) {
      sendPacket(this.stack, buildReset(skb.pkt, this.stack.defaultTtl)!, CTL_SK);
      return;
    }
    if (!(t.flags & TCP_SYN && t.flags & TCP_ACK)) return;
    this.clearTimer();
    this.rcvNxt = (t.seq + 1) >>> 0;
    this.learnSynOptions(t);
    if (this.retries === 0) this.rtt.sample((this.stack.env.now() - this.synSentAt) / 1000, t.ack, this.sndNxt);
    this.retries = 0;
    this.established(t);
    this.sendAck();
    this.stack.trace({ layer: 'tcp', kind: 'socket', packet: skb.pkt, reason: { code: 'tcp_connected', peer: { addr: this.remoteIp, port: this.remotePort } } });
    this.events.onConnected?.();
  }

  /** New data for a closed socket: RST (seq snd_nxt, no ACK) and the connection is gone (tcp_reset). */
  private resetOrphan(): void {
    this.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_data_after_close', peer: { addr: this.remoteIp, port: this.remotePort } } });
    this.send(TCP_RST, this.sndNxt, [], 0);
    this.clearTimer();
    clearRto(this);
    if (this.delackTimer) timerBases(this.stack.env).timerDelete(this.delackTimer);
    this.state = 'CLOSED';
    this.stack.sockets.unhash(this);
  }

  /** tcp_fin: the peer's FIN, in sequence. */
  private finRcv(): void {
    this.rcvNxt = (this.rcvNxt + 1) >>> 0;
    if (this.state === 'ESTABLISHED') {
      this.state = 'CLOSE_WAIT';
      // Pingpong mode: the ACK waits briefly so it can ride on the application's FIN.
      this.pingpong = true;
      this.ato = Math.max(this.ato, ATO_MIN);
      this.ackPending = true;
      this.events.onEof?.();
    } else if (this.state === 'FIN_WAIT2') {
      this.sendAck();
      this.enterTimeWait();
      // After shutdown(SHUT_WR) the process still reads: read() now returns 0 (not for a closed socket).
      if (!this.orphan) this.events.onEof?.();
    } else if (this.state === 'FIN_WAIT1') {
      this.state = 'CLOSING';
      this.sendAck();
      if (!this.orphan) this.events.onEof?.();
    }
  }

  private onReset(t: TcpSegment): void {
    if (this.state === 'SYN_SENT') {
      if (!(t.flags & TCP_ACK) || t.ack !== this.sndNxt) return;
      this.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_refused', peer: { addr: this.remoteIp, port: this.remotePort } } });
      return this.abort(Errno.ECONNREFUSED);
    }
    if (this.state === 'TIME_WAIT') return this.finish();
    this.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_reset', peer: { addr: this.remoteIp, port: this.remotePort } } });
    this.abort(this.state === 'SYN_RECV' ? Errno.ECONNREFUSED : Errno.ECONNRESET);
  }

  private enterTimeWait(): void {
    this.state = 'TIME_WAIT';
    this.clearTimer();
    clearRto(this);
    this.timer = this.stack.env.schedule(TCP_TIMEWAIT_LEN, () => this.finish());
  }

  private finish(): void {
    this.clearTimer();
    clearRto(this);
    if (this.delackTimer) timerBases(this.stack.env).timerDelete(this.delackTimer);
    this.state = 'CLOSED';
    this.stack.sockets.unhash(this);
    this.events.onClosed?.();
  }
}

export function connKey(lip: Ip4, lport: number, rip: Ip4, rport: number): string {
  return `${lip}:${lport}-${rip}:${rport}`;
}

/** Routes and sends a packet a socket (or the stack itself, through its control socket) made. Returns 0 or an errno. */
export function sendPacket(stack: Stack, pkt: Ipv4Packet, sk: SkOwner | undefined, boundDev?: SkBuff['boundDev']): number {
  const route = routeOutput(stack, { dst: pkt.dst, src: pkt.src, oif: boundDev, anySrc: true, keys: flowKeysOf(pkt) });
  if (!route.ok) {
    stack.trace({ layer: 'ip', kind: 'drop', packet: pkt, reason: { code: 'no_route', dst: pkt.dst, route: route.reason } });
    return route.errno;
  }
  return ipLocalOut(stack, makeSkb(pkt, true, { boundDev, sk }), route);
}

