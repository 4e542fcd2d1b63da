import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureShortfall, cutFrames, droppedByKernel, shortfallText } from './capture-room';
import { pcapRecordHeaders } from '../../src/engine/wire/pcap';

/*
 * The recorder's check that a flow's captures held it whole, on what tcpdump 4.99 (libpcap
 * 1.10) really wrote, in two namespaces joined by a veth (fixtures/):
 * - ping-snaplen-64.pcap and ping-whole.pcap: `ping -c 1 -s 200` with its ARP exchange, captured
 *   with `-s 64` and `-s 4000` (the recorder's options otherwise); stderr of the first.
 * - stopped-*-dropped.stderr.txt: tcpdump with `-B 64` (16 slots of 4,000 bytes) held by SIGSTOP
 *   while `ping -i 0 -s 1000` sent 9 (then 200) echoes, then resumed and stopped with SIGINT.
 */

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const cutPcap = fixture('ping-snaplen-64.pcap');
const wholePcap = fixture('ping-whole.pcap');
const quietStderr = fixture('ping-snaplen-64.stderr.txt').toString();
const overflowStderr = fixture('stopped-383-dropped.stderr.txt').toString();

describe("tcpdump's drop count", () => {
  it('reads the frames the kernel dropped, one or many, and none when the ring held them all', () => {
    expect(droppedByKernel(overflowStderr)).toBe(383);
    expect(droppedByKernel(fixture('stopped-1-dropped.stderr.txt').toString())).toBe(1);
    expect(droppedByKernel(quietStderr)).toBe(0);
  });

  it('is none for a tcpdump that said nothing more than that it listened (killed, not stopped)', () => {
    expect(droppedByKernel(quietStderr.split('\n')[0]!)).toBe(0);
  });
});

describe('frames cut at the snapshot length', () => {
  it('counts the echoes (242 bytes on the wire, 64 kept) and not the ARP frames (42 bytes, whole)', () => {
    const records = [...pcapRecordHeaders(cutPcap)];
    expect(records.map((r) => [r.captured, r.onWire])).toEqual([
      [42, 42],
      [42, 42],
      [64, 242],
      [64, 242],
    ]);
    expect(cutFrames(cutPcap)).toBe(2);
  });

  it('finds none in the same exchange captured with room', () => {
    expect([...pcapRecordHeaders(wholePcap)].map((r) => r.captured)).toEqual([42, 42, 242, 242]);
    expect(cutFrames(wholePcap)).toBe(0);
  });

  it('reads the times tcpdump -tt prints', () => {
    expect([...pcapRecordHeaders(wholePcap)].map((r) => r.time.toFixed(6))).toEqual(['1796622526.423537', '1796622526.423565', '1796622526.423571', '1796622526.423584']);
  });

  it('reads a big-endian file as tcpdump on a big-endian machine writes it', () => {
    expect(cutFrames(byteSwapped(cutPcap))).toBe(2);
    expect([...pcapRecordHeaders(byteSwapped(wholePcap))].map((r) => r.time.toFixed(6))[0]).toBe('1796622526.423537');
  });

  it('stops at a record the file ends inside (tcpdump stopped while writing it), which is not a cut frame', () => {
    const stopped = wholePcap.subarray(0, wholePcap.length - 100);
    expect([...pcapRecordHeaders(stopped)]).toHaveLength(3);
    expect(cutFrames(stopped)).toBe(0);
  });

  it('refuses a file that is not a classic pcap', () => {
    expect(() => cutFrames(new Uint8Array(32).fill(7))).toThrow('not a pcap file (magic 0x07070707)');
  });
});

describe('which captures could not hold the flow', () => {
  it('names each capture that overflowed or cut a frame', () => {
    const shortfall = captureShortfall([
      { key: 'router:eth0', stderr: quietStderr, pcap: wholePcap },
      { key: 'router:eth1', stderr: quietStderr, pcap: cutPcap },
      { key: 'pc:eth0', stderr: overflowStderr, pcap: wholePcap },
      { key: 'box/ns1:ceth0', stderr: overflowStderr, pcap: cutPcap },
    ]);
    expect(shortfall).toEqual({ overflowed: ['pc:eth0', 'box/ns1:ceth0'], cut: ['router:eth1', 'box/ns1:ceth0'] });
    expect(shortfallText(shortfall!)).toBe(
      'the kernel dropped frames on pc:eth0, box/ns1:ceth0 (ring full); a frame on router:eth1, box/ns1:ceth0 is longer than the snapshot length',
    );
  });

  it('keeps captures that held every frame whole', () => {
    expect(
      captureShortfall([
        { key: 'router:eth0', stderr: quietStderr, pcap: wholePcap },
        { key: 'pc:eth0', stderr: quietStderr, pcap: wholePcap },
      ]),
    ).toBeUndefined();
  });
});

/** The same file with every header field in the other byte order (the frames' bytes stay). */
function byteSwapped(pcap: Uint8Array): Uint8Array {
  const out = new Uint8Array(pcap);
  const from = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const to = new DataView(out.buffer);
  const swap32 = (o: number) => to.setUint32(o, from.getUint32(o, true), false);
  const swap16 = (o: number) => to.setUint16(o, from.getUint16(o, true), false);
  swap32(0);
  swap16(4);
  swap16(6);
  for (const o of [8, 12, 16, 20]) swap32(o);
  for (const r of pcapRecordHeaders(pcap)) for (const o of [0, 4, 8, 12]) swap32(r.start + o);
  return out;
}
