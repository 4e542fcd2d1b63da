import { describe, expect, it } from 'vitest';
import { tcpNextState, tcpStateActive } from './ip_vs_proto_tcp';

/* ip_vs_proto_tcp.c's tcp_states table and tcp_state_active_table. */

const f = (flags: string) => ({ syn: flags.includes('S'), fin: flags.includes('F'), ack: flags.includes('A'), rst: flags.includes('R') });

describe('IPVS TCP states (ip_vs_proto_tcp.c)', () => {
  it('NAT, replies seen: SYN → SYN_RECV, the SYN-ACK out → SYN_RECV, the ACK in → ESTABLISHED', () => {
    expect(tcpNextState('NONE', 'input', f('S'))).toBe('SYN_RECV');
    expect(tcpNextState('SYN_RECV', 'output', f('SA'))).toBe('SYN_RECV');
    expect(tcpNextState('SYN_RECV', 'input', f('A'))).toBe('ESTABLISHED');
  });

  it('closing: the client FIN → CLOSE_WAIT, the server FIN out → TIME_WAIT; RST wins over the other flags', () => {
    expect(tcpNextState('ESTABLISHED', 'input', f('FA'))).toBe('CLOSE_WAIT');
    expect(tcpNextState('CLOSE_WAIT', 'output', f('FA'))).toBe('TIME_WAIT');
    expect(tcpNextState('ESTABLISHED', 'input', f('RA'))).toBe('CLOSE');
  });

  it('DR (input only): the client FIN in ESTABLISHED is FIN_WAIT, as no reply is ever seen', () => {
    expect(tcpNextState('ESTABLISHED', 'input-only', f('FA'))).toBe('FIN_WAIT');
    expect(tcpNextState('NONE', 'input-only', f('A'))).toBe('ESTABLISHED');
  });

  it('a segment without SYN, FIN, ACK or RST closes; the handshake and ESTABLISHED states count as active', () => {
    expect(tcpNextState('ESTABLISHED', 'input', f(''))).toBe('CLOSE');
    expect(['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'SYNACK'].every((s) => tcpStateActive(s as never))).toBe(true);
    expect(['NONE', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN'].some((s) => tcpStateActive(s as never))).toBe(false);
  });
});
