import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeArp } from './arp';
import { WireDecodeError } from './bytes';
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { decodeCapturedFrame, decodeFrame, encodeFrame } from './ethernet';
import { LINUX_ICMP_QUOTE_LIMIT } from './icmp';
import { decodeIpv4, encodeIpv4 } from './ipv4';
import { readPcap } from './pcap';
import { encodeTcp, encodeTcpOptions } from './tcp';
import { BROADCAST, EDGE_FRAMES, LINUX_SYN_OPTIONS, PC, ROUTER, SAMPLE_FRAMES, frame, icmpError, ip, ipv4, tcp } from './testing/frames';
import { TCP_SYN, type EthernetFrame, type IcmpMessage, type Ipv4Packet, type TcpSegment, type UdpDatagram } from './types';
import { encodeUdp } from './udp';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));
const kernelFrames = readPcap(readFileSync(new URL('./testing/linux-veth.pcap', import.meta.url)));

describe('frames captured from Linux 6.18 veths', () => {
  it('decode and re-encode to the same bytes, partial checksums and ICMP quotes included', () => {
    expect(kernelFrames).toHaveLength(36);
    for (const record of kernelFrames) expect(hex(encodeFrame(decodeFrame(record.bytes)))).toBe(hex(record.bytes));
  });

  it('an ARP request is 42 bytes on a veth: no padding to 60', () => {
    const request = decodeFrame(kernelFrames[0]!.bytes);
    expect(request).toEqual({
      dst: BROADCAST,
      src: '02:00:00:00:01:01',
      payload: { kind: 'arp', op: 'request', senderMac: '02:00:00:00:01:01', senderIp: ip('10.99.0.1'), targetMac: '00:00:00:00:00:00', targetIp: ip('10.99.0.2') },
    });
    expect(encodeFrame(request)).toHaveLength(42);
  });

  it("a socket's TCP and UDP checksums are partial (pseudo-header sum only); the kernel's RST and ICMP are complete", () => {
    const syn = decodeFrame(kernelFrames[4]!.bytes).payload as Ipv4Packet;
    const rst = decodeFrame(kernelFrames[5]!.bytes).payload as Ipv4Packet;
    const udp = decodeFrame(kernelFrames[6]!.bytes).payload as Ipv4Packet;
    const portUnreachable = decodeFrame(kernelFrames[7]!.bytes).payload as Ipv4Packet;
    expect((syn.payload as TcpSegment).partialChecksum).toBe(true);
    expect((rst.payload as TcpSegment).partialChecksum).toBeUndefined();
    expect((udp.payload as UdpDatagram).partialChecksum).toBe(true);
    const quoted = (portUnreachable.payload as IcmpMessage).original!;
    expect((quoted.payload as UdpDatagram).partialChecksum).toBe(true);
  });

  it('the SYN carries Linux options in the order mss, sackOK, TS, nop, wscale (40-byte header)', () => {
    const syn = (decodeFrame(kernelFrames[4]!.bytes).payload as Ipv4Packet).payload as TcpSegment;
    expect(syn.options.map((o) => o.kind)).toEqual(['mss', 'sackOK', 'timestamp', 'nop', 'wscale']);
    expect(kernelFrames[4]!.bytes).toHaveLength(14 + 20 + 40);
  });
});

describe('encoding', () => {
  it('writes Ethernet II: destination, source, ethertype', () => {
    const bytes = encodeFrame(SAMPLE_FRAMES['ARP request']!);
    expect(hex(bytes.subarray(0, 14))).toBe('ffffffffffff0200000002010806');
    expect(hex(bytes.subarray(14))).toBe('0001080006040001020000000201c0a80103000000000000c0a80101');
  });

  it('writes a 20-byte IPv4 header with total length, DF and a checksum that verifies', () => {
    const packet = SAMPLE_FRAMES['ICMP echo request']!.payload as Ipv4Packet;
    const bytes = encodeIpv4(packet);
    expect(hex(bytes.subarray(0, 20))).toBe('450000541c4640004001' + hex(bytes.subarray(10, 12)) + 'c0a80103323c4601');
    expect(internetChecksum(bytes.subarray(0, 20))).toBe(0);
    expect(internetChecksum(bytes.subarray(20))).toBe(0);
  });

  it('encodes Linux SYN options as 20 bytes: mss, sackOK, TS, nop, wscale', () => {
    const options = LINUX_SYN_OPTIONS.map((o) => (o.kind === 'timestamp' ? { ...o, value: 0x01020304 } : o));
    expect(hex(encodeTcpOptions(options))).toBe('020405b4' + '0402' + '080a0102030400000000' + '01' + '030307');
  });

  it('pads TCP options to a 4-byte multiple with end-of-options zeros', () => {
    expect(hex(encodeTcpOptions([{ kind: 'wscale', shift: 7 }]))).toBe('03030700');
  });

  it('computes TCP and UDP checksums over the pseudo-header, and partial ones on request', () => {
    const segment = tcp(41234, 8080, TCP_SYN, { seq: 123, options: LINUX_SYN_OPTIONS });
    const [src, dst] = [ip('192.168.1.3'), ip('50.60.70.80')];
    const bytes = encodeTcp(segment, src, dst);
    expect(internetChecksum(bytes, pseudoHeaderSum(src, dst, 6, bytes.length))).toBe(0);
    const partial = encodeTcp({ ...segment, partialChecksum: true }, src, dst);
    expect((partial[16]! << 8) | partial[17]!).toBe(pseudoHeaderSum(src, dst, 6, bytes.length));
  });

  it('sends a UDP checksum that computes to zero as 0xffff', () => {
    const [src, dst] = [ip('10.0.0.1'), ip('10.0.0.2')];
    // Find two data bytes that make the checksum come out as zero.
    for (let value = 0; value < 0x10000; value++) {
      const datagram: UdpDatagram = { kind: 'udp', sport: 1, dport: 2, data: Uint8Array.of(value >> 8, value & 255) };
      const bytes = encodeUdp(datagram, src, dst);
      if (bytes[6] === 0xff && bytes[7] === 0xff) {
        expect(internetChecksum(bytes, pseudoHeaderSum(src, dst, 17, bytes.length))).toBe(0);
        return;
      }
    }
    throw new Error('no datagram with a zero checksum found');
  });

  it('quotes an ICMP error original whole up to 548 bytes, as Linux icmp_send does', () => {
    const original = ipv4('192.168.1.3', '10.0.0.9', { kind: 'udp', sport: 1, dport: 2, data: new Uint8Array(1000) });
    const error: IcmpMessage = icmpError(3, 3, original);
    const bytes = encodeIpv4(ipv4('10.0.0.9', '192.168.1.3', error));
    expect(bytes.length).toBe(20 + 8 + LINUX_ICMP_QUOTE_LIMIT);
    expect(hex(bytes.subarray(28))).toBe(hex(encodeIpv4(original).subarray(0, 548)));
    const small = encodeIpv4(ipv4('10.0.0.9', '192.168.1.3', icmpError(3, 3, ipv4('192.168.1.3', '10.0.0.9', tcp(1, 2, TCP_SYN)))));
    expect(small.length).toBe(20 + 8 + 40);
  });

  it('truncates the quote to quotedLength', () => {
    const error = icmpError(3, 3, ipv4('192.168.1.3', '10.0.0.9', tcp(1, 2, TCP_SYN)), { quotedLength: 28 });
    expect(encodeIpv4(ipv4('10.0.0.9', '192.168.1.3', error)).length).toBe(20 + 8 + 28);
  });
});

describe('decoding', () => {
  const canonical = (f: EthernetFrame): EthernetFrame => decodeFrame(encodeFrame(f));

  it.each(Object.entries({ ...SAMPLE_FRAMES, ...EDGE_FRAMES }))('round-trips %s through bytes', (_label, f) => {
    const once = canonical(f);
    expect(hex(encodeFrame(once))).toBe(hex(encodeFrame(f)));
    expect(canonical(once)).toEqual(once);
  });

  it('gives back the model that was encoded, quote length made explicit', () => {
    const f = SAMPLE_FRAMES['ICMP tcp port unreachable']!;
    const payload = f.payload as Ipv4Packet;
    const icmp = payload.payload as IcmpMessage;
    expect(canonical(f)).toEqual({ ...f, payload: { ...payload, payload: { ...icmp, quotedLength: 60 } } });
    expect(canonical(SAMPLE_FRAMES['TCP SYN']!)).toEqual(SAMPLE_FRAMES['TCP SYN']);
  });

  it('reads an 8-byte TCP quote as ports and seq, other fields zero, and re-encodes the quoted bytes', () => {
    const original = ipv4('192.168.1.3', '10.0.0.9', tcp(41234, 80, TCP_SYN, { seq: 99, options: LINUX_SYN_OPTIONS }));
    const f = frame(ROUTER, PC, ipv4('10.0.0.9', '192.168.1.3', icmpError(3, 3, original, { quotedLength: 28 })));
    const bytes = encodeFrame(f);
    const decoded = decodeFrame(bytes);
    const icmp = (decoded.payload as Ipv4Packet).payload as IcmpMessage;
    expect(icmp.quotedLength).toBe(28);
    const quoted = icmp.original!.payload as TcpSegment;
    expect([quoted.sport, quoted.dport, quoted.seq, quoted.ack, quoted.flags, quoted.options]).toEqual([41234, 80, 99, 0, 0, []]);
    // The quoted IP header keeps its stated total length (60): the missing bytes read as zeros.
    expect(encodeIpv4(icmp.original!).length).toBe(60);
    expect(hex(encodeFrame(decoded))).toBe(hex(bytes));
  });

  it('ignores Ethernet padding after ARP and IPv4', () => {
    const padded = new Uint8Array(60);
    padded.set(encodeFrame(SAMPLE_FRAMES['ARP request']!));
    expect(decodeFrame(padded)).toEqual(SAMPLE_FRAMES['ARP request']);
    const udp = encodeFrame(SAMPLE_FRAMES['UDP']!);
    const paddedUdp = new Uint8Array(udp.length + 6);
    paddedUdp.set(udp);
    expect(decodeFrame(paddedUdp)).toEqual(decodeFrame(udp));
  });

  it('stops reading TCP options at end-of-options and keeps unknown kinds byte for byte', () => {
    const segment = (decodeIpv4(encodeIpv4(ipv4('1.1.1.1', '2.2.2.2', tcp(1, 2, 0, { options: [{ kind: 'unknown', type: 30, data: Uint8Array.of(1, 2, 3) }, { kind: 'wscale', shift: 2 }] })))).payload as TcpSegment);
    expect(segment.options).toEqual([{ kind: 'unknown', type: 30, data: Uint8Array.of(1, 2, 3) }, { kind: 'wscale', shift: 2 }]);
  });

  it('throws a WireDecodeError for an ethertype it does not model, naming it', () => {
    const ipv6 = fromHex('020000000401020000000201' + '86dd' + '6000000000003afffe80');
    expect(() => decodeFrame(ipv6)).toThrow(WireDecodeError);
    expect(() => decodeFrame(ipv6)).toThrow('ethertype 0x86dd is not modelled');
  });

  it('keeps what it does not model as an unknown payload that re-encodes as captured', () => {
    const ipv6 = fromHex('020000000401020000000201' + '86dd' + '6000000000003afffe80');
    const captured = decodeCapturedFrame(ipv6);
    expect(captured.payload).toEqual({ kind: 'unknown', ethertype: 0x86dd, bytes: ipv6.slice(14), reason: 'ethertype 0x86dd is not modelled' });
    expect(hex(encodeFrame(captured))).toBe(hex(ipv6));
  });

  it.each([
    ['IP options', '46000018000040000111' + '0000' + '0a0000010a000002' + '01010101', 'IP options are not modelled'],
    ['a fragment', '45000014000020000111' + '0000' + '0a0000010a000002', 'fragments are not modelled'],
    ['another protocol', '450000140000400001fd' + '0000' + '0a0000010a000002', 'protocol 253 is not modelled'],
    ['a cut-off packet', '450000ff000040000111' + '0000' + '0a0000010a000002', 'exceeds the 20 bytes captured'],
  ])('keeps IPv4 with %s raw, saying why', (_what, ipHex, reason) => {
    const captured = decodeCapturedFrame(fromHex('020000000401020000000201' + '0800' + ipHex));
    expect(captured.payload.kind).toBe('unknown');
    expect(captured.payload.kind === 'unknown' && captured.payload.reason).toContain(reason);
  });

  it('rejects ARP for other hardware or protocols', () => {
    const arp = encodeArp(SAMPLE_FRAMES['ARP request']!.payload as never);
    arp[1] = 6; // IEEE 802 hardware type
    expect(() => decodeFrame(Uint8Array.of(...fromHex('ffffffffffff0200000002010806'), ...arp))).toThrow('only Ethernet/IPv4');
  });
});
