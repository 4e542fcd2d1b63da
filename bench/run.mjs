/*
 * `npm run bench`: every part in turn (engine, worker, parse, ui, kernel), each in its own
 * process, each merging its figures into bench/results.json. The engine part runs bundled as the
 * CLI is (scripts/node-bundle.mjs: the engine as people run it), the others through tsx.
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
const ENGINE_BUNDLE = 'bench/engine.bundle.mjs';
const started = Date.now();
let failed = 0;
for (const part of parts) {
  const t0 = Date.now();
  console.log(`\n== ${part}: load average at start ${load()}`);
  let r;
  if (part === 'engine') {
    // Next to engine.ts, so that its paths (results.json, the checkout) are the same.
    await bundleForNode('bench/engine.ts', ENGINE_BUNDLE);
    r = spawnSync(process.execPath, [ENGINE_BUNDLE, ...rest], { stdio: 'inherit' });
  } else {
    r = spawnSync('npx', ['tsx', `bench/${part}.ts`, ...rest], { stdio: 'inherit' });
  }
  if (r.status !== 0) failed = r.status ?? 1;
  console.log(`== ${part}: load average at end ${load()} (${((Date.now() - t0) / 1000).toFixed(0)} s${r.status !== 0 ? `, exited ${r.status}` : ''})`);
}
console.log(`\nbench: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
process.exit(failed);
