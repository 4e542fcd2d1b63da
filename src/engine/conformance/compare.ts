import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCapturedFrame, encodeFrame } from '../wire/ethernet';
import { readPcap } from '../wire/pcap';
import type { CapturedFrameRecord } from '../sim/network';
import type { FlowResult } from '../sim/run';
import { captureFileName } from '../export/capture-name';
import { canonicalDnsOrder } from './dns-order';
import { Normaliser } from './normalise';
import { drawnEndpoints } from './draws';

/*
 * Compares the simulator's captures with a kernel recording, port by port, after
 * normalisation. Node-only (it reads the fixture files); used by the conformance tests.
 */

export interface KernelRecording {
  dir: string;
  exit: number;
  stdout: string;
  /** "device:port" -> pcap bytes. */
  pcaps: Map<string, Uint8Array>;
  /** When the command ended, in the pcaps' clock (ns since the epoch), if recorded. */
  endedAtNs?: number;
}

/**
 * Kernel timers have slack (a 1 s retransmission fires 1.00-1.03 s later), so a frame due at the
 * very end of the settle window may fall either side of it. The last 50 ms of the window are
 * left out of the comparison on both sides.
 */
export const SETTLE_SLACK_NS = 50_000_000;
const SETTLE_NS = 1_000_000_000;

/**
 * The recording's captures of `ports` (the simulator's), and of every interface the recorder
 * captured inside a box's namespaces (`innerCaptures` in result.json), so that one the
 * simulator never saw a frame on is compared too.
 */
export function readRecording(dir: string, ports: string[]): KernelRecording {
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { exit: number; stdout: string; endedAt?: number; innerCaptures?: string[] };
  const pcaps = new Map<string, Uint8Array>();
  for (const p of new Set([...ports, ...(result.innerCaptures ?? [])])) {
    const file = join(dir, captureFileName(p));
    if (existsSync(file)) pcaps.set(p, new Uint8Array(readFileSync(file)));
  }
  return { dir, exit: result.exit, stdout: result.stdout, pcaps, endedAtNs: result.endedAt === undefined ? undefined : Math.round(result.endedAt * 1e9) };
}

export function recordedFlows(root: string): { scenario: string; flow: number; dir: string }[] {
  if (!existsSync(root)) return [];
  const out: { scenario: string; flow: number; dir: string }[] = [];
  for (const scenario of readdirSync(root).sort()) {
    for (const f of readdirSync(join(root, scenario)).sort()) {
      const m = /^flow(\d+)$/.exec(f);
      if (m) out.push({ scenario, flow: Number(m[1]), dir: join(root, scenario, f) });
    }
  }
  return out;
}

export interface PortDiff {
  port: string;
  kernel: string[];
  simulator: string[];
}

/** Normalised lines per port, both sides sharing one renaming each, in port order. */
export function compareWithKernel(sim: FlowResult, rec: KernelRecording): { exitMatches: boolean; diffs: PortDiff[]; ports: PortDiff[] } {
  const drawn = drawnEndpoints(sim.network);
  const nk = new Normaliser(drawn);
  const ns = new Normaliser(drawn);
  const ports: PortDiff[] = [];
  const kernelOnly = [...rec.pcaps.keys()].filter((p) => !sim.captures.has(p)).map((p): [string, CapturedFrameRecord[]] => [p, []]);
  const decoded = [...sim.captures, ...kernelOnly].map(([port, frames]) => {
    const kbytes = rec.pcaps.get(port);
    const kernelCut = rec.endedAtNs === undefined ? Infinity : rec.endedAtNs + SETTLE_NS - SETTLE_SLACK_NS;
    const simCut = sim.endedAt + SETTLE_NS - SETTLE_SLACK_NS;
    const kernel = (kbytes ? readPcap(kbytes) : []).filter((r) => r.timeNs <= kernelCut).map((r) => ({ frame: decodeCapturedFrame(r.bytes), length: r.bytes.length }));
    const simulator = frames.filter((f) => f.t <= simCut).map((f) => {
      const bytes = encodeFrame(f.frame);
      return { frame: decodeCapturedFrame(bytes), length: bytes.length };
    });
    return { port, kernel: canonicalDnsOrder(kernel), simulator: canonicalDnsOrder(simulator) };
  });
  for (const d of decoded) {
    for (const k of d.kernel) nk.learn(k.frame);
    for (const s of d.simulator) ns.learn(s.frame);
  }
  for (const d of decoded) {
    ports.push({ port: d.port, kernel: foldFinAcks(d.kernel.map((k) => nk.frame(k.frame, k.length))), simulator: foldFinAcks(d.simulator.map((s) => ns.frame(s.frame, s.length))) });
  }
  const diffs = ports.filter((p) => p.kernel.length !== p.simulator.length || p.kernel.some((l, i) => l !== p.simulator[i]));
  return { exitMatches: sim.exit === rec.exit, diffs, ports };
}

const TCP_LINE = /^(\S+ > \S+) len \d+ \| (\S+ > \S+) .*\| TCP (\S+ > \S+) \[([^\]]*)\] seq (\S+) ack (\S+) /;

/**
 * The ACK of a peer's FIN is delayed by one jiffy (ato 0 when no data came): when the
 * application closes within that jiffy it rides on the application's FIN, otherwise it goes
 * alone just before it. Which happens depends on how fast the process is scheduled, so both
 * shapes count as the same: a lone ACK directly followed by the same side's FIN with the same
 * sequence and ack numbers is folded into the FIN.
 */
export function foldFinAcks(lines: string[]): string[] {
  return lines.filter((line, i) => {
    const a = TCP_LINE.exec(line);
    const b = i + 1 < lines.length ? TCP_LINE.exec(lines[i + 1]!) : null;
    if (!a || !b || a[4] !== '.' || b[4] !== 'F.') return true;
    return !(a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[5] === b[5] && a[6] === b[6]);
  });
}

export function formatDiffs(diffs: PortDiff[]): string {
  return diffs
    .map((d) => {
      const lines = [`== ${d.port}`];
      const n = Math.max(d.kernel.length, d.simulator.length);
      for (let i = 0; i < n; i++) {
        const k = d.kernel[i] ?? '(none)';
        const s = d.simulator[i] ?? '(none)';
        if (k === s) lines.push(`   ${k}`);
        else lines.push(`K: ${k}`, `S: ${s}`);
      }
      return lines.join('\n');
    })
    .join('\n');
}
