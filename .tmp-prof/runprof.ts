// Profile of the Run click on the 307-device bench page (not committed).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { runScenario } from '../src/engine/api';
import { switchTree } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';
import { withLayout } from '../src/ui/canvas/layout';
import { stepActivity } from '../src/ui/canvas/traffic';
import { PROBE, serve, waitMarks, longTasks } from '../bench/measure';
const APP = 'http://127.0.0.1:4180';
const server = await serve(process.cwd(), ['--port', '4180'], APP);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const doc = await withLayout(switchTree(2, 17));
  const n = Object.keys(doc.devices).length;
  const run = runScenario({ doc: JSON.stringify(doc), flow: 0 });
  if (!run.ok) throw new Error('no');
  let step = 0, most = -1;
  for (let s = 0; s < run.events.length; s++) { const f = stepActivity(run.events, s, doc.links).transits.filter((t) => t.state === 'flight').length; if (f > most) [step, most] = [s, f]; }
  const link = `${APP}/${encode({ doc, flow: 0, step })}`;
  for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript({ content: `sessionStorage.setItem('bench-devices', '${n}');\n${PROBE}` });
    const page = await context.newPage();
    await page.goto(link);
    await waitMarks(page, ['devices', 'verdict']);
    await page.locator(`.pb-scrubber[value="${step}"]`).waitFor();
    const nodes = page.locator('.react-flow__node');
    await page.locator('.react-flow__controls-fitview').click();
    await nodes.first().waitFor({ state: 'detached' });
    for (let i = 0; i < 30 && !(await nodes.count()); i++) { await page.locator('.react-flow__controls-zoomin').click(); await page.waitForTimeout(300); }
    await page.waitForTimeout(2000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const t0 = await page.evaluate(() => performance.now());
    await cdp.send('Profiler.start');
    await page.locator('header button.primary').click();
    await page.locator('.sum-verdict').waitFor();
    await page.waitForTimeout(1500);
    const { profile } = await cdp.send('Profiler.stop');
    const tasks = await longTasks(page, t0);
    console.log('long tasks', tasks.map((t) => `${t.duration.toFixed(0)}@${(t.start - t0).toFixed(0)}`).join(' '));
    writeFileSync(`/tmp/b/ui/run${rep}.cpuprofile`, JSON.stringify(profile));
    await context.close();
  }
} finally {
  await browser.close();
  process.kill(-server.pid!, 'SIGTERM');
}
