import { expect, test, type Page } from '@playwright/test';
import { switchTree, withIdle } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';
import { dropScenario } from './support';

/*
 * Opening a 10,000-device document without a long task on the page (issue 19), shown by what
 * the page did rather than how long it took: the worker lays the document out (the page's own
 * layout count stays 0) before it crosses, so the canvas draws it once; the canvas holds and
 * labels only the devices near the view (the worker reads their configs, not all 9,999), and
 * the view still goes anywhere; undo and redo keep working on it.
 */

const big = withIdle(9_997);
type Counts = Partial<Record<string, { calls: number; lines: number }>>;
const requests = (page: Page) => page.evaluate(() => (window as unknown as { __hairpinEngineRequests: Counts }).__hairpinEngineRequests);
const engineCalls = (page: Page) => page.evaluate(() => (window as unknown as { hairpinEngine: { requests: Record<string, number> } }).hairpinEngine.requests);
const pageLayouts = (page: Page) => page.evaluate(() => (window as unknown as { __hairpinPageLayouts: { count: number } }).__hairpinPageLayouts.count);
const workerLayouts = (page: Page) => page.evaluate(() => (window as unknown as { hairpinEngine: { layoutsMade(): Promise<number> } }).hairpinEngine.layoutsMade());
const device = (page: Page, id: string, kind = 'host') => page.getByRole('application', { name: 'Network diagram' }).getByRole('group', { name: `${id} (${kind})` });

test.describe.configure({ timeout: 180_000 });

test('a 10,000-device link arrives placed by the worker, labelled near the view, and the view goes anywhere on it', async ({ page }) => {
  await page.goto(`/${encode({ doc: big, flow: 0 })}`);
  // It opens on its flow's device, with the addresses the worker read from the configs.
  await expect(device(page, 'client')).toContainText('192.168.0.2/24', { timeout: 90_000 });
  await expect(device(page, 'r1', 'router')).toContainText('192.168.1.1/24');
  await expect(page.getByText(/^Placing .* devices…$/)).toHaveCount(0);
  // Laid out once, in the worker; the labels of the devices near the view only were asked for.
  expect(await pageLayouts(page)).toBe(0);
  expect(await workerLayouts(page)).toBe(1);
  expect((await requests(page)).readShareLink).toEqual({ calls: 1, lines: 0 });
  expect((await engineCalls(page)).layoutPositions).toBeUndefined();
  const labelsAtOpening = (await requests(page)).canvasConfigFacts!.lines;
  expect(labelsAtOpening).toBeGreaterThanOrEqual(6);
  expect(labelsAtOpening).toBeLessThan(200);

  // Dragged far along the row of idle pairs: the devices there are drawn, labels and links included.
  expect(await device(page, 'a30').count()).toBe(0);
  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(box.x + box.width - 20, box.y + box.height - 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 20, box.y + box.height - 30, { steps: 8 });
    await page.mouse.up();
  }
  const far = page.getByRole('application', { name: 'Network diagram' }).getByRole('group', { name: /^a\d+ \(host\)$/ });
  await expect(far.first()).toBeInViewport();
  const id = (await far.first().getAttribute('aria-label'))!.split(' ')[0]!;
  const p = Number(id.slice(1));
  expect(p).toBeGreaterThanOrEqual(20);
  await expect(far.first()).toContainText(`10.0.${p}.1/24`);
  await expect(page.getByRole('application', { name: 'Network diagram' }).getByLabel(`Link ${id}:eth0 to b${p}:eth0`)).toBeAttached();
  // Their labels were asked for as the view came to them; still a small part of the 9,999.
  const labelsAfter = (await requests(page)).canvasConfigFacts!.lines;
  expect(labelsAfter).toBeGreaterThan(labelsAtOpening);
  expect(labelsAfter).toBeLessThan(1_000);
  // Selected there, the inspector opens on it; still nothing laid out on the page.
  await far.first().click();
  await expect(page.getByRole('region', { name: 'Inspector' }).getByRole('heading', { level: 2 })).toContainText(id);
  expect(await pageLayouts(page)).toBe(0);
});

test('a 10,000-device file imported over a lesson: placed by the worker, undone to the lesson, redone without another layout', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await expect(device(page, 'pc1')).toContainText('192.168.1.2/24');
  await dropScenario(page, big, 'big.json', 90_000);
  await expect(device(page, 'client')).toContainText('192.168.0.2/24', { timeout: 60_000 });
  expect(await pageLayouts(page)).toBe(0);
  expect(await workerLayouts(page)).toBe(1);

  // Undo brings back the lesson the import replaced, redo the same placed document.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(device(page, 'pc1')).toBeVisible({ timeout: 60_000 });
  await expect(device(page, 'client')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(device(page, 'client')).toContainText('192.168.0.2/24', { timeout: 60_000 });
  await expect(page.getByText(/^Placing .* devices…$/)).toHaveCount(0);
  expect(await workerLayouts(page)).toBe(1);
  expect(await pageLayouts(page)).toBe(0);
});

test('a saved document without positions is laid out in the worker too, when it reopens', async ({ page }) => {
  // A small one (dagre's layout, in the worker), saved as the page saves one, and current.
  const doc = switchTree(1, 3);
  await page.addInitScript((record) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('hairpin.storage', JSON.stringify({ version: 1 }));
    localStorage.setItem('hairpin.scenario.unplaced1', JSON.stringify(record));
    localStorage.setItem('hairpin.current', JSON.stringify({ saved: 'unplaced1' }));
  }, { id: 'unplaced1', name: doc.title, updatedAt: Date.now(), doc });
  await page.goto('/');
  for (const id of ['h1', 'h2', 'h3']) await expect(device(page, id)).toBeInViewport({ timeout: 60_000 });
  await expect(device(page, 's1', 'switch')).toBeInViewport();
  expect((await engineCalls(page)).layoutPositions).toBe(1);
  expect(await workerLayouts(page)).toBe(1);
  expect(await pageLayouts(page)).toBe(0);
  // Placed below its switch, side by side, as the layout always placed them.
  const [s1, h1, h2] = await Promise.all([device(page, 's1', 'switch'), device(page, 'h1'), device(page, 'h2')].map((d) => d.boundingBox()));
  expect(h1!.y).toBeGreaterThan(s1!.y);
  expect(h1!.y).toBe(h2!.y);
  expect(h1!.x).not.toBe(h2!.x);
});
