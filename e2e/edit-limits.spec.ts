import { expect, test, type Page } from '@playwright/test';
import { dropScenario } from './support';
import { withIdle } from '../src/engine/generate/large';
import { MAX_DEVICES, MAX_PORTS_PER_DEVICE } from '../src/engine/scenario/limits';

/*
 * The format's limits hold at the edit too: an edit that would take the scenario past one is
 * refused at once with the limit named, the scenario stays as it was, and it stays saved (the
 * document on screen is always one that can be saved).
 */

const canvas = (page: Page) => page.getByRole('region', { name: 'Canvas' });

/** Device ids in the saved copy of the open scenario. */
const savedDeviceCount = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('hairpin.scenario.') && !k.endsWith('.prev'));
    return key ? Object.keys((JSON.parse(localStorage.getItem(key)!) as { doc: { devices: object } }).doc.devices).length : 0;
  });

test('the 10,001st device is refused at the edit, naming the limit; the scenario stays saved', async ({ page }) => {
  await page.goto('/');
  const doc = withIdle(MAX_DEVICES - 3);
  expect(Object.keys(doc.devices)).toHaveLength(MAX_DEVICES - 1);
  await dropScenario(page, doc, 'almost-ten-thousand.json', 30_000);
  // The 10,000th: fine, and saved.
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await expect.poll(() => savedDeviceCount(page), { timeout: 30_000 }).toBe(MAX_DEVICES);

  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not changed' })).toHaveText(/Not changed: A scenario has at most 10,000 devices\./);
  await expect(canvas(page).getByLabel('pc2 (host)')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);
  expect(await savedDeviceCount(page)).toBe(MAX_DEVICES);
  await page.screenshot({ path: 'test-results/edit-limit-devices.png' });
  // The refused edit is not in the history: one undo takes away the 10,000th device.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toHaveCount(0);
});

test('a port beyond 255 is refused at the edit', async ({ page }) => {
  await page.goto('/');
  const ports = Object.fromEntries(Array.from({ length: MAX_PORTS_PER_DEVICE }, (_, i) => [`p${i + 1}`, null]));
  await dropScenario(page, { hairpin: 1, title: 'Wide switch', devices: { sw: { kind: 'switch', at: [0, 0], ports } }, links: [], flows: [] }, 'wide-switch.json', 30_000);
  await canvas(page).getByLabel('sw (switch)').click();
  await page.getByRole('button', { name: 'Add port' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not changed' })).toHaveText(/A device has at most 255 ports/);
  await expect(page.getByRole('table', { name: 'Ports of sw' }).getByRole('row')).toHaveCount(MAX_PORTS_PER_DEVICE + 1);
  await page.getByRole('button', { name: 'Dismiss the refused edit' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not changed' })).toHaveCount(0);
});
