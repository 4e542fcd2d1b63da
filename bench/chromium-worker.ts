/*
 * The engine's throughput where the playground runs it: in a dedicated module worker of
 * Chromium (bench/chromium.ts loads this, bundled and minified as Vite builds the page's worker).
 * The message names the flow and the runs; the answer is each timed run's time (the flow after
 * its boot, or the whole Run as the worker records it), hops and trace events, with whether the worker is cross-origin isolated (its clock then
 * has 5 µs steps instead of 100 µs).
 */
import { routerChain } from '../src/engine/generate/chain';
import { parseScenario } from '../src/engine/scenario';
import { BootedDocs } from '../src/engine/api';
import { timeFlow, timeRecordedRun } from './time-flow';

export interface ChromiumRequest {
  /** 'ping': 20 pings across the 200-router chain; 'tcp': its TCP connect (flow 1). */
  flow: 'ping' | 'tcp';
  /** Runs as the playground's worker makes them (timeRecordedRun); else the flow simulated alone (traceLimit 0). */
  record: boolean;
  warmups: number;
  reps: number;
}

export interface ChromiumRun {
  flowMs: number;
  hops: number;
  events: number;
}

export interface ChromiumAnswer {
  runs: ChromiumRun[];
  isolated: boolean;
  userAgent: string;
}

const doc = routerChain(200);
doc.flows.push({ on: 'client', run: 'ping -c 20 -i 0.2 -W 5 10.0.200.1', title: '20 pings across the chain' });
const text = JSON.stringify(doc);
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
const scenario = parsed.scenario;

addEventListener('message', async (e: MessageEvent<ChromiumRequest>) => {
  const { flow, record, warmups, reps } = e.data;
  const index = flow === 'ping' ? doc.flows.length - 1 : 1;
  const runs: ChromiumRun[] = [];
  const booted = new BootedDocs();
  // A recorded Run's hops are its simulation's (timeRecordedRun checks the trace against them).
  const flowHops = record ? timeFlow(scenario, index, false).hops : 0;
  for (let r = 0; r < warmups + reps; r++) {
    // Each run a task of its own, as the worker takes each Run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { flowMs, hops, events } = record ? await timeRecordedRun(text, index, booted, flowHops) : timeFlow(scenario, index, false);
    if (r >= warmups) runs.push({ flowMs, hops, events });
  }
  postMessage({ runs, isolated: crossOriginIsolated, userAgent: navigator.userAgent } satisfies ChromiumAnswer);
});
