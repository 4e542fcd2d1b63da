import { pcapRecordHeaders } from '../../src/engine/wire/pcap';

/*
 * Whether a flow's captures held it whole (README.md, "What one flow does", step 2). The
 * recorder captures with a snug ring and snapshot length; a capture that lost frames (the
 * kernel drops what a full ring cannot take, and tcpdump counts them as it exits) or cut one
 * short (a frame longer than the snapshot length keeps only its head) is not kept, and the flow
 * is recorded again with roomy captures (record.ts, recordFlowWhole).
 */

/** What one tcpdump left behind: its stderr, and the pcap it wrote. */
export interface CaptureLeft {
  /** "device:port", or "device/ns:ifname". */
  key: string;
  stderr: string;
  pcap: Uint8Array;
}

/** The captures that cannot be kept, by why. */
export interface Shortfall {
  /** The kernel dropped frames: the ring was full. */
  overflowed: string[];
  /** A frame was longer than the snapshot length. */
  cut: string[];
}

/** The frames the kernel dropped, as tcpdump reports on exit ("383 packets dropped by kernel"); 0 if it did not say. */
export function droppedByKernel(stderr: string): number {
  return Number(/^(\d+) packets? dropped by kernel$/m.exec(stderr)?.[1] ?? 0);
}

/** How many frames of a classic pcap were kept shorter than they were on the wire. */
export function cutFrames(pcap: Uint8Array): number {
  let cut = 0;
  for (const r of pcapRecordHeaders(pcap)) if (r.captured < r.onWire) cut++;
  return cut;
}

/** The captures that overflowed or cut a frame; undefined when every one held its frames whole. */
export function captureShortfall(captures: readonly CaptureLeft[]): Shortfall | undefined {
  const overflowed = captures.filter((c) => droppedByKernel(c.stderr) > 0).map((c) => c.key);
  const cut = captures.filter((c) => cutFrames(c.pcap) > 0).map((c) => c.key);
  return overflowed.length || cut.length ? { overflowed, cut } : undefined;
}

export function shortfallText({ overflowed, cut }: Shortfall): string {
  return [
    ...(overflowed.length ? [`the kernel dropped frames on ${overflowed.join(', ')} (ring full)`] : []),
    ...(cut.length ? [`a frame on ${cut.join(', ')} is longer than the snapshot length`] : []),
  ].join('; ');
}
