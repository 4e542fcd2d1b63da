/*
 * bench/results.json, shared by the engine and UI benchmarks: each writes its own figures
 * (tagged with `part`) and keeps the other part's, so `--ui` alone does not erase the engine's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Figure {
  part?: 'engine' | 'ui';
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean | null;
  detail?: string;
}

const FILE = fileURLToPath(new URL('results.json', import.meta.url));

export function printTable(figures: Figure[]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const rows = figures.map((f) => [f.name, `${f.value.toLocaleString('en-US')} ${f.unit}`, f.target, f.pass === null ? '-' : f.pass ? 'ok' : 'MISS']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'target', ''][i]!.length));
  console.log([pad('figure', widths[0]!), pad('value', widths[1]!), pad('target', widths[2]!), ''].join('  '));
  for (const r of rows) console.log(r.map((c, i) => pad(c, widths[i]!)).join('  '));
  console.log('');
  for (const f of figures) if (f.detail) console.log(`${f.name}: ${f.detail}`);
}

/** Replaces `part`'s figures in bench/results.json, keeping the other part's. */
export function writeResults(part: 'engine' | 'ui', figures: Figure[]): void {
  let kept: Figure[] = [];
  if (existsSync(FILE)) {
    try {
      const old = JSON.parse(readFileSync(FILE, 'utf8')) as { figures?: Figure[] };
      // Figures written before parts were tagged are the engine's.
      kept = (old.figures ?? []).filter((f) => (f.part ?? 'engine') !== part);
    } catch {
      kept = [];
    }
  }
  const tagged = figures.map((f) => ({ ...f, part }));
  const all = part === 'engine' ? [...tagged, ...kept] : [...kept, ...tagged];
  const out = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, figures: all };
  writeFileSync(FILE, `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwrote bench/results.json');
}
