import { expect, test, type Page } from '@playwright/test';
import { choose } from './support';

/*
 * The playground driven as a person would: roles and labels only, in Debian's Chromium.
 * Screenshots land in test-results/ (look at them when changing the UI).
 */

async function runFlow(page: Page, flowLabel: RegExp) {
  const flow = page.getByRole('combobox', { name: 'Flow' });
  const value = await flow.locator('option', { hasText: flowLabel }).getAttribute('value');
  await flow.selectOption(value!);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
}

test('hairpin NAT, broken: run the flow, step through it, see ARP and the DNAT rewrite', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  await runFlow(page, /hairpin from the LAN fails/);
  const trace = page.getByRole('region', { name: 'Trace' });
  await expect(trace.getByRole('listitem').filter({ hasText: 'who has 192.168.1.1? tell 192.168.1.3' }).first()).toBeVisible();
  const stepForward = page.getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < 5; i++) await stepForward.click();
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('5');
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('4');
  // The DNAT rewrite, in the trace and in the Packet view with the changed destination.
  const dnat = trace.getByRole('listitem').filter({ hasText: 'DNAT: destination 50.60.70.80:8080 → 192.168.1.2:80' }).first();
  await dnat.click();
  const packet = page.getByRole('region', { name: 'Packet' });
  await expect(packet).toContainText('changed from 50.60.70.80');
  await expect(packet).toContainText('192.168.1.2');
  await page.screenshot({ path: 'test-results/hairpin-dnat.png' });
  // The rule that decided it: table, chain, line and the rule as iptables -S prints it.
  await trace.getByRole('listitem').filter({ hasText: 'nat PREROUTING: rule 1 of PREROUTING matched: DNAT' }).first().click();
  await expect(packet).toContainText('-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80');
  // The summary says why it failed.
  await expect(page.getByText('reply dropped on pc2: unexpected SYN-ACK from 192.168.1.2:80 → RST')).toBeVisible();
});

test('keyboard: space plays, arrows step', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await runFlow(page, /local traffic/);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('2');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('1');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a long run shows progress and can be cancelled; the page stays responsive', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command' }).fill('ping -i 0.001 192.168.1.3');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByRole('banner').getByRole('status')).toContainText('events');
  // The main thread is free while the worker runs: the theme toggle still responds.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Run' })).toBeVisible();
  // The engine is usable again after a cancel: a fresh worker runs the next flow.
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
});

test('a typed pipeline and $(…) run as in sh: ip route | grep, ping $(…) | grep -c', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await choose(page, 'Run on device', 'pc1');
  const command = page.getByRole('textbox', { name: 'Command' });
  const summary = page.getByRole('region', { name: 'Summary' });
  await command.fill('ip route | grep default');
  await command.press('Enter');
  await expect(summary.getByLabel('Command output')).toHaveText('default via 192.168.1.1 dev eth0');
  await command.fill("ping -c 1 -W 1 $(ip route | grep -o 'via [0-9.]*' | grep -o '[0-9.]*$') | grep -c '1 received'");
  await command.press('Enter');
  await expect(summary.getByLabel('Command output')).toHaveText('1');
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').filter({ hasText: 'echo request' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/pipeline.png' });
});

test("iptables-save in the command box prints the router's rules as iptables-restore reads them", async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await choose(page, 'Run on device', 'router');
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill('iptables-save -c');
  await command.press('Enter');
  const output = page.getByRole('region', { name: 'Summary' }).getByLabel('Command output');
  await expect(output).toContainText('# Generated by iptables-save v1.8.9 (nf_tables) on Thu Jan  1');
  await expect(output).toContainText('*nat');
  await expect(output).toContainText('[0:0] -A POSTROUTING -s 192.168.1.0/24 -o eth0 -j MASQUERADE');
  await expect(output).toContainText('COMMIT');
  await page.screenshot({ path: 'test-results/iptables-save.png' });
});
