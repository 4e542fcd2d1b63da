import type { Scenario } from '../src/engine/scenario/types';
import { runFlow } from '../src/engine/sim/run';

/*
 * One timed run of a flow, the same in Node (bench/engine.ts) and in Chromium's worker
 * (bench/chromium-worker.ts): the flow alone, from the end of its boot to its answer.
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
 * Runs flow `index` once. `record`: the trace is kept as the playground keeps it (every event,
 * no per-port captures: the api's runScenario); otherwise the engine only simulates, as
 * `hairpin run` without --json/--pcap does. `atStart` is called as the flow starts (the Node
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
