/*
 * ip_vs_proto_tcp.c: IPVS's own TCP state machine for its connections (not conntrack's), its
 * per-state timeouts, and the table it moves by: the packet's direction (INPUT from the client,
 * OUTPUT the real server's reply through the director, INPUT_ONLY when replies never pass it, as
 * in DR and TUN) and its flag (rst before syn before fin before ack).
 */

export const IP_VS_TCP_S = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'] as const;
export type IpVsTcpState = (typeof IP_VS_TCP_S)[number];

const [, sES, sSS, sSR, sFW, sTW, sCL, sCW, sLA, sLI, sSA] = IP_VS_TCP_S.map((_, i) => i) as [number, number, number, number, number, number, number, number, number, number, number];

/** tcp_timeouts, seconds. */
export const IP_VS_TCP_TIMEOUTS: Record<IpVsTcpState, number> = {
  NONE: 2, ESTABLISHED: 15 * 60, SYN_SENT: 2 * 60, SYN_RECV: 60, FIN_WAIT: 2 * 60, TIME_WAIT: 2 * 60,
  CLOSE: 10, CLOSE_WAIT: 60, LAST_ACK: 30, LISTEN: 2 * 60, SYNACK: 120,
};

export type IpVsDir = 'input' | 'output' | 'input-only';

/* tcp_states: [direction + flag][current state]. */
const TCP_STATES: Record<IpVsDir, number[][]> = {
  input: [
    /*syn*/ [sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR],
    /*fin*/ [sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW],
    /*ack*/ [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES],
    /*rst*/ [sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR],
  ],
  output: [
    /*syn*/ [sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR],
    /*fin*/ [sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW],
    /*ack*/ [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES],
    /*rst*/ [sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL],
  ],
  'input-only': [
    /*syn*/ [sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR],
    /*fin*/ [sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW],
    /*ack*/ [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES],
    /*rst*/ [sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL],
  ],
};

export interface TcpFlags {
  syn: boolean;
  fin: boolean;
  ack: boolean;
  rst: boolean;
}

/** tcp_state_idx: rst, then syn, then fin, then ack; a segment with none leaves the state CLOSE. */
function stateIdx(f: TcpFlags): number {
  if (f.rst) return 3;
  if (f.syn) return 0;
  if (f.fin) return 1;
  if (f.ack) return 2;
  return -1;
}

/** The next state set_tcp_state moves to. */
export function tcpNextState(state: IpVsTcpState, dir: IpVsDir, flags: TcpFlags): IpVsTcpState {
  const idx = stateIdx(flags);
  if (idx < 0) return 'CLOSE';
  return IP_VS_TCP_S[TCP_STATES[dir][idx]![IP_VS_TCP_S.indexOf(state)]!]!;
}

/** tcp_state_active_table: the states counted in ActiveConn (the handshake's and ESTABLISHED). */
export const tcpStateActive = (s: IpVsTcpState) => s === 'ESTABLISHED' || s === 'SYN_SENT' || s === 'SYN_RECV' || s === 'SYNACK';
