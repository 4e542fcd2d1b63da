import { TCP_ACK, TCP_RST, TCP_SYN, type Ipv4Packet, type TcpOption, type TcpSegment } from '../wire/types';
import type { Ip4 } from '../addr/ipv4';

/*
 * The segments Linux builds (tcp_output.c, tcp_ipv4.c), with its default options and windows:
 * SYN and SYN-ACK carry mss, sackOK, timestamps and wscale 7; later segments nop,nop,TS.
 */

export const TCP_MSS = 1460;
export const SYN_WINDOW = 64240;
export const SYNACK_WINDOW = 65160;
export const WSCALE = 7;
/** Window field of segments after the handshake: rcv_wnd >> wscale. */
export const ESTABLISHED_WINDOW = 502;

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
  ttl?: number;
}

export function synOptions(tsVal: number, tsEcr: number): TcpOption[] {
  return [
    { kind: 'mss', value: TCP_MSS },
    { kind: 'sackOK' },
    { kind: 'timestamp', value: tsVal >>> 0, echo: tsEcr >>> 0 },
    { kind: 'nop' },
    { kind: 'wscale', shift: WSCALE },
  ];
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
    data: new Uint8Array(0),
  };
  return { kind: 'ipv4', tos: 0, id: s.ipId, df: s.df ?? true, ttl: s.ttl ?? 64, src: s.src, dst: s.dst, payload: tcp };
}

/**
 * tcp_v4_send_reset: answer a segment no socket wants. With an ACK the RST takes its
 * sequence from it; otherwise RST+ACK acknowledging everything the segment occupied.
 */
export function buildReset(p: Ipv4Packet): Ipv4Packet | undefined {
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
  });
}
