import { recordScenario, type BootedDocs } from '../src/engine/api';
import type { Scenario } from '../src/engine/scenario/types';
import { runFlow } from '../src/engine/sim/run';

/*
 * One timed run of a flow, the same in Node (bench/engine.ts) and in Chromium's worker
 * (bench/chromium-worker.ts): the flow alone, from the end of its boot to its answer
 * (timeFlow), or a Run as the playground's worker makes it (timeRecordedRun).
 */

export interface FlowTiming {
  /** Wall time of the flow after boot, ms. */
  flowMs: number;
  /** Wall time of the whole runFlow, boot included, ms. */
  totalMs: number;
  /** Frame-hops of the flow (boot excluded). */
  hops: number;
  events: number;
}

/**
 * Runs flow `index` once. `record`: every trace event is kept, no per-port captures and no views,
 * as `hairpin run --json` records (the playground's Run is timeRecordedRun); otherwise the engine
 * only simulates, as `hairpin run` without --json/--pcap does. `atStart` is called as the flow starts (the Node
 * bench reads its CPU clock there).
 */
export function timeFlow(scenario: Scenario, index: number, record: boolean, atStart?: () => void): FlowTiming {
  let booted = 0;
  let bootHops = 0;
  let bootEvents = 0;
  const t0 = performance.now();
  const res = runFlow(scenario, index, {
    traceLimit: record ? undefined : 0,
    capture: false,
    onBooted: (net) => {
      bootHops = net.hops;
      bootEvents = net.trace.count;
      atStart?.();
      booted = performance.now();
    },
  });
  const t1 = performance.now();
  if (res.exit !== 0) throw new Error(`flow ${index} of "${scenario.title}" exited ${res.exit}: ${res.stderr}`);
  return { flowMs: t1 - booted, totalMs: t1 - t0, hops: res.network.hops - bootHops, events: res.events.length - bootEvents };
}

/** The worker's boot ahead runs in slices of this long, each a task of its own (src/worker/engine.worker.ts). */
const BOOT_SLICE_MS = 8;
/** The user's pause between the boot ahead and the next Run: the worker waits for 400 ms of quiet before it boots, and a person reads first. */
const PAUSE_MS = 50;
/**
 * The last Run, held until the next one has recorded, as the worker holds its last Run for the
 * views of its steps (src/worker/last-run.ts). Dropped instead, the last objects of the shapes a
 * Run makes can all die between Runs; a full collection then throws away the optimised code
 * that assumed those shapes ("embedded weak objects cleared"), and the next Runs run partly
 * unoptimised (bench/README.md, 2026-12-08, 03:08 UTC).
 */
let lastRun: unknown;
const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Run as the playground records it: the document booted ahead in slices, as the worker
 * boots the document on screen, then, after the user's pause, recordScenario, what the worker
 * calls for a Run (the trace and the views at every step recorded as the flow runs, then the
 * answer's port index and modelled features), timed whole. The answer's packing for the page is
 * not in it (the worker part times Runs end to end). `hops`: the flow's frame-hops, as its
 * simulation counts them (the trace's frame-sent events say the same; checked).
 */
export async function timeRecordedRun(doc: string, flow: number, booted: BootedDocs, hops: number, atStart?: () => void): Promise<FlowTiming> {
  booted.start(doc, 1);
  for (;;) {
    const end = performance.now() + BOOT_SLICE_MS;
    if (!booted.advance(() => performance.now() > end)) break;
    await nextTask();
  }
  await nextTask(PAUSE_MS);
  atStart?.();
  const t0 = performance.now();
  const run = recordScenario({ doc, flow, seed: 1 }, undefined, undefined, booted);
  const t1 = performance.now();
  lastRun = run;
  const { response } = run;
  if (!response.ok) throw new Error(`flow ${flow}: ${response.errors[0]?.message}`);
  if (response.exit !== 0) throw new Error(`flow ${flow} exited ${response.exit}: ${response.stderr}`);
  let sent = 0;
  for (const e of response.events) if (e.kind === 'frame-sent') sent++;
  if (sent !== hops) throw new Error(`flow ${flow}: ${sent} frames sent in the trace, ${hops} hops simulated`);
  return { flowMs: t1 - t0, totalMs: t1 - t0, hops, events: response.events.length };
}
