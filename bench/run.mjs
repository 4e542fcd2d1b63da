/*
 * `npm run bench`: every part in turn (engine, worker, parse, ui, kernel), each in its own
 * process, each merging its figures into bench/results.json. The engine and worker parts run
 * bundled as the CLI is (scripts/node-bundle.mjs: the engine as people run it), the others
 * through tsx.
 * `--engine`, `--worker`, `--parse`, `--ui` or `--kernel` runs those parts only; other arguments
 * (`--quick`, `--only=TEXT`) pass on. The load average is printed at the start and end of each
 * part (and of each of its sections).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { bundleForNode } from '../scripts/node-bundle.mjs';

const args = process.argv.slice(2);
const PARTS = ['engine', 'worker', 'parse', 'ui', 'kernel'];
const only = args.filter((a) => PARTS.includes(a.slice(2)));
const rest = args.filter((a) => !only.includes(a));
const parts = only.length ? only.map((a) => a.slice(2)) : PARTS;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
/** The parts that run the engine, bundled as the CLI and the page's worker are (with the files each bundles). */
const BUNDLED = { engine: ['engine'], worker: ['worker', 'worker-host'] };
const started = Date.now();
let failed = 0;
for (const part of parts) {
  const t0 = Date.now();
  console.log(`\n== ${part}: load average at start ${load()}`);
  let r;
  if (BUNDLED[part]) {
    // Next to the sources, so that their paths (results.json, the checkout) are the same.
    for (const name of BUNDLED[part]) await bundleForNode(`bench/${name}.ts`, `bench/${name}.bundle.mjs`);
    r = spawnSync(process.execPath, [`bench/${part}.bundle.mjs`, ...rest], { stdio: 'inherit' });
  } else {
    r = spawnSync('npx', ['tsx', `bench/${part}.ts`, ...rest], { stdio: 'inherit' });
  }
  if (r.status !== 0) failed = r.status ?? 1;
  console.log(`== ${part}: load average at end ${load()} (${((Date.now() - t0) / 1000).toFixed(0)} s${r.status !== 0 ? `, exited ${r.status}` : ''})`);
}
console.log(`\nbench: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
process.exit(failed);
