import { routerChain } from '../src/engine/generate/chain';
import { parseScenario } from '../src/engine/scenario';
import { runFlow } from '../src/engine/sim/run';
const doc = routerChain(200);
doc.flows.push({ on: 'client', run: process.env.PING ?? 'ping -c 20 -i 0.2 -W 5 10.0.200.1', title: 'x' });
const p = parseScenario(JSON.stringify(doc));
if (!p.ok) throw new Error('bad');
const N = Number(process.argv[2] ?? 10);
let best = Infinity;
for (let i = 0; i < N; i++) {
  let booted = 0, bootHops = 0;
  const r = runFlow(p.scenario, doc.flows.length - 1, { traceLimit: 0, capture: !process.env.NOCAP, onBooted: (net) => { booted = performance.now(); bootHops = net.hops; } });
  const t = performance.now() - booted;
  const hops = r.network.hops - bootHops;
  best = Math.min(best, t);
  if (i === N - 1) console.log(`hops ${hops} best ${best.toFixed(1)} ms → ${(hops / best * 1000).toFixed(0)} hops/s`);
}
