import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readPcapng } from '../src/engine/wire/pcapng';

test('the tcpdump view follows the step, and the capture downloads as pcapng', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)').click();
  await page.getByRole('combobox', { name: 'Capture port' }).selectOption('eth0');
  const view = page.getByRole('region', { name: 'tcpdump router:eth0' });
  await expect(view).toContainText('nothing on this port yet');
  // Leave the port select (it owns End), then jump to the last step.
  await page.getByRole('heading', { name: /router/ }).first().click();
  await page.keyboard.press('End');
  await expect(view).toContainText('Request who-has 50.60.70.1 tell 50.60.70.80');
  await expect(view).toContainText('50.60.70.80 > 8.8.8.8: ICMP echo request');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download capture' }).click()]);
  const file = readPcapng(new Uint8Array(readFileSync((await download.path())!)));
  expect(file.interfaces.map((i) => i.name)).toContain('router:eth0');
  expect(file.packets.length).toBeGreaterThan(10);
  await page.screenshot({ path: 'test-results/tcpdump-view.png' });
});
