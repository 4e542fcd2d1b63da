import { expect, test, type Page } from '@playwright/test';
import { manyRoutes, withIdle } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';
import { dropFile, dropScenario } from './support';

/*
 * Opening and linting a large document without freezing the page (issue 19): the engine worker
 * decodes a share link, validates an imported file and parses the config editor's lines; the
 * page only awaits the answers. Counted, never timed: the page's engine client counts the
 * requests it sent (window.__hairpinEngineRequests) and the config lines they carried.
 */

const big = withIdle(9_997);
const requests = (page: Page) => page.evaluate(() => (window as unknown as { __hairpinEngineRequests: Partial<Record<string, { calls: number; lines: number }>> }).__hairpinEngineRequests);
const title = (page: Page, text: string) => page.getByRole('option', { name: text, exact: true });

test.describe.configure({ timeout: 180_000 });

test('a 10,000-device share link is decoded and validated in the worker; a broken one says where, and nothing changes', async ({ page }) => {
  // 4,998 pairs of idle hosts and the three devices of the flow: 9,999, the limit being 10,000.
  expect(Object.keys(big.devices).length).toBeGreaterThanOrEqual(9_999);
  await page.goto(`/${encode({ doc: big, flow: 0 })}`);
  await expect(title(page, big.title)).toBeAttached({ timeout: 90_000 });
  expect((await requests(page)).readShareLink).toEqual({ calls: 1, lines: 0 });
  expect((await requests(page)).readScenarioText).toBeUndefined();

  // Device b0's kind is not one Hairpin knows: the reason names the place, and the open document stays.
  const broken = { ...big, devices: { ...big.devices, b0: { ...big.devices.b0!, kind: 'toaster' as 'host' } } };
  await page.evaluate((h) => (location.hash = h), encode({ doc: broken, flow: 0 }));
  const alert = page.getByRole('alert').filter({ hasText: 'This share link could not be opened' });
  await expect(alert).toContainText('devices.b0.kind', { timeout: 90_000 });
  await expect(alert).toContainText('Your own work is unchanged');
  expect((await requests(page)).readShareLink!.calls).toBe(2);
  await expect(title(page, big.title)).toBeAttached();
});

test('a 10,000-device file dropped on the page is validated in the worker; a broken one lists its problems by line and column', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await dropScenario(page, big, 'big.json', 90_000);
  await expect(title(page, big.title)).toBeAttached();
  expect((await requests(page)).readScenarioText).toEqual({ calls: 1, lines: 0 });
  // The Share dialog's link is deflated in the worker too (too long to offer, as before: the file is).
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await expect(dialog).toContainText(/This scenario is too big for a link: it would take [\d,]+ characters/, { timeout: 60_000 });
  expect((await requests(page)).writeShareLink).toEqual({ calls: 1, lines: 0 });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await dropFile(page, 'broken.json', JSON.stringify(big, null, 2).replace('"kind": "router"', '"kind": "toaster"'));
  const alert = page.getByRole('alert').filter({ hasText: 'Could not import broken.json' });
  await expect(alert).toContainText(/broken\.json:\d+:\d+: devices\.r1\.kind/, { timeout: 90_000 });
  expect((await requests(page)).readScenarioText!.calls).toBe(2);
  await expect(title(page, big.title)).toBeAttached();
});

test('the editor of a 100,000-route router is linted in the worker, once per text; the problems shown are the parser’s', async ({ page }) => {
  const doc = manyRoutes(100_000);
  const lines = (doc.devices.r1!.config ?? []).length;
  await page.goto('/?scenario=home-lan');
  await dropScenario(page, doc, 'routes.json', 90_000);
  await page.getByRole('group', { name: 'r1 (router)' }).click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await expect(editor).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Every line is understood' })).toBeVisible({ timeout: 90_000 });
  // One parse of the whole config, in the worker; the engine's answer coming in re-lints without another.
  expect((await requests(page)).configParseProblems).toEqual({ calls: 1, lines });

  // A line the parser does not understand, typed at the end and finished: shown in place, as before.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('ip route add 30.0.0.0/24 vai 192.168.1.2');
  await page.keyboard.press('Enter');
  const problems = page.getByRole('list', { name: 'Config problems' });
  await expect(problems.getByRole('button', { name: new RegExp(`^Line ${lines + 1}, column \\d+: `) })).toBeVisible({ timeout: 90_000 });
  const after = (await requests(page)).configParseProblems!;
  expect(after.calls).toBeGreaterThan(1);
  // Each lint sent the whole text to the worker: none of it was parsed on the page.
  expect(after.lines).toBeGreaterThanOrEqual(lines * after.calls);
});

test('the printed handout’s device list is built only for printing, not at each open of a 10,000-device document', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await dropScenario(page, big, 'big.json', 90_000);
  // On screen: no section per device waiting, hidden, in the page.
  await expect(page.locator('section.handout-device')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  const details = page.getByRole('region', { name: 'Handout devices' });
  await expect(details.getByRole('region', { name: 'Device r1' })).toContainText('ip addr add 192.168.0.1/24 dev eth0', { timeout: 60_000 });
  await expect(page.locator('section.handout-device')).toHaveCount(Object.keys(big.devices).length);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('section.handout-device')).toHaveCount(0);
});
