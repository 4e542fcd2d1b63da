import { describe, expect, it } from 'vitest';
import { encodeTcp, tcpHeaderLength } from './tcp';
import type { TcpOption, TcpSegment } from './types';

describe('TCP header length (data offset, RFC 9293 3.1)', () => {
  const segment = (options: TcpOption[]): TcpSegment => ({ kind: 'tcp', sport: 40000, dport: 80, seq: 1, ack: 0, flags: 0x02, window: 64240, options, data: new Uint8Array(0) }) as TcpSegment;
  const lists: TcpOption[][] = [
    [],
    // Linux's SYN: mss, sackOK, timestamp, nop, wscale = 20 bytes of options.
    [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, { kind: 'timestamp', value: 1, echo: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
    [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', value: 5, echo: 4 }],
    // A hand-made list that needs padding to a whole word.
    [{ kind: 'wscale', shift: 3 }],
    [{ kind: 'sack', blocks: [[1, 2], [3, 4]] }],
  ];
  it.each(lists.map((l, i) => [i, l] as const))('list %i: the computed length is the encoded header length', (_, options) => {
    const encoded = encodeTcp(segment(options), 0x0a000001, 0x0a000002);
    expect(tcpHeaderLength(segment(options))).toBe((encoded[12]! >> 4) * 4);
  });
});
