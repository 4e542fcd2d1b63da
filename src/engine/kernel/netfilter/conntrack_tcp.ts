import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../wire/types';

/*
 * The TCP connection tracker's state machine (nf_conntrack_proto_tcp.c): the tcp_conntracks
 * tables indexed by direction, packet kind and current state, and the default timeouts.
 */

export type TcpCtState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';
type Next = TcpCtState | 'INVALID' | 'IGNORE';

const STATES: TcpCtState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];
const [sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2] = STATES as [TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState, TcpCtState];
const sIV: Next = 'INVALID';
const sIG: Next = 'IGNORE';

type Kind = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

const ORIGINAL: Record<Kind, Next[]> = {
  /*      sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2 */
  syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
  synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
  fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
  ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
  rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
  none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};
const REPLY: Record<Kind, Next[]> = {
  syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
  synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
  fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
  ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
  rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
  none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};

/** get_conntrack_index. */
export function packetKind(flags: number): Kind {
  if (flags & TCP_RST) return 'rst';
  if (flags & TCP_SYN) return flags & TCP_ACK ? 'synack' : 'syn';
  if (flags & TCP_FIN) return 'fin';
  if (flags & TCP_ACK) return 'ack';
  return 'none';
}

export function tcpNextState(current: TcpCtState, reply: boolean, flags: number): Next {
  const table = reply ? REPLY : ORIGINAL;
  return table[packetKind(flags)][STATES.indexOf(current)]!;
}

/** tcp_new: may this packet open a connection? Only a SYN, or an ACK picked up mid-stream (tcp_loose 1). */
export function tcpNewState(flags: number): Next {
  return ORIGINAL[packetKind(flags)][0]!;
}

/** Default timeouts in seconds (nf_conntrack_tcp_timeout_*). */
export const TCP_TIMEOUTS: Record<TcpCtState, number> = {
  NONE: 0,
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
  SYN_SENT2: 120,
};
