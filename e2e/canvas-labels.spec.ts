import { expect, test, type Page } from '@playwright/test';
import { withIdle } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';

/*
 * The devices' address labels on a 10,000-device document (issue 19): the worker reads the
 * configs of the devices the canvas draws (those near the view), each once, and the page draws
 * its answer; the page parses none. Counted, never timed: the engine client counts the label
 * requests and the configs they carried (window.__hairpinEngineRequests), and the page's own
 * config reader counts its reads (window.__hairpinPageConfigReads).
 */

const big = withIdle(9_997);
type Counts = { calls: number; lines: number };
const labelRequests = (page: Page) => page.evaluate(() => (window as unknown as { __hairpinEngineRequests: Partial<Record<string, Counts>> }).__hairpinEngineRequests.canvasConfigFacts);
// The reader is in chunks the page loads later (the send-packet dialog, the handout): not loaded, it has read nothing.
const pageReads = (page: Page) => page.evaluate(() => (window as unknown as { __hairpinPageConfigReads?: { count: number } }).__hairpinPageConfigReads?.count ?? 0);

test.describe.configure({ timeout: 180_000 });

test('a 10,000-device link: the worker reads the configs of the devices near the view, once each; an edit sends only the device edited', async ({ page }) => {
  expect(Object.values(big.devices).filter((d) => d.config?.length).length).toBeGreaterThanOrEqual(9_999);
  await page.goto(`/${encode({ doc: big, flow: 0 })}`);
  const diagram = page.getByRole('application', { name: 'Network diagram' });
  const client = diagram.getByRole('group', { name: 'client (host)' });
  // The labels, as `ip addr` would list the addresses: read in the worker, drawn on the page.
  await expect(client).toContainText('192.168.0.2/24', { timeout: 90_000 });
  await expect(diagram.getByRole('group', { name: 'r1 (router)' })).toContainText('192.168.0.1/24');
  // The configs of the devices near the view sent, a few dozen of the 9,999; none read on the page.
  const opened = (await labelRequests(page))!;
  expect(opened.lines).toBeGreaterThanOrEqual(6);
  expect(opened.lines).toBeLessThan(200);
  expect(await pageReads(page)).toBe(0);

  // One device's config edited: a second address on client's eth0 shows as "+1"; each request
  // that edit made carried that one config, not the 10,000.
  await client.click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('ip addr add 10.9.9.9/24 dev eth0');
  await expect(client.locator('.port-more')).toHaveText('+1', { timeout: 60_000 });
  const after = (await labelRequests(page))!;
  expect(after.calls).toBeGreaterThan(opened.calls);
  expect(after.lines - opened.lines).toBe(after.calls - opened.calls);
  expect(await pageReads(page)).toBe(0);
});
