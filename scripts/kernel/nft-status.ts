/*
 * The nft scenarios' kernel recordings (fixtures/kernel/*nft*) against the simulator: PASS/FAIL
 * per flow, for working on one (the conformance test compares them all).
 *   npx tsx scripts/kernel/nft-status.ts [kernel-nft-NAME ...]    (from the repository's root; V=1 shows the differences)
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseScenario } from '../../src/engine/scenario';
import { runFlow } from '../../src/engine/sim/run';
import { compareWithKernel, formatDiffs, readRecording, recordedFlows } from '../../src/engine/conformance/compare';
import { maskChance } from '../../src/engine/conformance/normalise';
const names = process.argv.slice(2);
const flows = recordedFlows('fixtures/kernel').filter((f) => (names.length === 0 ? f.scenario.includes('nft') : names.includes(f.scenario)));
for (const f of flows) {
  const file = [`fixtures/scenarios/${f.scenario}.json`, `src/scenarios/${f.scenario}.json`].find((p) => existsSync(p))!;
  const parsed = parseScenario(readFileSync(file, 'utf8'));
  if (!parsed.ok) { console.log(f.scenario, 'parse failed', JSON.stringify(parsed).slice(0, 500)); continue; }
  const sim = runFlow(parsed.scenario, f.flow);
  const rec = readRecording(f.dir, [...sim.captures.keys()]);
  const result = compareWithKernel(sim, rec);
  let ok = sim.exit === rec.exit && result.diffs.length === 0;
  let out = '';
  if (sim.exit !== rec.exit) out += `  exit sim ${sim.exit} kernel ${rec.exit}\n`;
  if (result.diffs.length) out += formatDiffs(result.diffs).split('\n').slice(0, 14).join('\n') + '\n';
  if (!result.ports.some((p) => p.kernel.length > 0) && maskChance(sim.stdout) !== maskChance(rec.stdout)) { ok = false; out += `  stdout differs\n--sim--\n${sim.stdout}--kernel--\n${rec.stdout}`; }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${f.scenario} flow ${f.flow}`);
  if (!ok && process.env.V) console.log(out);
}
