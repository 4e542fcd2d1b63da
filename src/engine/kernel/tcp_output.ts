import { TCP_ACK, TCP_RST, TCP_SYN, type Ipv4Packet, type TcpOption, type TcpSegment } from '../wire/types';
import type { Ip4 } from '../addr/ipv4';

/*
 * The segments Linux builds (tcp_output.c, tcp_ipv4.c), with its default options and windows:
 * a SYN carries mss, sackOK, timestamps and wscale; a SYN-ACK what the SYN offered of them; later
 * segments nop,nop,TS when both sides use timestamps.
 */

/** Window scale Linux offers with the default tcp_rmem (seen on 6.x kernels). */
export const WSCALE = 10;
const TCPOLEN_TSTAMP_ALIGNED = 12;

/** The MSS a route's device allows: MTU less the IP and TCP headers, IP's 64 KiB at most. */
export function advMss(mtu: number): number {
  return Math.min(mtu, 65535) - 40;
}

/** tcp_select_initial_window: the largest multiple of the segment size within 64 KiB. */
export function initialWindow(segment: number): number {
  return 65535 - (65535 % segment);
}
/** The SYN's window: whole segments of our MSS. */
export function synWindow(mss: number): number {
  return initialWindow(mss);
}
/** The SYN-ACK's window (tcp_openreq_init_rwin): whole segments of the MSS, less the timestamp option when both use it. */
export function synAckWindow(mss: number, tstampOk = true): number {
  return initialWindow(mss - (tstampOk ? TCPOLEN_TSTAMP_ALIGNED : 0));
}
/** The window field once scaling applies: rounded up to the scale (tcp_select_window). */
export function scaledWindow(rcvWnd: number): number {
  return Math.ceil(rcvWnd / 2 ** WSCALE);
}

export interface SegmentSpec {
  src: Ip4;
  dst: Ip4;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: TcpOption[];
  ipId: number;
  df?: boolean;
  /** The sender's ip_default_ttl. */
  ttl: number;
  data?: Uint8Array;
}

export function synOptions(mss: number, tsVal: number, tsEcr: number): TcpOption[] {
  return [
    { kind: 'mss', value: mss },
    { kind: 'sackOK' },
    { kind: 'timestamp', value: tsVal >>> 0, echo: tsEcr >>> 0 },
    { kind: 'nop' },
    { kind: 'wscale', shift: WSCALE },
  ];
}

/**
 * A SYN-ACK's options (tcp_synack_options, written by tcp_options_write): MSS, then only what the
 * SYN offered. Timestamps with SACK share their padding ("sackOK,TS"); without timestamps SACK
 * has its own (nop,nop,sackOK); the window scale comes last (recorded: `mss 1460,nop,nop,sackOK,
 * nop,wscale 10` for a SYN without timestamps, `mss 1460` alone for a SYN with only its MSS).
 */
export function synAckOptions(mss: number, tsVal: number, tsEcr: number, ok: { ts: boolean; sack: boolean; wscale: boolean }): TcpOption[] {
  const out: TcpOption[] = [{ kind: 'mss', value: mss }];
  const ts: TcpOption = { kind: 'timestamp', value: tsVal >>> 0, echo: tsEcr >>> 0 };
  if (ok.ts) out.push(...(ok.sack ? [{ kind: 'sackOK' } as TcpOption, ts] : [{ kind: 'nop' } as TcpOption, { kind: 'nop' } as TcpOption, ts]));
  else if (ok.sack) out.push({ kind: 'nop' }, { kind: 'nop' }, { kind: 'sackOK' });
  if (ok.wscale) out.push({ kind: 'nop' }, { kind: 'wscale', shift: WSCALE });
  return out;
}

export function tsOptions(tsVal: number, tsEcr: number): TcpOption[] {
  return [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', value: tsVal >>> 0, echo: tsEcr >>> 0 }];
}

export function buildSegment(s: SegmentSpec): Ipv4Packet {
  const tcp: TcpSegment = {
    kind: 'tcp',
    sport: s.sport,
    dport: s.dport,
    seq: s.seq >>> 0,
    ack: s.ack >>> 0,
    flags: s.flags,
    window: s.window,
    options: s.options,
    data: s.data ?? new Uint8Array(0),
  };
  return { kind: 'ipv4', tos: 0, id: s.ipId, df: s.df ?? true, ttl: s.ttl, src: s.src, dst: s.dst, payload: tcp };
}

/**
 * tcp_v4_send_reset: answer a segment no socket wants. With an ACK the RST takes its
 * sequence from it; otherwise RST+ACK acknowledging everything the segment occupied.
 */
export function buildReset(p: Ipv4Packet, ttl: number): Ipv4Packet | undefined {
  const t = p.payload;
  if (t.kind !== 'tcp' || t.flags & TCP_RST) return undefined;
  const len = t.data.length + (t.flags & TCP_SYN ? 1 : 0) + (t.flags & 1 ? 1 : 0);
  const withAck = !(t.flags & TCP_ACK);
  return buildSegment({
    src: p.dst,
    dst: p.src,
    sport: t.dport,
    dport: t.sport,
    seq: withAck ? 0 : t.ack,
    ack: withAck ? t.seq + len : 0,
    flags: TCP_RST | (withAck ? TCP_ACK : 0),
    window: 0,
    options: [],
    ipId: 0,
    ttl,
  });
}
