import type { Ip4 } from '../addr/ipv4';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from '../wire/types';
import { CTL_SK, REQUEST_SK, ROOT_SK, type SkBuff } from './skbuff';
import type { Stack } from './stack';
import { connKey, sendPacket, TcpSock } from './tcp';
import { buildReset, buildSegment, synAckOptions, synAckWindow } from './tcp_output';
import { nsecsToJiffies, TIMER_PINNED, timerBases, timerSetup } from './timer';

/*
 * A listening socket and its request socks (tcp_conn_request, tcp_check_req): SYN-ACK at
 * once, retransmitted 1, 2, 4 ... s while unanswered; the ACK completes the handshake and the
 * child socket is queued for accept().
 */

const NS = 1_000_000_000;

export class TcpListener {
  readonly requests = new Map<string, TcpSock>();
  constructor(
    readonly stack: Stack,
    readonly ip: Ip4,
    readonly port: number,
    readonly onAccept: (sock: TcpSock) => void,
  ) {}

  receive(skb: SkBuff, t: TcpSegment): void {
    const p = skb.pkt;
    const key = connKey(p.dst, t.dport, p.src, t.sport);
    const req = this.requests.get(key);
    if (t.flags & TCP_RST) {
      if (req) this.drop(req, 'reset');
      return;
    }
    if (req) {
      if (t.flags & TCP_SYN && !(t.flags & TCP_ACK)) {
        this.sendSynAck(req);
        return;
      }
      if (t.flags & TCP_ACK && t.ack === req.sndNxt) {
        if (req.rskTimer) timerBases(this.stack.env).timerDelete(req.rskTimer);
        req.rskTimer = undefined;
        this.requests.delete(key);
        // tcp_synack_rtt_meas: the first RTT sample, unless the SYN-ACK was retransmitted.
        if (req.retries === 0) req.rtt.sample((this.stack.env.now() - req.synSentAt) / 1000, t.ack, req.sndNxt);
        req.retries = 0;
        req.established(t);
        this.stack.sockets.hash(req);
        this.stack.trace({ layer: 'tcp', kind: 'socket', packet: p, reason: { code: 'tcp_accept_queued', peer: { addr: req.remoteIp, port: req.remotePort }, port: this.port } });
        this.onAccept(req);
        // The handshake's ACK may already carry data or a FIN.
        if (t.data.length || t.flags & 1) req.receive(skb, t);
        return;
      }
      sendPacket(this.stack, buildReset(p, this.stack.defaultTtl)!, CTL_SK);
      return;
    }
    if (t.flags & TCP_ACK) {
      sendPacket(this.stack, buildReset(p, this.stack.defaultTtl)!, CTL_SK);
      return;
    }
    if (!(t.flags & TCP_SYN)) return;
    const child = new TcpSock(this.stack, p.dst, t.dport, p.src, t.sport);
    child.state = 'SYN_RECV';
    child.iss = this.stack.sockets.randomIsn();
    child.tsOffset = this.stack.sockets.randomU32();
    child.sndNxt = (child.iss + 1) >>> 0;
    child.sndUna = child.iss;
    // tcp_create_openreq_child: snd_sml = snd_una (Nagle holds nothing back at first).
    child.sndSml = child.iss;
    child.rcvNxt = (t.seq + 1) >>> 0;
    child.ipId = this.stack.sockets.randomU32() & 0xffff;
    child.learnSynOptions(t);
    child.advmss = this.stack.sockets.advmssToward(p.src);
    // tcp_openreq_init_rwin: whole segments of our own advmss, whatever MSS the peer announced
    // (recorded: a SYN clamped to MSS 1000 still gets the window of 1360-byte segments).
    child.rcvWnd = synAckWindow(child.advmss, child.tsOk);
    this.requests.set(key, child);
    this.stack.trace({ layer: 'tcp', kind: 'socket', packet: p, reason: { code: 'tcp_syn_recv', port: this.port } });
    this.sendSynAck(child);
  }

  private sendSynAck(req: TcpSock): void {
    req.synSentAt = this.stack.env.now();
    const pkt = buildSegment({
      src: req.localIp,
      dst: req.remoteIp,
      sport: req.localPort,
      dport: req.remotePort,
      seq: req.iss,
      ack: req.rcvNxt,
      flags: TCP_SYN | TCP_ACK,
      window: req.rcvWnd,
      options: synAckOptions(req.advmss, req.tsVal(), req.tsRecent, { ts: req.tsOk, sack: req.sackOk, wscale: req.wscaleOk }),
      ipId: 0,
      ttl: this.stack.defaultTtl,
    });
    // tcp_make_synack: the request sock, whose full socket (skb_to_full_sk) is the listener.
    sendPacket(this.stack, pkt, REQUEST_SK);
    // reqsk_queue_hash_req / reqsk_timer_handler: rsk_timer is a pinned timer_list, in the wheel.
    const timers = timerBases(this.stack.env);
    if (req.rskTimer) timers.timerDelete(req.rskTimer);
    req.rskTimer = timerSetup(() => {
      req.rskTimer = undefined;
      if (!this.requests.has(req.key)) return;
      if (req.retries >= this.stack.sysctl.global['net.ipv4.tcp_synack_retries']) return this.drop(req, 'synack_timeout');
      req.retries++;
      this.sendSynAck(req);
    }, TIMER_PINNED);
    timers.modTimer(req.rskTimer, timers.jiffies + nsecsToJiffies(NS * 2 ** req.retries));
  }

  private drop(req: TcpSock, cause: 'reset' | 'synack_timeout'): void {
    if (req.rskTimer) timerBases(this.stack.env).timerDelete(req.rskTimer);
    req.rskTimer = undefined;
    this.requests.delete(req.key);
    this.stack.trace({ layer: 'tcp', kind: 'socket', reason: { code: 'tcp_req_dropped', peer: { addr: req.remoteIp, port: req.remotePort }, cause } });
  }
}
