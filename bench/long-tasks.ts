/*
 * Main-thread long tasks while opening, running and stepping large documents (issue 19: none
 * over 100 ms). `npx tsx bench/long-tasks.ts` against a preview already served on
 * HAIRPIN_E2E_PORT (or HAIRPIN_BENCH_PORT): opens a 10,000-device document from a share link and
 * from the import, runs its flow, steps, then imports a 100,000-route router and selects it.
 * Prints, per action, the longest main-thread task and how many took over 100 ms (from the
 * page's PerformanceObserver 'longtask'), with the load average.
 */
import { loadavg, tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { manyRoutes, withIdle } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';

const PORT = Number(process.env.HAIRPIN_BENCH_PORT ?? process.env.HAIRPIN_E2E_PORT ?? 4174);
const APP = `http://localhost:${PORT}`;
const PROBE = `(() => {
  const tasks = [];
  window.__longTasks = tasks;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
})();`;

const big = withIdle(9_997);
const routes = manyRoutes(100_000);
const bigFile = join(tmpdir(), `hairpin-${process.pid}-10k.json`);
const routesFile = join(tmpdir(), `hairpin-${process.pid}-routes.json`);
writeFileSync(bigFile, JSON.stringify(big));
writeFileSync(routesFile, JSON.stringify(routes));

const rows: { action: string; longest: number; over100: number; count: number }[] = [];
const settle = (page: Page, ms = 1500) => page.waitForTimeout(ms);
/** PROFILE=<part of an action's name>: also prints where that action's main-thread time went (build with --minify false). */
const PROFILE = process.env.PROFILE;
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
async function measure(page: Page, action: string, act: () => Promise<void>) {
  const from = await page.evaluate(() => performance.now());
  const cdp = PROFILE && action.includes(PROFILE) ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  await act();
  await settle(page);
  if (cdp) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    const selfBy = new Map<string, number>();
    const totalBy = new Map<string, number>();
    for (const [id, ms] of self) {
      selfBy.set(name(byId.get(id)!), (selfBy.get(name(byId.get(id)!)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const k = name(byId.get(at)!);
        if (!seen.has(k)) totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
        seen.add(k);
      }
    }
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 40)).map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms ${k}`).join('\n');
    process.stderr.write(`-- self time\n${top(selfBy)}\n-- total time\n${top(totalBy)}\n`);
  }
  const tasks = await page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((x) => x.start >= t), from);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  rows.push({ action, longest: Math.round(longest), over100: tasks.filter((t) => t.duration > 100).length, count: tasks.length });
  process.stderr.write(`${action}: longest ${longest.toFixed(0)} ms, ${tasks.filter((t) => t.duration > 100).length} over 100 ms [${tasks.map((t) => t.duration.toFixed(0)).join(' ')}]\n`);
}

async function importFile(page: Page, file: string, title: RegExp) {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByLabel('Scenario file to import').setInputFiles(file);
  await page.waitForFunction((t) => [...document.querySelectorAll('[role=status]')].some((s) => new RegExp(t).test(s.textContent ?? '')), title.source, { timeout: 60_000, polling: 200 });
}

const load = loadavg().map((x) => x.toFixed(2)).join(' ');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE });

  await page.goto(APP);
  await page.getByRole('button', { name: 'Run' }).first().waitFor();
  await settle(page);
  await measure(page, 'open 10,000 devices from a link', async () => {
    await page.evaluate((hash) => (location.hash = hash), encode({ doc: big, flow: 0 }));
    await page.waitForFunction(() => [...document.querySelectorAll('option')].some((o) => o.textContent?.includes('9997 idle devices')), undefined, { timeout: 60_000, polling: 200 });
  });
  await measure(page, 'run its flow', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // A plain query: Playwright's role and text engines themselves take the main thread on a page this large.
    await page.waitForFunction(() => document.getElementsByClassName('sum-verdict').length > 0, undefined, { timeout: 60_000, polling: 200 });
  });
  await measure(page, 'step forward', async () => {
    await page.getByRole('button', { name: 'Step forward' }).click();
  });
  await page.goto(APP);
  await page.getByRole('button', { name: 'Run' }).first().waitFor();
  await settle(page);
  await measure(page, 'import 10,000 devices', () => importFile(page, bigFile, /^Imported /));
  await page.keyboard.press('Escape');
  await measure(page, 'import a 100,000-route router', () => importFile(page, routesFile, /^Imported /));
  await page.keyboard.press('Escape');
  // What the import leaves to do after "Imported" (the canvas taking in the document), apart from the selection.
  await measure(page, 'after the import, nothing pressed', () => settle(page, 8000));
  await measure(page, 'select the 100,000-route router', async () => {
    await page.getByRole('group', { name: 'r1 (router)' }).click();
    await page.getByTestId('config-editor').waitFor({ timeout: 60_000 });
    await settle(page, 3000);
  });
  await page.screenshot({ path: 'test-results/long-tasks.png' });
} finally {
  await browser.close();
}
console.log(`load average at start: ${load}; at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.table(rows);
