import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { formatTcpdump } from './tcpdump';
import type { EthernetFrame } from './types';
import { decodeVxlan, encodeVxlan } from './vxlan';

/* VXLAN on the wire (RFC 7348) and as tcpdump 4.99 prints it: port 4789 as VXLAN, 8472 as OTV. */

const ip = (t: string) => parseIp4(t)!;
const inner: EthernetFrame = {
  src: '02:00:00:00:0a:01',
  dst: '02:00:00:00:0a:02',
  payload: { kind: 'ipv4', tos: 0, id: 1, df: true, ttl: 64, src: ip('10.9.0.1'), dst: ip('10.9.0.2'), payload: { kind: 'icmp', type: 8, code: 0, id: 7, seq: 1, data: new Uint8Array(56) } },
};
const outer = (dport: number, vni: number): EthernetFrame => ({
  src: '02:00:00:00:01:01',
  dst: '02:00:00:00:02:01',
  payload: { kind: 'ipv4', tos: 0, id: 2, df: false, ttl: 64, src: ip('192.168.1.1'), dst: ip('192.168.2.2'), payload: { kind: 'udp', sport: 38270, dport, data: encodeVxlan(vni, inner) } },
});

describe('VXLAN header', () => {
  it('flags 0x08, the VNI in bytes 4-6, then the inner frame', () => {
    const data = encodeVxlan(42, inner);
    expect([...data.subarray(0, 8)]).toEqual([0x08, 0, 0, 0, 0, 0, 42, 0]);
    expect(decodeVxlan(data)).toMatchObject({ flags: 0x08, vni: 42, inner: { src: inner.src, dst: inner.dst, payload: { kind: 'ipv4' } } });
  });
});

describe('tcpdump 4.99 (print-vxlan.c, print-otv.c)', () => {
  it('4789: "VXLAN, flags [I] (0x08), vni N", then the inner frame on the next line (its link header with -e)', () => {
    expect(formatTcpdump(outer(4789, 42), { link: false })).toBe(
      'IP 192.168.1.1.38270 > 192.168.2.2.4789: VXLAN, flags [I] (0x08), vni 42\nIP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 7, seq 1, length 64',
    );
    expect(formatTcpdump(outer(4789, 42))).toBe(
      '02:00:00:00:01:01 > 02:00:00:00:02:01, ethertype IPv4 (0x0800), length 148: 192.168.1.1.38270 > 192.168.2.2.4789: VXLAN, flags [I] (0x08), vni 42\n' +
        '02:00:00:00:0a:01 > 02:00:00:00:0a:02, ethertype IPv4 (0x0800), length 98: 10.9.0.1 > 10.9.0.2: ICMP echo request, id 7, seq 1, length 64',
    );
  });

  it("8472 (Linux's default VXLAN port) is OTV's: the VNI shows as the instance", () => {
    expect(formatTcpdump(outer(8472, 1), { link: false })).toBe(
      'IP 192.168.1.1.38270 > 192.168.2.2.8472: OTV, flags [I] (0x08), overlay 0, instance 1\nIP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 7, seq 1, length 64',
    );
  });
});
