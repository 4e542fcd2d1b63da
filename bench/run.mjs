/*
 * `npm run bench`: the engine benchmarks, then the UI ones (each merges its figures into
 * bench/results.json; the parser figures are printed only). `--engine`, `--parse` or `--ui` runs one
 * part; other arguments (`--quick`) pass on.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const PARTS = ['engine', 'worker', 'parse', 'ui', 'kernel'];
const only = args.filter((a) => PARTS.includes(a.slice(2)));
const rest = args.filter((a) => !only.includes(a));
const parts = only.length ? only.map((a) => a.slice(2)) : PARTS;
let failed = 0;
for (const part of parts) {
  const r = spawnSync('npx', ['tsx', `bench/${part}.ts`, ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed = r.status ?? 1;
}
process.exit(failed);
