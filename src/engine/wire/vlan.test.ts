import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapturedFrame, decodeFrame, encodeFrame } from './ethernet';
import { readPcap } from './pcap';
import { formatTcpdump } from './tcpdump';

/*
 * 802.1Q tags on the wire (IEEE 802.1Q; struct vlan_ethhdr): TPID 0x8100 (or 0x88a8 for
 * 802.1ad) and the TCI (PCP 3 bits, DEI 1 bit, VID 12 bits) between the source address and the
 * ethertype. The pcap holds three tagged frames; the text is what tcpdump 4.99 printed for
 * them here, with -e and without (ieee8021q_tci_string: only -e shows the tag).
 */

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const records = readPcap(readFileSync(new URL('./testing/vlan-tags.pcap', import.meta.url)));
const printed = readFileSync(new URL('./testing/vlan-tags.tcpdump.txt', import.meta.url), 'utf8').trimEnd().split('\n');

describe('802.1Q tags in the wire format', () => {
  it('decode to the tag and the inner frame, and re-encode to the same bytes', () => {
    const frames = records.map((r) => decodeFrame(r.bytes));
    expect(frames.map((f) => f.vlan)).toEqual([
      { tpid: 0x8100, pcp: 0, dei: false, vid: 10 },
      { tpid: 0x8100, pcp: 5, dei: true, vid: 20 },
      { tpid: 0x88a8, pcp: 0, dei: false, vid: 30 },
    ]);
    expect(frames.map((f) => f.payload.kind)).toEqual(['arp', 'ipv4', 'ipv4']);
    for (const r of records) expect(hex(encodeFrame(decodeFrame(r.bytes)))).toBe(hex(r.bytes));
    // A tagged ARP request is 46 bytes: 4 more than an untagged one.
    expect(encodeFrame(frames[0]!)).toHaveLength(46);
  });

  it('print as tcpdump -e prints them (vlan VID, p PCP[, DEI], then the inner ethertype), and without -e as untagged frames', () => {
    const frames = records.map((r) => decodeFrame(r.bytes));
    expect(frames.map((f) => formatTcpdump(f))).toEqual(printed.slice(0, 3));
    expect(frames.map((f) => formatTcpdump(f, { link: false }))).toEqual(printed.slice(3));
  });

  it('a tagged frame the model cannot read keeps its tag and the inner ethertype', () => {
    const bytes = Uint8Array.from(records[0]!.bytes);
    bytes[16] = 0x86; // inner ethertype 0x86dd (IPv6)
    bytes[17] = 0xdd;
    const f = decodeCapturedFrame(bytes);
    expect(f.vlan?.vid).toBe(10);
    expect(f.payload).toMatchObject({ kind: 'unknown', ethertype: 0x86dd });
    expect(hex(encodeFrame(f))).toBe(hex(bytes));
  });
});
