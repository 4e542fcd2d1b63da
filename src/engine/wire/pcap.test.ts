import { describe, expect, it } from 'vitest';
import { viewOf } from './bytes';
import { encodeFrame } from './ethernet';
import { readPcap, readPcapFile, writePcap } from './pcap';
import { readPcapng, writePcapng } from './pcapng';
import { runOnFile, toolAvailable, unexpectedStderr } from './testing/real-tools';
import { SAMPLE_FRAMES } from './testing/frames';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const frames = Object.values(SAMPLE_FRAMES).map(encodeFrame);
// Within 2^53 ns (104 days) so a number holds every nanosecond; the virtual clock starts at 0.
const T0 = 1_000_123_456_789;
const records = frames.map((bytes, i) => ({ timeNs: T0 + i * 1_000_500, bytes }));
const hasTcpdump = toolAvailable('tcpdump');
const hasTshark = toolAvailable('tshark');

describe('classic pcap', () => {
  it('writes the little-endian microsecond header: magic a1b2c3d4, 2.4, snaplen 262144, Ethernet', () => {
    expect(hex(writePcap([]))).toBe('d4c3b2a1' + '02000400' + '00000000' + '00000000' + '00000400' + '01000000');
  });

  it('writes each record as seconds, microseconds (truncated), captured and original length', () => {
    const file = writePcap([{ timeNs: 1_500_000_999, bytes: Uint8Array.of(1, 2, 3) }]);
    expect(hex(file.subarray(24))).toBe('01000000' + '20a10700' + '03000000' + '03000000' + '010203');
  });

  it('reads back what it writes, to the microsecond', () => {
    const back = readPcap(writePcap(records));
    expect(back.map((r) => hex(r.bytes))).toEqual(frames.map(hex));
    expect(back.map((r) => r.timeNs)).toEqual(records.map((r) => Math.floor(r.timeNs / 1000) * 1000));
  });

  it('reads big-endian files and nanosecond files (magic a1b23c4d)', () => {
    const file = new Uint8Array(24 + 16 + 2);
    const view = viewOf(file);
    view.setUint32(0, 0xa1b23c4d);
    view.setUint16(4, 2);
    view.setUint16(6, 4);
    view.setUint32(16, 65535);
    view.setUint32(20, 1);
    view.setUint32(24, 7);
    view.setUint32(28, 123_456_789);
    view.setUint32(32, 2);
    view.setUint32(36, 60);
    file.set([0xaa, 0xbb], 40);
    const parsed = readPcapFile(file);
    expect(parsed.linktype).toBe(1);
    expect(parsed.snaplen).toBe(65535);
    expect(parsed.records).toEqual([{ timeNs: 7_123_456_789, bytes: Uint8Array.of(0xaa, 0xbb) }]);
  });

  it('rejects a file with another magic, and a record cut short', () => {
    expect(() => readPcap(new Uint8Array(24))).toThrow('not a pcap file');
    expect(() => readPcap(writePcap(records).subarray(0, 60))).toThrow('cut short');
  });

  it.skipIf(!hasTcpdump)(`is read by the real tcpdump -r FILE -n -e without complaint${hasTcpdump ? '' : ' (skipped: tcpdump not installed)'}`, () => {
    const run = runOnFile('tcpdump', writePcap(records), (path) => ['-r', path, '-n', '-e']);
    expect(run.status).toBe(0);
    expect(unexpectedStderr(run)).toEqual([]);
    expect(run.stdout.trim().split('\n')).toHaveLength(frames.length);
    // Timestamps come back as written (tcpdump prints local time; the helper sets TZ=UTC).
    expect(run.stdout.split('\n')[0]).toMatch(/^00:16:40\.123456 /);
  });

  it.skipIf(!hasTshark)(`is read by the real tshark -r FILE without complaint${hasTshark ? '' : ' (skipped: tshark not installed)'}`, () => {
    const run = runOnFile('tshark', writePcap(records), (path) => ['-r', path]);
    expect(run.status).toBe(0);
    expect(unexpectedStderr(run)).toEqual([]);
    expect(run.stdout.trim().split('\n')).toHaveLength(frames.length);
  });
});

describe('pcapng', () => {
  const interfaces = [{ name: 'eth0' }, { name: 'eth1' }];
  const packets = records.map((r, i) => ({ ...r, iface: i % 2 }));

  it('starts with a section header block (0a0d0d0a, byte-order magic 1a2b3c4d, version 1.0)', () => {
    const file = writePcapng(interfaces, packets);
    expect(hex(file.subarray(0, 28))).toBe('0a0d0d0a' + '1c000000' + '4d3c2b1a' + '01000000' + 'ffffffffffffffff' + '1c000000');
  });

  it('describes each interface with if_name and if_tsresol 9, and reads back names, nanoseconds and bytes', () => {
    const back = readPcapng(writePcapng(interfaces, packets));
    expect(back.interfaces).toEqual(interfaces);
    expect(back.packets).toEqual(packets);
  });

  it('refuses a packet on an interface that was not described', () => {
    expect(() => writePcapng(interfaces, [{ iface: 2, timeNs: 0, bytes: new Uint8Array(1) }])).toThrow('interface 2');
  });

  it.skipIf(!hasTcpdump)(`is read by the real tcpdump without complaint${hasTcpdump ? '' : ' (skipped: tcpdump not installed)'}`, () => {
    const run = runOnFile('tcpdump', writePcapng(interfaces, packets), (path) => ['-r', path, '-n', '-e', '--time-stamp-precision=nano']);
    expect(run.status).toBe(0);
    expect(unexpectedStderr(run)).toEqual([]);
    expect(run.stdout.split('\n')[0]).toMatch(/^00:16:40\.123456789 /);
    expect(run.stdout.trim().split('\n')).toHaveLength(frames.length);
  });

  it.skipIf(!hasTshark)(`is read by the real tshark, interface names and nanoseconds intact${hasTshark ? '' : ' (skipped: tshark not installed)'}`, () => {
    const run = runOnFile('tshark', writePcapng(interfaces, packets), (path) => ['-r', path, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.time_epoch']);
    expect(run.status).toBe(0);
    expect(unexpectedStderr(run)).toEqual([]);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(frames.length);
    expect(lines[0]).toBe('eth0\t1000.123456789');
    expect(lines[1]).toBe('eth1\t1000.124457289');
  });
});
