import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapturedFrame, encodeFrame } from './ethernet';
import { readPcap, writePcap } from './pcap';
import { formatTcpdump } from './tcpdump';
import { EDGE_FRAMES, SAMPLE_FRAMES } from './testing/frames';
import { tcpdumpLines, toolAvailable } from './testing/real-tools';
import type { CapturedFrame } from './types';

const hasTcpdump = toolAvailable('tcpdump');
const skipNote = hasTcpdump ? '' : ' (skipped: tcpdump not installed)';
const fromHex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));
const kernelCapture = readFileSync(new URL('./testing/linux-veth.pcap', import.meta.url));
const kernelFrames = readPcap(kernelCapture).map((r) => decodeCapturedFrame(r.bytes));
/** `tcpdump -r linux-veth.pcap -e -n -S -t`, run once by tcpdump 4.99.3 and kept for machines without it. */
const kernelTcpdumpText = readFileSync(new URL('./testing/linux-veth.tcpdump.txt', import.meta.url), 'utf8').trimEnd().split('\n');

/** Both sides, each line labelled with its frame, so a mismatch names the frame. */
function compareWithTcpdump(frames: Record<string, CapturedFrame>, flags: string[], link: boolean) {
  const entries = Object.entries(frames);
  const pcap = writePcap(entries.map(([, f], i) => ({ timeNs: i * 1000, bytes: encodeFrame(f) })));
  const real = tcpdumpLines(pcap, flags);
  const lines = entries.flatMap(([label, f]) => formatTcpdump(f, { link }).split('\n').map((line) => ({ label, line })));
  return {
    mine: lines.map(({ label, line }) => `${label} | ${line}`),
    real: real.map((line, i) => `${lines[i]?.label ?? '(extra line)'} | ${line}`),
  };
}

describe('tcpdump -e -n lines (the formats in LINUX-SEMANTICS.md section 6)', () => {
  it('prints an ARP request: who-has target tell sender, ARP length 28', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['ARP request']!)).toBe(
      '02:00:00:00:02:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 192.168.1.1 tell 192.168.1.3, length 28',
    );
  });

  it('prints an ARP reply: sender is-at its MAC', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['ARP reply']!)).toBe(
      '02:00:00:00:04:02 > 02:00:00:00:02:01, ethertype ARP (0x0806), length 42: Reply 192.168.1.1 is-at 02:00:00:00:04:02, length 28',
    );
  });

  it('prints an echo request with id, seq and the ICMP length (8 + 56)', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['ICMP echo request']!)).toBe(
      '02:00:00:00:02:01 > 02:00:00:00:04:02, ethertype IPv4 (0x0800), length 98: 192.168.1.3 > 50.60.70.1: ICMP echo request, id 42, seq 1, length 64',
    );
  });

  it('prints a SYN with absolute seq (-S) and Linux options', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['TCP SYN']!, { link: false })).toBe(
      'IP 192.168.1.3.41234 > 50.60.70.80.8080: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0',
    );
  });

  it('prints an ICMP error by the quoted destination and port, length 8 + quote', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['ICMP tcp port unreachable']!, { link: false })).toBe(
      'IP 50.60.70.80 > 192.168.1.3: ICMP 50.60.70.80 tcp port 8080 unreachable, length 68',
    );
  });

  it('without -e, prefixes "ARP, " and "IP "', () => {
    expect(formatTcpdump(SAMPLE_FRAMES['ARP reply']!, { link: false })).toBe('ARP, Reply 192.168.1.1 is-at 02:00:00:00:04:02, length 28');
    expect(formatTcpdump(SAMPLE_FRAMES['UDP']!, { link: false })).toBe('IP 192.168.1.3.45000 > 50.60.70.80.9999: UDP, length 12');
  });

  it('prints an unknown ethertype with its link header even without -e, then a hex and ASCII dump', () => {
    const frame = decodeCapturedFrame(fromHex('020000000401020000000201' + '88b5' + '68656c6c6f20776f726c642031323334'));
    expect(formatTcpdump(frame, { link: false })).toBe(
      '02:00:00:00:02:01 > 02:00:00:00:04:01, ethertype Unknown (0x88b5), length 30: \n\t0x0000:  6865 6c6c 6f20 776f 726c 6420 3132 3334  hello.world.1234',
    );
  });
});

const unknownEthertypeFrames: Record<string, CapturedFrame> = Object.fromEntries(
  [1, 2, 15, 17, 31, 47].map((length) => [
    `unknown ethertype, ${length} bytes`,
    decodeCapturedFrame(Uint8Array.of(...fromHex('020000000401020000000201' + '88b5'), ...Array.from({ length }, (_, i) => 0x1e + i * 3))),
  ]),
);

describe('frames Linux 6.18 sent on a veth print as tcpdump 4.99.3 printed them', () => {
  it('matches the recorded tcpdump -e -n -S -t output', () => {
    expect(kernelFrames.map((f) => formatTcpdump(f))).toEqual(kernelTcpdumpText);
  });

  it.skipIf(!hasTcpdump)(`matches this machine's tcpdump, with and without -e${skipNote}`, () => {
    expect(kernelFrames.map((f) => formatTcpdump(f))).toEqual(tcpdumpLines(kernelCapture, ['-e', '-n', '-S', '-t']));
    expect(kernelFrames.map((f) => formatTcpdump(f, { link: false }))).toEqual(tcpdumpLines(kernelCapture, ['-n', '-S', '-t']));
  });
});

describe.skipIf(!hasTcpdump)(`byte-identical to the real tcpdump${skipNote}`, () => {
  it('ARP, ICMP echo and errors, redirects, TCP SYN/SYN-ACK/ACK/FIN/RST and UDP, with -e', () => {
    const { mine, real } = compareWithTcpdump(SAMPLE_FRAMES, ['-e', '-n', '-S', '-t'], true);
    expect(mine).toEqual(real);
  });

  it('the same frames without -e', () => {
    const { mine, real } = compareWithTcpdump(SAMPLE_FRAMES, ['-n', '-S', '-t'], false);
    expect(mine).toEqual(real);
  });

  it('without -S too, for frames that carry no TCP sequence numbers', () => {
    const notTcp = Object.fromEntries(Object.entries(SAMPLE_FRAMES).filter(([label]) => !label.startsWith('TCP')));
    const { mine, real } = compareWithTcpdump(notTcp, ['-e', '-n', '-t'], true);
    expect(mine).toEqual(real);
  });

  it('hex dumps of unknown ethertypes, whatever their length', () => {
    const { mine, real } = compareWithTcpdump(unknownEthertypeFrames, ['-n', '-t'], false);
    expect(mine).toEqual(real);
  });

  it('corner cases: TCP flags and options, text protocols, every ICMP type and code, ARP variants', () => {
    const { mine, real } = compareWithTcpdump(EDGE_FRAMES, ['-e', '-n', '-S', '-t'], true);
    expect(mine).toEqual(real);
  });
});
