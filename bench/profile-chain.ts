/*
 * Profiling aid: `npx esbuild bench/profile-chain.ts --bundle --platform=node --format=esm
 * --main-fields=module,main --outfile=/tmp/chain.mjs && node --cpu-prof /tmp/chain.mjs 30`.
 * Runs the 200-router chain's ping N times and prints the best wall and CPU-time throughput
 * (CPU time is steadier on a busy machine). PING=… changes the command; NOCAP=1 drops captures.
 */
import { routerChain } from '../src/engine/generate/chain';
import { parseScenario } from '../src/engine/scenario';
import { runFlow } from '../src/engine/sim/run';

const doc = routerChain(200);
doc.flows.push({ on: 'client', run: process.env.PING ?? 'ping -c 20 -i 0.2 -W 5 10.0.200.1', title: 'x' });
const p = parseScenario(JSON.stringify(doc));
if (!p.ok) throw new Error(p.errors[0]!.message);
const N = Number(process.argv[2] ?? 10);
let best = Infinity;
let bestCpu = Infinity;
let hops = 0;
for (let i = 0; i < N; i++) {
  let booted = 0;
  let bootCpu = 0;
  let bootHops = 0;
  const r = runFlow(p.scenario, doc.flows.length - 1, {
    traceLimit: process.env.TRACE ? undefined : 0,
    capture: !process.env.NOCAP,
    onBooted: (net) => {
      booted = performance.now();
      const c = process.cpuUsage();
      bootCpu = (c.user + c.system) / 1000;
      bootHops = net.hops;
    },
  });
  const c = process.cpuUsage();
  best = Math.min(best, performance.now() - booted);
  bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000 - bootCpu);
  hops = r.network.hops - bootHops;
}
console.log(`hops ${hops}: wall ${best.toFixed(1)} ms → ${((hops / best) * 1000).toFixed(0)} hops/s; cpu ${bestCpu.toFixed(1)} ms → ${((hops / bestCpu) * 1000).toFixed(0)} hops/s`);
