import { TCP_ACK, TCP_FIN, TCP_PSH, type TcpSegment } from '../wire/types';
import { Errno } from './errors';
import type { TcpSock } from './tcp';
import { TCP_RTO_MAX_US } from './tcp_rtt';
import { nsecsToJiffies, timerBases, timerSetup } from './timer';

/*
 * The data path of an established connection (tcp_output.c, tcp_input.c, tcp_timer.c):
 * segmenting writes at the MSS with Nagle (Minshall's variant) unless TCP_NODELAY, the
 * retransmission queue and its RTO timer, ACK processing with RTT samples, and the receive
 * side's ACK policy: quickack at the start of a connection, delayed ACKs (40 ms) once the
 * connection is interactive ("pingpong": we answered within ato of the last data received).
 */

const MS = 1_000_000;
/** TCP_ATO_MIN and TCP_DELACK_MIN: the shortest delayed-ACK timeout. */
export const ATO_MIN = 40 * MS;
/** TCP_MAX_QUICKACKS: segments acknowledged at once after the first data. */
const MAX_QUICKACKS = 16;
/** Initial congestion window (TCP_INIT_CWND), in segments. */
const INIT_CWND = 10;
/** tcp_retries2: data retransmissions before the connection is given up. */
const RETRIES2 = 15;

export interface TxSegment {
  seq: number;
  data: Uint8Array;
  fin: boolean;
  psh: boolean;
  sentAt: number;
  retransmitted: boolean;
}

const after = (a: number, b: number) => ((a - b) | 0) > 0;
const segEnd = (s: TxSegment) => (s.seq + s.data.length + (s.fin ? 1 : 0)) >>> 0;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** write(): queue the bytes and send what the window, cwnd and Nagle allow. */
export function tcpWrite(sock: TcpSock, data: Uint8Array): void {
  sock.unsent = concat(sock.unsent, data);
  tcpPush(sock);
}

/** tcp_write_xmit: send queued data (and a queued FIN) as far as the rules allow. */
export function tcpPush(sock: TcpSock): void {
  const mss = sock.sendMss();
  while (sock.unsent.length > 0 || (sock.finQueued && !sock.finSent)) {
    const len = Math.min(mss, sock.unsent.length);
    const last = len === sock.unsent.length;
    const fin = sock.finQueued && last;
    if (len > 0) {
      if (after((sock.sndNxt + len) >>> 0, (sock.sndUna + sock.sndWnd) >>> 0)) break;
      if (sock.rtx.length >= INIT_CWND) break;
      // Nagle: a partial segment waits while an earlier small one is unacknowledged; a FIN passes.
      if (len < mss && !sock.nodelay && !fin && after(sock.sndSml, sock.sndUna)) break;
    }
    const seg: TxSegment = { seq: sock.sndNxt, data: sock.unsent.slice(0, len), fin, psh: len > 0 && last, sentAt: sock.stack.env.now(), retransmitted: false };
    sock.unsent = sock.unsent.slice(len);
    if (len > 0 && len < mss) sock.sndSml = (sock.sndNxt + len) >>> 0;
    if (fin) sock.finSent = true;
    sock.sndNxt = segEnd(seg);
    sock.rtx.push(seg);
    transmit(sock, seg);
    if (len > 0) dataSent(sock);
    if (sock.rtoTimer === undefined) armRto(sock);
  }
}

function transmit(sock: TcpSock, seg: TxSegment): void {
  const flags = TCP_ACK | (seg.psh ? TCP_PSH : 0) | (seg.fin ? TCP_FIN : 0);
  sock.send(flags, seg.seq, undefined, undefined, undefined, seg.data);
}

/** tcp_event_data_sent: answering within ato of the last data received makes the connection interactive. */
function dataSent(sock: TcpSock): void {
  if (sock.ato > 0 && sock.stack.env.now() - sock.lrcvtime < sock.ato) sock.pingpong = true;
}

/** inet_csk_reset_xmit_timer: icsk_rto (whole jiffies) backed off, on the timer wheel (timer.ts). */
function armRto(sock: TcpSock): void {
  const timers = timerBases(sock.stack.env);
  if (sock.rtoTimer) timers.timerDelete(sock.rtoTimer);
  sock.rtoTimer = timerSetup(() => {
    sock.rtoTimer = undefined;
    rtoExpired(sock);
  });
  const when = Math.min(nsecsToJiffies(sock.rtt.rto * 1000) * 2 ** sock.backoff, nsecsToJiffies(TCP_RTO_MAX_US * 1000));
  timers.modTimer(sock.rtoTimer, timers.jiffies + when);
}

export function clearRto(sock: TcpSock): void {
  if (sock.rtoTimer) timerBases(sock.stack.env).timerDelete(sock.rtoTimer);
  sock.rtoTimer = undefined;
}

/** tcp_retransmit_timer: resend the oldest unacknowledged segment and back off. */
function rtoExpired(sock: TcpSock): void {
  const head = sock.rtx[0];
  if (!head || sock.state === 'CLOSED') return;
  if (sock.backoff >= RETRIES2) return sock.abort(Errno.ETIMEDOUT);
  sock.backoff++;
  for (const s of sock.rtx) s.retransmitted = true;
  sock.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_retransmit', backoff: sock.backoff, seq: head.seq } });
  transmit(sock, head);
  armRto(sock);
}

/** tcp_ack: drop what the peer acknowledged, take an RTT sample, restart or stop the timer. */
export function tcpAckRcv(sock: TcpSock, t: TcpSegment): void {
  if (after(t.ack, sock.sndNxt)) return;
  sock.sndWnd = t.window * 2 ** sock.peerWscale;
  if (!after(t.ack, sock.sndUna)) return;
  let firstAckt: number | undefined;
  while (sock.rtx.length && !after(segEnd(sock.rtx[0]!), t.ack)) {
    const s = sock.rtx.shift()!;
    if (!s.retransmitted && firstAckt === undefined) firstAckt = s.sentAt;
  }
  sock.sndUna = t.ack;
  if (firstAckt !== undefined) sock.rtt.sample((sock.stack.env.now() - firstAckt) / 1000, sock.sndUna, sock.sndNxt);
  const recovering = sock.backoff > 0;
  sock.backoff = 0;
  clearRto(sock);
  // After a timeout the rest of the flight is presumed lost too: send it again now.
  if (recovering) for (const s of sock.rtx) transmit(sock, s);
  if (sock.rtx.length) armRto(sock);
  tcpPush(sock);
}

/** In-order payload: deliver it, then acknowledge now or later (tcp_event_data_recv, __tcp_ack_snd_check). */
export function tcpDataRcv(sock: TcpSock, t: TcpSegment): boolean {
  const len = t.data.length;
  if (len === 0) return true;
  if (t.seq !== sock.rcvNxt) {
    // Old or out-of-order data: an immediate duplicate ACK (no out-of-order queue here).
    sock.sendAck();
    return false;
  }
  sock.rcvNxt = (sock.rcvNxt + len) >>> 0;
  const now = sock.stack.env.now();
  if (sock.ato === 0) {
    sock.quick = Math.min(Math.max(Math.floor(sock.rcvWnd / (2 * sock.sendMss())), 2), MAX_QUICKACKS);
    sock.ato = ATO_MIN;
  }
  sock.lrcvtime = now;
  sock.ackPending = true;
  sock.events.onData?.(t.data);
  return true;
}

/** Decides how the pending ACK goes out once the segment (data and FIN) is processed. */
export function tcpAckSndCheck(sock: TcpSock): void {
  if (!sock.ackPending) return;
  const moreThanOneFrame = ((sock.rcvNxt - sock.rcvWup) >>> 0) > sock.sendMss();
  if (moreThanOneFrame || (sock.quick > 0 && !sock.pingpong)) return sock.sendAck();
  if (sock.delackTimer !== undefined) return;
  // tcp_send_delayed_ack: ato in whole jiffies, on the timer wheel (timer.ts).
  const timers = timerBases(sock.stack.env);
  sock.delackTimer = timerSetup(() => {
    sock.delackTimer = undefined;
    if (!sock.ackPending || sock.state === 'CLOSED') return;
    // A missed delayed ACK ends interactive mode (tcp_delack_timer_handler).
    if (sock.pingpong) {
      sock.pingpong = false;
      sock.ato = ATO_MIN;
    } else sock.ato = Math.min(sock.ato * 2, sock.rtt.rto * 1000);
    sock.sendAck();
  });
  timers.modTimer(sock.delackTimer, timers.jiffies + nsecsToJiffies(Math.max(sock.ato, ATO_MIN)));
}
