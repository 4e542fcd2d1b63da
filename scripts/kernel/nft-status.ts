/*
 * The verbatim nft recordings (fixtures/nft-kernel) against the simulator: PASS/FAIL per flow.
 * A scenario whose every flow passes is copied into fixtures/kernel (and leaves
 * NFT_NOT_YET_MODELLED_NAMES in live.kernel.test.ts).
 *   npx tsx scripts/kernel/nft-status.ts [kernel-nft-NAME ...]    (from the repository's root; V=1 shows the differences)
 */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/engine/scenario';
import { runFlow } from '../../src/engine/sim/run';
import { compareWithKernel, formatDiffs, readRecording, recordedFlows } from '../../src/engine/conformance/compare';
import { maskChance } from '../../src/engine/conformance/normalise';
const names = process.argv.slice(2);
const flows = recordedFlows('fixtures/nft-kernel').filter((f) => names.length === 0 || names.includes(f.scenario));
for (const f of flows) {
  const parsed = parseScenario(readFileSync(`fixtures/scenarios/${f.scenario}.json`, 'utf8'));
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
