import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/*
 * The inspector's nft view: `nft list ruleset` on the selected device, at the playback position.
 * iptables here is iptables-nft, so the view lists iptables' tables as nft prints them too.
 * Screenshot: test-results/nft-view.png.
 */

const doc = JSON.parse(readFileSync('src/scenarios/nft-home-router.json', 'utf8'));

test("the router's nft list ruleset: its own tables, and the rule iptables adds shows in nft's words", async ({ page }) => {
  doc.devices.r.config.push('iptables -A FORWARD -p tcp --dport 23 -j DROP');
  await page.goto('/');
  await dropScenario(page, doc, 'nft-home-router.json');
  const router = page.getByRole('region', { name: 'Canvas' }).getByLabel('r (router)');
  await untilStill(router);
  await router.click();
  await page.getByRole('tab', { name: 'nft list ruleset' }).click();
  const view = page.getByRole('region', { name: 'nft list ruleset' });
  await expect(view).toContainText('r# nft list ruleset');
  await expect(view).toContainText('table inet filter {');
  await expect(view).toContainText('oifname "wan" masquerade');
  await expect(view).toContainText('table ip filter {');
  await expect(view).toContainText('tcp dport 23 counter packets 0 bytes 0 drop');
  await page.screenshot({ path: 'test-results/nft-view.png' });
});
