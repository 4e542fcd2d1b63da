/*
 * Time to answer, simulator against kernel: `npm run bench -- --kernel`. For built-in lessons
 * and a 100-router chain, the same question answered two ways, each a whole process as a user
 * runs it: `hairpin check LAB.json` (every flow simulated, checked against its expected exit)
 * against building the lab on this machine's kernel (`hairpin lab` → `bash lab.sh up`, each
 * flow with `bash lab.sh exec`, `bash lab.sh down`). Needs root and network namespaces; skipped,
 * with the reason, otherwise. Namespaces use the prefix HAIRPIN_BENCH_PREFIX (default "hb").
 * Prints a table and merges its figures into bench/results.json (part "kernel").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routerChain } from '../src/engine/generate/chain';
import type { ScenarioDoc } from '../src/engine/scenario/types';
import { fromRuns, median, printTable, section, writeResults, type Figure } from './results';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const prefix = process.env.HAIRPIN_BENCH_PREFIX ?? 'hb';
const log = (s: string) => process.stderr.write(`${s}\n`);
const figures: Figure[] = [];
const cli = join(root, 'bin/hairpin.mjs');
const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d });

/** Why the kernel side cannot run here, or undefined. */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (the lab needs root)';
  const probe = `${prefix}probe${process.pid % 1000}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `ip netns add fails: ${add.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

// A sample of the built-in lessons (all of them take too long for one bench run): plain
// routing, NAT, DNS, policy routing and a small Kubernetes node.
const LESSONS = quick ? ['home-lan', 'hairpin-nat-broken', 'dns-resolution'] : ['home-lan', 'hairpin-nat-broken', 'hairpin-nat-fixed', 'dns-resolution', 'return-traffic-policy', 'multi-wan', 'localhost-dnat', 'k8s-clusterip-iptables'];

const dir = mkdtempSync(join(tmpdir(), 'hairpin-bench-kernel-'));
const wall = (cmd: string, args: string[], opts: { cwd?: string } = {}) => {
  const t0 = performance.now();
  const p = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  return { ms: performance.now() - t0, status: p.status, stderr: p.stderr ?? '' };
};

interface Answer {
  name: string;
  /** `hairpin check`, whole process, ms (median of `simRuns`). */
  sim: number[];
  /** up + flows + down, ms. */
  kernel?: { up: number; flows: number; down: number; total: number; exits: string };
  skipped?: string;
}

function answer(name: string, file: string, simRuns: number): Answer {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ScenarioDoc;
  const sim: number[] = [];
  for (let r = 0; r <= simRuns; r++) {
    const p = wall(process.execPath, [cli, 'check', file]);
    if (p.status !== 0 && p.status !== 1) throw new Error(`hairpin check ${name} exited ${p.status}: ${p.stderr}`);
    if (r > 0) sim.push(p.ms); // the first warms the file cache
  }
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, execFileSync(process.execPath, [cli, 'lab', file, '--prefix', prefix], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  // Whatever an earlier, interrupted bench left behind.
  wall('bash', [script, 'down']);
  const up = wall('bash', [script, 'up']);
  try {
    if (up.status !== 0) return { name, sim, skipped: `lab up failed: ${up.stderr.trim().split('\n').slice(-2).join(' ')}` };
    let flows = 0;
    const exits: string[] = [];
    for (const f of doc.flows) {
      const p = wall('bash', [script, 'exec', f.on, f.run]);
      flows += p.ms;
      exits.push(`${p.status}${f.expect?.exit !== undefined && f.expect.exit !== p.status ? `(expected ${f.expect.exit})` : ''}`);
    }
    const down = wall('bash', [script, 'down']);
    return { name, sim, kernel: { up: up.ms, flows, down: down.ms, total: up.ms + flows + down.ms, exits: exits.join(' ') } };
  } finally {
    wall('bash', [script, 'down']);
  }
}

process.stderr.write(`kernel comparison${quick ? ' (--quick)' : ''}\n`);
const why = unavailable();
if (why) {
  log(`skipped: ${why}`);
  figures.push({ name: 'time to answer, kernel lab vs hairpin check', value: 0, unit: '', target: '(for reference)', pass: null, detail: `skipped: ${why}` });
} else {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'ignore' });
  await section('built-in lessons', figures, () => {
    const answers = LESSONS.map((name) => {
      const a = answer(name, join(root, 'src/scenarios', `${name}.json`), quick ? 2 : 3);
      log(`${name}: check ${median(a.sim).toFixed(0)} ms, kernel ${a.kernel ? a.kernel.total.toFixed(0) : a.skipped} ms`);
      return a;
    });
    const built = answers.filter((a) => a.kernel);
    const skipped = answers.filter((a) => a.skipped);
    const lines = answers.map((a) => (a.kernel ? `${a.name}: check ${fmt(median(a.sim))}, lab ${fmt(a.kernel.total)} (up ${fmt(a.kernel.up)}, flows ${fmt(a.kernel.flows)}, down ${fmt(a.kernel.down)}; exits ${a.kernel.exits})` : `${a.name}: ${a.skipped}`)).join('; ');
    figures.push(fromRuns(answers.map((a) => median(a.sim)), 'lower', 0, { name: `hairpin check, built-in lessons (${answers.length}), whole process`, unit: 'ms', target: '(for reference)', pass: () => null, detail: `median over lessons of each lesson's median of ${quick ? 2 : 3} runs` }));
    if (built.length) {
      figures.push(fromRuns(built.map((a) => a.kernel!.total), 'lower', 0, { name: `kernel lab up + flows + down, built-in lessons (${built.length})`, unit: 'ms', target: '(for reference)', pass: () => null, detail: lines }));
      figures.push(fromRuns(built.map((a) => a.kernel!.total / median(a.sim)), 'higher', 1, { name: 'time to answer, kernel lab / hairpin check, built-in lessons', unit: 'x', target: '> 1 (the simulator answers first)', pass: (m) => m > 1, detail: `per lesson: ${built.map((a) => `${a.name} ${(a.kernel!.total / median(a.sim)).toFixed(1)}`).join(', ')}${skipped.length ? `; skipped: ${skipped.map((a) => a.name).join(', ')}` : ''}` }));
    }
    log('lessons done');
  });
  await section('100-router chain', figures, () => {
    const file = join(dir, 'chain100.json');
    writeFileSync(file, JSON.stringify(routerChain(100)));
    const a = answer('chain100', file, quick ? 2 : 3);
    figures.push(fromRuns(a.sim, 'lower', 0, { name: 'hairpin check, 100-router chain (2 flows), whole process', unit: 'ms', target: '(for reference)', pass: () => null }));
    if (a.kernel) {
      figures.push({ name: 'kernel lab up + flows + down, 100-router chain', value: Math.round(a.kernel.total), unit: 'ms', target: '(for reference)', pass: null, runs: 1, detail: `up ${fmt(a.kernel.up)}, flows ${fmt(a.kernel.flows)}, down ${fmt(a.kernel.down)} ms; exits ${a.kernel.exits}; one build (it takes long)` });
      const ratio = a.kernel.total / median(a.sim);
      figures.push({ name: 'time to answer, kernel lab / hairpin check, 100-router chain', value: +ratio.toFixed(1), unit: 'x', target: '> 1 (the simulator answers first)', pass: ratio > 1, runs: 1 });
    } else figures.push({ name: 'kernel lab, 100-router chain', value: 0, unit: '', target: '(for reference)', pass: null, detail: a.skipped });
    log('chain done');
  });
}
rmSync(dir, { recursive: true, force: true });

printTable(figures, 'kernel');
writeResults('kernel', figures);
