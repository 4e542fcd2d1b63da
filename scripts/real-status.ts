/**
 * Where the simulator stands on the real rulesets: for every fixtures/scenarios/real-*.json (and
 * fixtures/real/*.json, where a ruleset waits while it is worked on), the config lines it refuses
 * (grouped by the tool or extension it lacks, with its message), and for each flow recorded on
 * the kernel (fixtures/kernel/<name>/, or fixtures/real-kernel/<name>/) whether its exit status
 * and its frames on every port match the recording.
 *
 *   npx tsx scripts/real-status.ts [--diff] [name-or-file ...]
 *
 * --diff prints the differing frames (kernel line K:, simulator line S:). Record a scenario with
 *   HAIRPIN_RECORD_OUT=fixtures/real-kernel HAIRPIN_RECORD_VERBATIM=1 npx tsx scripts/kernel/record.ts fixtures/real/NAME.json
 * Exits 1 when any scenario refuses a line or any flow differs, so it can gate "every line loads".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatStatus, scenarioStatus } from '../src/engine/conformance/real-status';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACES = [
  { dir: join(ROOT, 'fixtures/scenarios'), recordings: join(ROOT, 'fixtures/kernel'), pattern: /^real-.*\.json$/ },
  { dir: join(ROOT, 'fixtures/real'), recordings: join(ROOT, 'fixtures/real-kernel'), pattern: /\.json$/ },
].filter((p) => existsSync(p.dir));

const args = process.argv.slice(2);
const diffs = args.includes('--diff');
const wanted = args.filter((a) => a !== '--diff').map((a) => basename(a, '.json'));
const rulesets = PLACES.flatMap((p) =>
  readdirSync(p.dir)
    .filter((f) => p.pattern.test(f))
    .map((f) => ({ ...p, name: basename(f, '.json') })),
)
  .filter((r) => !wanted.length || wanted.includes(r.name))
  .sort((a, b) => a.name.localeCompare(b.name));

let clean = true;
const summary: string[] = [];
for (const { name, dir, recordings } of rulesets) {
  const status = scenarioStatus(name, readFileSync(join(dir, `${name}.json`), 'utf8'), recordings);
  process.stdout.write(formatStatus(status, { diffs }) + '\n');
  const same = status.flows.filter((f) => !f.error && f.kernelExit === f.simulatorExit && !f.diffs.length).length;
  const exits = status.flows.filter((f) => !f.error && f.kernelExit === f.simulatorExit).length;
  if (status.invalid || status.refusals.length || same < status.flows.length) clean = false;
  summary.push(`${name.padEnd(28)} ${status.invalid ? 'does not validate' : `refused ${String(status.refusals.length).padStart(3)}  exits ${exits}/${status.flows.length}  frames ${same}/${status.flows.length}`}`);
}
console.log('## summary (refused lines; flows with the kernel\'s exit; flows with its exit and frames)');
console.log(summary.join('\n'));
process.exit(clean ? 0 : 1);
