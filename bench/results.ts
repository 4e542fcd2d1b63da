/*
 * bench/results.json, shared by the bench's parts: each writes its own figures (tagged with
 * `part`) and keeps the others', so `--ui` alone does not erase the engine's. Every figure is
 * the median of several runs, with the best run and the spread (min–max) beside it, and the
 * load average (1 min) of the machine when its section started and ended: the machine is
 * shared, and a figure means little without the load it was measured under.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export type Part = 'engine' | 'worker' | 'ui' | 'kernel' | 'parse';

export interface Figure {
  part?: Part;
  name: string;
  /** The median of the runs (or a single measurement when `runs` is 1). */
  value: number;
  unit: string;
  target: string;
  /** Judged on the median. */
  pass: boolean | null;
  /** The best run (lowest time, highest rate). */
  best?: number;
  /** The lowest and highest run. */
  spread?: [number, number];
  runs?: number;
  /** Load average (1 min) at the start and at the end of the figure's section. */
  load?: [number, number];
  detail?: string;
}

export interface Stats {
  median: number;
  best: number;
  spread: [number, number];
  runs: number;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Median, best and min–max of `xs`; `better` says which end is the best run. */
export function stats(xs: readonly number[], better: 'lower' | 'higher' = 'lower'): Stats {
  if (!xs.length) throw new Error('no runs');
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return { median: median(xs), best: better === 'lower' ? lo : hi, spread: [lo, hi], runs: xs.length };
}

const round = (x: number, digits: number) => +x.toFixed(digits);

/** A figure from its runs: value = median, with best, spread and runs, rounded to `digits`. */
export function fromRuns(xs: readonly number[], better: 'lower' | 'higher', digits: number, f: Omit<Figure, 'value' | 'best' | 'spread' | 'runs' | 'pass'> & { pass: (median: number) => boolean | null }): Figure {
  const s = stats(xs, better);
  return { ...f, value: round(s.median, digits), best: round(s.best, digits), spread: [round(s.spread[0], digits), round(s.spread[1], digits)], runs: s.runs, pass: f.pass(s.median) };
}

export const load1 = (): number => +loadavg()[0]!.toFixed(2);
const loadLine = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** `--only=TEXT`: run only the sections whose name contains TEXT (their figures replace the part's). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/**
 * Runs one section of a part, printing the load average at its start and end, and tags the
 * figures it adds with both.
 */
export async function section(name: string, figures: Figure[], body: () => void | Promise<void>): Promise<void> {
  if (ONLY !== undefined && !name.includes(ONLY)) return;
  const start = load1();
  const before = figures.length;
  process.stderr.write(`[${name}] load average at start: ${loadLine()}\n`);
  await body();
  const end = load1();
  process.stderr.write(`[${name}] load average at end:   ${loadLine()}\n`);
  for (const f of figures.slice(before)) f.load ??= [start, end];
}

const fmt = (x: number) => x.toLocaleString('en-US');

export function printTable(figures: Figure[], title?: string): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const head = ['figure', 'median', 'best', 'spread (min–max)', 'n', 'load', 'target', ''];
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.best === undefined ? '' : fmt(f.best),
    f.spread ? `${fmt(f.spread[0])}–${fmt(f.spread[1])}` : '',
    String(f.runs ?? 1),
    f.load ? `${f.load[0]}→${f.load[1]}` : '',
    f.target,
    f.pass === null ? '-' : f.pass ? 'ok' : 'MISS',
  ]);
  const widths = head.map((h, i) => Math.max(...rows.map((r) => r[i]!.length), h.length));
  if (title) console.log(`\n${title} (load average now ${loadLine()})`);
  console.log(head.map((h, i) => pad(h, widths[i]!)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => pad(c, widths[i]!)).join('  '));
  console.log('');
  for (const f of figures) if (f.detail) console.log(`${f.name}: ${f.detail}`);
}

const FILE = fileURLToPath(new URL('results.json', import.meta.url));
const ORDER: Part[] = ['engine', 'worker', 'parse', 'ui', 'kernel'];

/** Replaces `part`'s figures in bench/results.json, keeping the other parts'. */
export function writeResults(part: Part, figures: Figure[]): void {
  let kept: Figure[] = [];
  if (existsSync(FILE)) {
    try {
      const old = JSON.parse(readFileSync(FILE, 'utf8')) as { figures?: Figure[] };
      // Figures written before parts were tagged are the engine's. With --only, the part's
      // other figures stay.
      const fresh = new Set(figures.map((f) => f.name));
      kept = (old.figures ?? []).filter((f) => (f.part ?? 'engine') !== part || (ONLY !== undefined && !fresh.has(f.name)));
    } catch {
      kept = [];
    }
  }
  const all = [...kept, ...figures.map((f) => ({ ...f, part }))].sort((a, b) => ORDER.indexOf(a.part!) - ORDER.indexOf(b.part!));
  const out = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, figures: all };
  writeFileSync(FILE, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote bench/results.json (${part})`);
}
