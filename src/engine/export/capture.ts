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

/**
 * Where to capture: a "device:port" label (the frames whose events carry it), or the indexes of
 * the frames a run found on an interface (the playground's PortInfo: a port moved into a
 * namespace of its box keeps its frames).
 */
export type CapturePlace = string | readonly number[];

/** The trace's frames on one place, up to and including event `upTo`. */
function framesOn(events: readonly TraceEvent[], port: CapturePlace, upTo = Infinity): TraceEvent[] {
  if (typeof port !== 'string') return port.filter((i) => i <= upTo).map((i) => events[i]!).filter((e) => e.frame);
  const [device, name] = [port.slice(0, port.lastIndexOf(':')), port.slice(port.lastIndexOf(':') + 1)];
  const out: TraceEvent[] = [];
  for (let i = 0; i < events.length && i <= upTo; i++) {
    const e = events[i]!;
    if ((e.kind === 'frame-sent' || e.kind === 'frame-received') && e.device === device && e.port === name && e.frame) out.push(e);
  }
  return out;
}

/** One pcapng file: an interface per port (a label, or a run's interface with its frames), in the order given; packets in trace order. */
export function capturePcapng(events: readonly TraceEvent[], ports: readonly (string | { id: string; frames: readonly number[] })[]): Uint8Array {
  const at = new Map(events.map((e, i) => [e, i]));
  const packets = ports.flatMap((p, iface) => framesOn(events, typeof p === 'string' ? p : p.frames).map((e) => ({ iface, order: at.get(e)!, timeNs: e.t, bytes: encodeFrame(e.frame!) })));
  packets.sort((a, b) => a.order - b.order);
  return writePcapng(ports.map((p) => ({ name: typeof p === 'string' ? p : p.id })), packets);
}

/** A classic pcap of one port. */
export function capturePcap(events: readonly TraceEvent[], port: CapturePlace): Uint8Array {
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
export function tcpdumpLines(events: readonly TraceEvent[], port: CapturePlace, upTo?: number): string[] {
  return framesOn(events, port, upTo).map((e) => `${tcpdumpTime(e.t)} ${formatTcpdump(e.frame!)}`);
}
