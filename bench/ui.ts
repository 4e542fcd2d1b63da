/*
 * UI benchmarks: `npm run bench -- --ui`. Builds the app (and the bare React Flow page in
 * bench/bare), serves both with `vite preview`, drives Debian's Chromium with Playwright and
 * measures what a user waits for: the JavaScript loaded before first render, a share link's
 * first render, a 1,000-device scenario from link to verdict, the canvas frame rate against
 * bare React Flow, main-thread long tasks during a run, and at 10,000 devices the long tasks of
 * opening (link, import), running, stepping and the trace's device filter. Every figure is the
 * median of its visits with the best and the spread. Prints a table and merges its figures into
 * bench/results.json (part "ui"). See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { runScenario } from '../src/engine/api';
import { switchTree, withIdle } from '../src/engine/generate/large';
import type { ScenarioDoc } from '../src/engine/scenario/types';
import { encode, type SharedState } from '../src/share/codec';
import { toFlow } from '../src/ui/canvas/geometry';
import { withLayout } from '../src/ui/canvas/layout';
import { stepActivity } from '../src/ui/canvas/traffic';
import { cpuOf, fpsOf, initialScripts, longTasks, PROBE, serve, tasksOf, waitMarks } from './measure';
import { fromRuns, median, printTable, section, writeResults, type Figure } from './results';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const REPS = quick ? 3 : 5;
const PORT = Number(process.env.HAIRPIN_BENCH_PORT ?? 4174);
const BARE_PORT = Number(process.env.HAIRPIN_BENCH_BARE_PORT ?? PORT + 1);
const APP = `http://localhost:${PORT}`;
const BARE = `http://localhost:${BARE_PORT}`;
const FPS_MS = quick ? 2000 : 3000;
/** Visits timed for the longest task of a run and its playback (each a fresh page). */
const RUN_VISITS = quick ? 1 : 3;

const log = (s: string) => process.stderr.write(`${s}\n`);
const figures: Figure[] = [];
const add = (f: Omit<Figure, 'part'>) => figures.push({ part: 'ui', ...f });

// ---------------------------------------------------------------- build and sizes

log('building the app and the bare React Flow page…');
execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
execFileSync('npx', ['vite', 'build', '--config', 'bench/bare/vite.config.ts'], { cwd: root, stdio: 'inherit' });

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
await section('initial JavaScript', figures, async () => {
  const dist = join(root, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = initialScripts(html).map((src) => ({ src, raw: readFileSync(join(dist, src)).length, gz: gz(join(dist, src)) }));
  const kb = initial.reduce((s, f) => s + f.gz, 0) / 1024;
  const all = execFileSync('ls', [join(dist, 'assets')], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.js'));
  const lazy = all.filter((f) => !initial.some((i) => i.src.endsWith(f)));
  const lazyKb = lazy.reduce((s, f) => s + gz(join(dist, 'assets', f)), 0) / 1024;
  add({
    name: 'initial JavaScript (entry + modulepreloads, the app chunk among them), gzip',
    value: +kb.toFixed(1),
    unit: 'KB',
    target: '<= 250',
    pass: kb <= 250,
    detail: `${initial.map((f) => `${f.src} ${(f.raw / 1024).toFixed(0)} KB raw, ${(f.gz / 1024).toFixed(1)} KB gzip`).join('; ')}; loaded later: ${lazy.length} chunks (worker included), ${lazyKb.toFixed(0)} KB gzip`,
  });
});

// ---------------------------------------------------------------- servers and browser

const servers = [await serve(root, ['--port', String(PORT)], APP), await serve(root, ['--config', 'bench/bare/vite.config.ts', '--port', String(BARE_PORT)], BARE)];
const stopServers = () => {
  for (const s of servers.splice(0)) {
    try {
      if (s.pid) process.kill(-s.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.on('exit', stopServers);

const browser: Browser = await launchChromium();

/** A fresh context (empty cache and storage, as a first visit) with the probe installed. */
async function freshPage(devices: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript({ content: `sessionStorage.setItem('bench-devices', '${devices}');\n${PROBE}` });
  return context.newPage();
}

const linkFor = (state: SharedState) => `${APP}/${encode(state)}`;

/**
 * The view a user takes to watch frames cross a network too big to read whole. The app opens
 * such a document readable on its first flow's device and its neighbours (canvas/detail.ts),
 * and below zoom 0.2 draws every device as a dot and no frames (DotLayer): so, as a user would,
 * "Fit View" (the whole, as dots), then "Zoom In" until the devices are cards again. That is
 * the whole's middle at the least zoom with cards, the picture the bare page shows (fitView
 * clamped to minZoom 0.2). Buttons by CSS selector (see "CSS selectors, not roles" below).
 */
async function watchTheTree(page: Page): Promise<void> {
  const nodes = page.locator('.react-flow__node');
  await page.locator('.react-flow__controls-fitview').click();
  await nodes.first().waitFor({ state: 'detached' });
  for (let i = 0; i < 30 && !(await nodes.count()); i++) {
    await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
  }
  if (!(await nodes.count())) throw new Error('zooming in from the whole never drew the devices as cards');
}
// ---------------------------------------------------------------- first render of a shared link

await section('share link', figures, async () => {
  const name = 'hairpin-nat-broken';
  const doc = JSON.parse(readFileSync(join(root, 'src/scenarios', `${name}.json`), 'utf8')) as ScenarioDoc;
  const link = linkFor({ doc, flow: 1, step: 6, origin: name });
  const n = Object.keys(doc.devices).length;
  const times: number[] = [];
  for (let r = 0; r <= REPS; r++) {
    const page = await freshPage(n);
    await page.goto(link);
    const m = await waitMarks(page, ['devices']);
    if (r > 0) times.push(m.devices!);
    await page.context().close();
  }
  add(fromRuns(times, 'lower', 0, { name: 'first render of a share link (navigation → devices on the canvas)', unit: 'ms', target: '< 1000', pass: (ms) => ms < 1000, detail: `${name}, ${n} devices, link of ${link.length - APP.length - 1} characters; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms` }));
  log('share link done');
});

// ---------------------------------------------------------------- a 1,000-device scenario

await section('1,000 devices', figures, async () => {
  // 111 switches and 1,000 hosts on one LAN; the flow's ARP request floods every link.
  const doc = switchTree(3, 10);
  const n = Object.keys(doc.devices).length;
  // Shared with a step: opening the link lays the scenario out and runs its flow at once.
  const link = linkFor({ doc, flow: 0, step: 0 });
  const shown: number[] = [];
  const verdicts: number[] = [];
  let worstTask = 0;
  for (let r = 0; r <= Math.min(REPS, 3); r++) {
    const page = await freshPage(n);
    await page.goto(link);
    const m = await waitMarks(page, ['devices', 'verdict']);
    const ok = await page.locator('.sum-verdict.is-ok').count();
    if (!ok) throw new Error(`the 1,000-device flow did not succeed: ${await page.locator('.sum-verdict').textContent()}`);
    if (r > 0) {
      shown.push(m.devices!);
      verdicts.push(Math.max(m.devices!, m.verdict!));
      worstTask = Math.max(worstTask, ...(await longTasks(page)).map((t) => t.duration));
    }
    await page.context().close();
  }
  add(fromRuns(verdicts, 'lower', 0, {
    name: `${n.toLocaleString('en-US')}-device scenario: link → laid out, run, verdict shown`,
    unit: 'ms',
    target: '< 2000',
    pass: (ms) => ms < 2000,
    detail: `switchTree(3, 10) without positions, link of ${(link.length / 1024).toFixed(0)} KB; devices shown at ${median(shown).toFixed(0)} ms (median), verdict ${verdicts.map((t) => t.toFixed(0)).join(', ')} ms; longest main-thread task while loading ${worstTask.toFixed(0)} ms`,
  }));
  log('1,000 devices done');
});

// ---------------------------------------------------------------- canvas frame rate vs bare React Flow

await section('frame rate and long tasks', figures, async () => {
  // 18 switches and 289 hosts, placed by the app's own layout so both pages show the same picture.
  const doc = await withLayout(switchTree(2, 17));
  const n = Object.keys(doc.devices).length;
  const run = runScenario({ doc: JSON.stringify(doc), flow: 0 });
  if (!run.ok) throw new Error('the 300-node scenario does not load');
  // The step with the most frames on the wire (the ARP request's flood down the tree).
  let step = 0;
  let most = -1;
  for (let s = 0; s < run.events.length; s++) {
    const flying = stepActivity(run.events, s, doc.links).transits.filter((t) => t.state === 'flight').length;
    if (flying > most) [step, most] = [s, flying];
  }
  const link = linkFor({ doc, flow: 0, step });

  // One page at a time: a page in the background of a headless browser still draws its frames.
  const openApp = async () => {
    const page = await freshPage(n);
    await page.goto(link);
    await waitMarks(page, ['devices', 'verdict']);
    await page.locator(`.pb-scrubber[value="${step}"]`).waitFor();
    await watchTheTree(page);
    await page.waitForTimeout(500);
    return page;
  };
  const positions = Object.entries(doc.devices).map(([id, d]) => ({ id, ...toFlow(d.at) }));
  const edges = doc.links.map(([a, b]) => [a.split(':')[0]!, b.split(':')[0]!] as [string, string]);
  const openBare = async (dots: number) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript((input) => ((window as unknown as { __BARE__: unknown }).__BARE__ = input), { nodes: positions, edges, dots: Math.max(dots, 1), minZoom: 0.2 });
    await page.goto(BARE);
    await page.locator('.react-flow__node').nth(n - 1).waitFor();
    await page.waitForTimeout(500);
    return page;
  };

  // Side by side in one run: the two pages alternate, so machine noise hits both alike.
  const appFps: number[] = [];
  const bareFps: number[] = [];
  let dots = 0;
  let appCpu = { main: 0, total: 0 };
  let bareCpu = { main: 0, total: 0 };
  for (let r = 0; r < (quick ? 2 : 3); r++) {
    const app = await openApp();
    dots = await app.locator('.frame-dot.is-flying').count();
    appFps.push(await fpsOf(app, FPS_MS));
    if (r === 0) appCpu = await cpuOf(browser, app, FPS_MS);
    await app.context().close();
    const bare = await openBare(dots);
    bareFps.push(await fpsOf(bare, FPS_MS));
    if (r === 0) bareCpu = await cpuOf(browser, bare, FPS_MS);
    await bare.close();
  }
  add(fromRuns(appFps, 'higher', 1, { name: `canvas frame rate, ${dots} frames animating on ${n} devices`, unit: 'fps', target: '>= 55', pass: (a) => a >= 55 && dots >= 50, detail: `paused at step ${step + 1} of ${run.events.length} (frames loop on their links), viewed as watchTheTree() does (Fit View, then Zoom In until cards); runs ${appFps.map((x) => x.toFixed(1)).join(', ')} fps${dots < 50 ? '; FEWER THAN 50 FRAMES ON SCREEN' : ''}` }));
  // Per pair of alternating visits.
  add(fromRuns(appFps.map((x, i) => x / bareFps[i]!), 'higher', 2, { name: 'canvas frame rate / bare React Flow (same nodes, same number of moving dots)', unit: 'x', target: '>= 0.9', pass: (r) => r >= 0.9, detail: `bare React Flow ${bareFps.map((x) => x.toFixed(1)).join(', ')} fps with ${dots} dots moved by requestAnimationFrame` }));

  add({ name: 'CPU while animating / bare React Flow (all browser threads)', value: +(appCpu.total / bareCpu.total).toFixed(2), unit: 'x', target: 'for reference (< 1 = cheaper)', pass: null, detail: `app ${appCpu.total.toFixed(0)} ms of CPU per second (main thread ${appCpu.main.toFixed(0)}), bare ${bareCpu.total.toFixed(0)} (main thread ${bareCpu.main.toFixed(0)})` });

  // The same while playing through the flood at 16 events/s: frames start and end at every step.
  const player = await freshPage(n);
  const from = Math.max(0, step - 40);
  await player.goto(linkFor({ doc, flow: 0, step: from }));
  await waitMarks(player, ['devices', 'verdict']);
  await watchTheTree(player);
  await player.waitForTimeout(500);
  await player.locator('.pb-speed select').selectOption('16');
  await player.locator('.pb-play').click();
  const playing = await fpsOf(player, FPS_MS);
  const playingCpu = await cpuOf(browser, player, 1000);
  const flyingAtEnd = await player.locator('.frame-dot.is-flying').count();
  const reached = Number(await player.locator('.pb-scrubber').inputValue());
  await player.context().close();
  add({ name: `canvas frame rate while playing through the flood (16 events/s)`, value: +playing.toFixed(1), unit: 'fps', target: 'for reference', pass: null, detail: `steps ${from + 1} → ${reached + 1} in ${FPS_MS / 1000} s, ${flyingAtEnd} frames in flight on screen at the end; ${playingCpu.total.toFixed(0)} ms of CPU per second (main thread ${playingCpu.main.toFixed(0)})` });

  // Long tasks while a flow runs and plays back: Run, wait for the verdict, play for a while.
  // CSS selectors, not roles: finding an element by its accessible name runs in the page and
  // would count as the page's own work.
  // After a moment on the page, as a user would take: the lazy parts load in idle time first.
  // RUN_VISITS visits, each in a fresh page: one visit's longest task is one sample of the host.
  const runAndPlay = async (page: Page) => {
    await page.locator('header button.primary').click();
    await page.locator('.sum-verdict').waitFor();
    await page.locator('.pb-speed select').selectOption({ index: 3 });
    await page.locator('.pb-play').click();
    await page.waitForTimeout(FPS_MS);
  };
  const worst: number[] = [];
  const perVisit: string[] = [];
  let speed = '';
  for (let visit = 0; visit < RUN_VISITS; visit++) {
    const app = await openApp();
    await app.waitForTimeout(1500);
    const t0 = await app.evaluate(() => performance.now());
    await runAndPlay(app);
    const tasks = await longTasks(app, t0);
    speed = await app.locator('.pb-speed select').inputValue();
    worst.push(Math.max(0, ...tasks.map((t) => t.duration)));
    perVisit.push(tasks.map((t) => t.duration.toFixed(0)).join('/') || 'none');
    await app.context().close();
  }
  add(fromRuns(worst, 'lower', 0, { name: 'longest main-thread task during a run and playback', unit: 'ms', target: '<= 50', pass: (m) => m <= 50, detail: `${n} devices: Run, verdict, ${FPS_MS / 1000} s of playback at ${speed} events/s; long tasks per visit: ${perVisit.join(' | ')} ms` }));

  // The same again under a trace, for the longest task's own CPU time: on a shared machine the
  // wall time above is stretched by other processes.
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let visit = 0; visit < RUN_VISITS; visit++) {
    const traced = await openApp();
    await traced.waitForTimeout(1500);
    const longest = await tasksOf(browser, traced, () => runAndPlay(traced));
    await traced.context().close();
    cpu.push(longest.cpu);
    wall.push(longest.wall);
  }
  add(fromRuns(cpu, 'lower', 0, { name: 'longest main-thread task during a run and playback, CPU time', unit: 'ms', target: '<= 50', pass: (m) => m <= 50, detail: `thread time from a trace of the same runs (their wall time under the trace: ${wall.map((w) => w.toFixed(0)).join(', ')} ms)` }));
  log('frame rate and long tasks done');
});

// ---------------------------------------------------------------- 10,000 devices: main-thread long tasks

await section('10,000 devices, long tasks', figures, async () => {
  // client — r1 — server and 9,997 idle hosts (pairs on their own links), no positions.
  const doc = withIdle(9_997);
  const n = Object.keys(doc.devices).length;
  // The file to import, given by path as a user picks one: given as a buffer, Playwright copied
  // its 1 MB into the page through a script of its own, a long task on the page's main thread.
  const file = join(tmpdir(), `hairpin-bench-${process.pid}-idle-10000.json`);
  writeFileSync(file, JSON.stringify(doc));
  process.on('exit', () => rmSync(file, { force: true }));
  const link = linkFor({ doc, flow: 0 });
  const OVER = 100;
  type Task = { start: number; duration: number };
  const now = (page: Page) => page.evaluate(() => performance.now());
  /** Long tasks since `t0`, once `settle` ms have passed with nothing else to wait for. */
  const tasksSince = async (page: Page, t0: number, settle = 1500) => {
    await page.waitForTimeout(settle);
    return longTasks(page, t0) as Promise<Task[]>;
  };
  // A cheap check (no accessible-name lookup, which would be the page's own work): the
  // document is drawn once the canvas shows devices of it.
  const shown = (page: Page) => page.waitForFunction(() => /^([ab]\d+|r1|client|server)$/.test(document.querySelector('.react-flow__node')?.getAttribute('data-id') ?? ''), undefined, { timeout: 120_000, polling: 100 });
  const phases: Record<string, Task[][]> = { 'opening from a link': [], 'opening from an import': [], running: [], 'stepping with a device selected': [], "opening the trace's device filter": [] };
  const reps = quick ? 1 : 2;
  let selected = '';
  for (let r = 0; r < reps; r++) {
    // From a link (no step: opening it does not run the flow).
    const page = await freshPage(n);
    await page.goto(link);
    await shown(page);
    phases['opening from a link']!.push(await tasksSince(page, 0));
    // Running: Run, until the verdict shows.
    let t0 = await now(page);
    await page.locator('header button.primary').click();
    await page.locator('.sum-verdict').waitFor({ timeout: 120_000 });
    phases.running!.push(await tasksSince(page, t0));
    // Stepping with a device selected (the router if it is in view, else the first device
    // drawn): five steps, each given time for its views.
    const router = page.locator('.react-flow__node[data-id="r1"]');
    const device = (await router.count()) ? router : page.locator('.react-flow__node').first();
    selected = (await device.getAttribute('data-id')) ?? '?';
    await device.click();
    await page.waitForTimeout(1500);
    t0 = await now(page);
    for (let s = 0; s < 5; s++) {
      await page.locator('button[aria-label="Step forward"]').click();
      await page.waitForTimeout(600);
    }
    phases['stepping with a device selected']!.push(await tasksSince(page, t0));
    // The trace's device filter, opened.
    t0 = await now(page);
    await page.locator('input[aria-label="Device filter"]').click();
    phases["opening the trace's device filter"]!.push(await tasksSince(page, t0));
    await page.context().close();

    // From an import (Share → Import scenario…, a .json file), over the default document.
    const imp = await freshPage(n);
    await imp.goto(APP);
    await imp.locator('.react-flow__node').first().waitFor();
    await imp.locator('header button[aria-haspopup="dialog"]', { hasText: 'Share' }).click();
    const input = imp.locator('input[aria-label="Scenario file to import"]');
    await input.waitFor({ state: 'attached' });
    await imp.waitForTimeout(500);
    t0 = await now(imp);
    await input.setInputFiles(file);
    await shown(imp);
    phases['opening from an import']!.push(await tasksSince(imp, t0));
    await imp.context().close();
    log(`10,000 devices: visit ${r + 1} of ${reps} done`);
  }
  for (const [phase, runs] of Object.entries(phases)) {
    const longest = runs.map((ts) => Math.max(0, ...ts.map((t) => t.duration)));
    const over = runs.map((ts) => ts.filter((t) => t.duration > OVER).length);
    add(fromRuns(longest, 'lower', 0, { name: `longest main-thread task, ${n.toLocaleString('en-US')} devices, ${phase}`, unit: 'ms', target: `<= ${OVER}`, pass: (m) => m <= OVER, detail: `tasks over ${OVER} ms per visit: ${over.join(', ')}; ${phase.startsWith('stepping') ? `device ${selected}; ` : ''}long tasks (> 50 ms) per visit: ${runs.map((ts) => ts.map((t) => t.duration.toFixed(0)).join('/') || 'none').join(' | ')}` }));
    add(fromRuns(over, 'lower', 0, { name: `main-thread tasks over ${OVER} ms, ${n.toLocaleString('en-US')} devices, ${phase}`, unit: 'tasks', target: '0', pass: (m) => m === 0 }));
  }
  log('10,000 devices done');
});

await browser.close();
stopServers();

printTable(figures);
writeResults('ui', figures);
