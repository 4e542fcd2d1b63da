/*
 * What bench/ui.ts measures pages with: the probe every page gets before its own scripts
 * (long tasks; when the devices and the verdict first show), frame counting, CPU time from a
 * trace, the JavaScript a page loads before its first render, and the preview servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * The JavaScript the page loads before its first render: the entry script and its
 * modulepreloads (the app chunk the entry imports at once among them: src/build/preload-startup.ts
 * lists it and its imports there).
 */
export function initialScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) out.push(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) out.push(m[1]!);
  return out;
}

/** `vite preview` with `args` (its own process group, for stopping it), once `url` answers. */
export async function serve(root: string, args: string[], url: string): Promise<ChildProcess> {
  const taken = await fetch(url).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${url} is already served by something else: stop it or set HAIRPIN_BENCH_PORT`);
  const child = spawn('npx', ['vite', 'preview', ...args, '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      fetch(url)
        .then(() => resolve(child))
        .catch(() => (Date.now() - started > 30_000 ? reject(new Error(`${url} did not come up`)) : setTimeout(poll, 200)));
    };
    poll();
  });
}

/**
 * Installed before any page script: long tasks, and when the canvas first shows N devices and
 * the verdict. Plain text, not a function: tsx would wrap a function with helpers the page lacks.
 */
export const PROBE = `(() => {
  const tasks = [];
  window.__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const marks = {};
  window.__marks = marks;
  const want = Number(sessionStorage.getItem('bench-devices') || 0);
  const nodes = document.getElementsByClassName('react-flow__node');
  const verdict = document.getElementsByClassName('sum-verdict');
  requestAnimationFrame(function poll(now) {
    // Every device, or for a large document (drawn only in view) at least 20; React Flow keeps
    // nodes hidden until it has measured them.
    if (marks.devices === undefined && want && nodes.length >= Math.min(want, 20) && [...nodes].every((n) => getComputedStyle(n).visibility === 'visible')) marks.devices = now;
    if (marks.verdict === undefined && verdict.length) marks.verdict = now;
    if (marks.devices === undefined || marks.verdict === undefined) requestAnimationFrame(poll);
  });
})();`;

export const marks = (page: Page) => page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
export const longTasks = (page: Page, from = 0) =>
  page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((x) => x.start >= t), from);

export async function waitMarks(page: Page, names: string[], timeout = 30_000) {
  await page.waitForFunction((ns) => ns.every((n) => (window as unknown as { __marks: Record<string, number> }).__marks[n] !== undefined), names, { timeout, polling: 50 });
  return marks(page);
}

/** Frames counted by requestAnimationFrame over `ms`, as frames per second (plain text: see PROBE). */
export const fpsOf = (page: Page, ms: number): Promise<number> =>
  page.evaluate(`new Promise((resolve) => {
    requestAnimationFrame((t0) => {
      let frames = 0;
      const tick = (now) => {
        frames++;
        if (now - t0 < ${ms}) requestAnimationFrame(tick);
        else resolve((frames * 1000) / (now - t0));
      };
      requestAnimationFrame(tick);
    });
  })`);

/**
 * CPU time per second over `ms` (Chromium's thread time, so other processes' load does not
 * count), from a trace: the page's main thread, and every thread of the browser together
 * (compositor, display compositor, raster, …).
 */
export async function cpuOf(browser: Browser, page: Page, ms: number): Promise<{ main: number; total: number }> {
  const file = join(tmpdir(), `hairpin-bench-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'toplevel'] });
  await page.waitForTimeout(ms);
  await browser.stopTracing();
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; ph: string; pid: number; tid: number; tdur?: number; args: { name?: string } }[] };
  rmSync(file, { force: true });
  const threads = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name ?? '');
  let main = 0;
  let total = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')) continue;
    const thread = threads.get(`${e.pid}:${e.tid}`);
    if (thread === 'PerfettoTrace') continue; // the tracing itself
    total += e.tdur ?? 0;
    if (thread === 'CrRendererMain') main += e.tdur ?? 0;
  }
  return { main: main / ms, total: total / ms };
}

/**
 * The main thread's longest tasks while `action` runs, from a trace: wall time (what a user
 * waits, stretched by other processes on a busy machine) and thread time (the page's own work).
 */
export async function tasksOf(browser: Browser, page: Page, action: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const file = join(tmpdir(), `hairpin-bench-tasks-${process.pid}.json`);
  await browser.startTracing(page, { path: file, categories: ['toplevel'] });
  await action();
  await browser.stopTracing();
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args: { name?: string } }[] };
  rmSync(file, { force: true });
  const main = new Set<string>();
  for (const e of trace.traceEvents) if (e.name === 'thread_name' && e.args.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  let wall = 0;
  let cpu = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !main.has(`${e.pid}:${e.tid}`)) continue;
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
  }
  return { wall, cpu };
}
