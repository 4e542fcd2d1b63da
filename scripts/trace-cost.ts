/*
 * What recording the trace costs, beside the simulation alone: `npx esbuild scripts/trace-cost.ts
 * --bundle --platform=node --format=esm --main-fields=module,main --outfile=/tmp/trace-cost.mjs
 * && node /tmp/trace-cost.mjs [RUNS]`. Runs the 200-router chain's 20 pings (bench/engine.ts's
 * throughput flow) alternately as the playground records it (every event, no per-port captures),
 * with captures too (the CLI's --pcap), and simulated only (no trace, no captures); prints the
 * median and best frame-hops per second of wall and of CPU time for the flow after boot, the load
 * average before and after, and the trace's heap per event (the recorded run's retained heap
 * minus the simulated one's, over its events: collections forced only around those two runs).
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { routerChain } from '../src/engine/generate/chain';
import { parseScenario } from '../src/engine/scenario';
import { runFlow, type FlowResult } from '../src/engine/sim/run';

const doc = routerChain(200);
doc.flows.push({ on: 'client', run: process.env.PING ?? 'ping -c 20 -i 0.2 -W 5 10.0.200.1', title: '20 pings across the chain' });
const parsed = parseScenario(JSON.stringify(doc));
if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
const scenario = parsed.scenario;
const flow = doc.flows.length - 1;
const RUNS = Number(process.argv[2] ?? 15);
const MODES = { simulate: { traceLimit: 0, capture: false }, record: { capture: false }, 'record+capture': { capture: true } } as const;
type Mode = keyof typeof MODES;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function once(mode: Mode): { wall: number; cpu: number; hops: number; result: FlowResult } {
  let wall0 = 0;
  let cpu0 = 0;
  let hops0 = 0;
  const result = runFlow(scenario, flow, {
    ...MODES[mode],
    onBooted: (net) => {
      wall0 = performance.now();
      cpu0 = cpuMs();
      hops0 = net.hops;
    },
  });
  return { wall: performance.now() - wall0, cpu: cpuMs() - cpu0, hops: result.network.hops - hops0, result };
}

console.log(`load average before: ${load()}`);
const modes = Object.keys(MODES) as Mode[];
// Untimed runs first, then the modes interleaved so that the machine's load falls on each alike.
for (let i = 0; i < 5; i++) for (const m of modes) once(m);
const rates: Record<string, { wall: number[]; cpu: number[] }> = {};
let hops = 0;
for (let i = 0; i < RUNS; i++) {
  for (const m of modes) {
    const r = once(m);
    hops = r.hops;
    const into = (rates[m] ??= { wall: [], cpu: [] });
    into.wall.push((r.hops / r.wall) * 1000);
    into.cpu.push((r.hops / r.cpu) * 1000);
  }
}
const M = (x: number) => `${(x / 1e6).toFixed(3)} M`;
for (const m of modes) {
  const { wall, cpu } = rates[m]!;
  console.log(`${m.padEnd(15)} ${hops} hops: wall median ${M(median(wall))} best ${M(Math.max(...wall))} hops/s; cpu median ${M(median(cpu))} best ${M(Math.max(...cpu))} hops/s`);
}
console.log(`load average after: ${load()}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function retained(mode: Mode): { bytes: number; events: number } {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = once(mode).result;
  gc();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  return { bytes, events: kept.events.length };
}
const simulated = retained('simulate');
const recorded = retained('record');
console.log(`trace heap: ${((recorded.bytes - simulated.bytes) / recorded.events).toFixed(1)} B per event (${recorded.events} events; ${recorded.bytes} B retained recorded, ${simulated.bytes} B simulated)`);
