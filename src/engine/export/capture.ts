import type { TraceEvent } from '../trace/types';
import { encodeFrame } from '../wire/ethernet';
import { writePcap } from '../wire/pcap';
import { writePcapng } from '../wire/pcapng';
import { formatTcpdump } from '../wire/tcpdump';

/*
 * What tcpdump would have captured, from a trace: every frame sent or received on a port is
 * one captured packet there (both directions, as on a veth). For downloads (pcapng with every
 * port as its own interface named "device:port", or a classic pcap of one port) and for the
 * tcpdump view.
 */

/** The trace's frames on one "device:port", up to and including event `upTo`. */
function framesOn(events: readonly TraceEvent[], port: string, upTo = Infinity): TraceEvent[] {
  const [device, name] = port.split(':');
  const out: TraceEvent[] = [];
  for (let i = 0; i < events.length && i <= upTo; i++) {
    const e = events[i]!;
    if ((e.kind === 'frame-sent' || e.kind === 'frame-received') && e.device === device && e.port === name && e.frame) out.push(e);
  }
  return out;
}

/** One pcapng file: an interface per port, in the order given. */
export function capturePcapng(events: readonly TraceEvent[], ports: readonly string[]): Uint8Array {
  const index = new Map(ports.map((p, i) => [p, i]));
  const packets = [];
  for (const e of events) {
    if ((e.kind !== 'frame-sent' && e.kind !== 'frame-received') || !e.frame || !e.port) continue;
    const iface = index.get(`${e.device}:${e.port}`);
    if (iface !== undefined) packets.push({ iface, timeNs: e.t, bytes: encodeFrame(e.frame) });
  }
  return writePcapng(ports.map((name) => ({ name })), packets);
}

/** A classic pcap of one port. */
export function capturePcap(events: readonly TraceEvent[], port: string): Uint8Array {
  return writePcap(framesOn(events, port).map((e) => ({ timeNs: e.t, bytes: encodeFrame(e.frame!) })));
}

/** tcpdump's default timestamp (HH:MM:SS.uuuuuu), from virtual time since the run began. */
export function tcpdumpTime(ns: number): string {
  const us = Math.floor(ns / 1000);
  const s = Math.floor(us / 1_000_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(us % 1_000_000, 6)}`;
}

/** The lines `tcpdump -e -n -i PORT` prints on that port, up to trace step `upTo`. */
export function tcpdumpLines(events: readonly TraceEvent[], port: string, upTo?: number): string[] {
  return framesOn(events, port, upTo).map((e) => `${tcpdumpTime(e.t)} ${formatTcpdump(e.frame!)}`);
}
