import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/*
 * A router whose config renames its ports (ip link set eth1 name wan0; eth0 to lan0): the canvas
 * labels each port with the name Linux knows it by, with the addresses given to that name, while
 * the link (and the port's accessible name) stays the scenario's.
 */

const doc = JSON.parse(readFileSync('fixtures/scenarios/kernel-link-rename.json', 'utf8'));

test('a renamed port shows its Linux name and its addresses on the canvas', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, doc, 'kernel-link-rename.json');
  const router = page.getByRole('group', { name: 'router (router)' });
  await untilStill(router);
  const wan = page.getByLabel('router:eth1', { exact: true });
  await expect(wan).toContainText('wan0');
  await expect(wan).toContainText('203.0.113.1/24');
  await expect(wan).toHaveAttribute('title', /named wan0 by its config/);
  await expect(page.getByLabel('router:eth0', { exact: true })).toContainText('lan0');
  await expect(page.getByLabel('server:eth0', { exact: true })).toContainText('eth0');
  // Renamed, then moved into the box's namespace ns1: the card's port still says what Linux calls it.
  await expect(page.getByLabel('box:eth0', { exact: true })).toContainText('lan0');
  await router.screenshot({ path: 'test-results/link-rename-router.png' });
  await page.screenshot({ path: 'test-results/link-rename-page.png' });
});

test("the tcpdump view names a renamed port as tcpdump -i takes it: wan0", async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, doc, 'kernel-link-rename.json');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  const router = page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)', { exact: true });
  await untilStill(router);
  await router.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: 'Capture port' }).selectOption({ label: 'wan0' });
  await expect(page.getByRole('region', { name: 'tcpdump router:wan0' })).toContainText('router# tcpdump -e -n -i wan0');
});
