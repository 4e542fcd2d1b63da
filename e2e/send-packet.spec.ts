import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseIp4 } from '../src/engine/addr/ipv4';
import type { ScenarioDoc } from '../src/engine/scenario/types';
import { encode } from '../src/share/codec';
import { typeConfig } from './support';

/*
 * "Send a packet here…": one packet put on a device as if it arrived on a port (netif_receive_skb)
 * or from a local process, with no peer built; the trace, packet and summary panes show its run.
 */

async function select(page: Page, label: string) {
  await page.getByRole('region', { name: 'Canvas' }).getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Enter');
}

async function violations(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include(include).analyze();
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('a SYN to a port nothing listens on is answered with a RST (tcp_v4_send_reset), shown as the run', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await select(page, 'vps (host)');
  const open = page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Send a packet here…' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to vps' });
  await expect(dialog).toBeVisible();
  // Pre-filled: arrives on eth0, TCP SYN from a documentation address to the port's address, port 22.
  await expect(dialog.getByLabel('Arrives on')).toHaveValue('eth0');
  await expect(dialog.getByLabel('Destination address')).toHaveValue('91.99.148.215');
  await expect(dialog.getByRole('checkbox', { name: 'SYN' })).toBeChecked();
  expect(await violations(page, '.send-packet-dialog'), 'the dialog').toEqual([]);
  await page.screenshot({ path: 'test-results/send-packet-dialog.png' });

  // Escape closes it and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByLabel('Source address').fill('203.0.113.5');
  await dialog.getByLabel('Source port').fill('55234');
  await dialog.getByLabel('Destination port').fill('22');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog).toBeHidden();

  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('nothing listens on TCP port 22: the kernel answers RST; the RST leaves by eth0 via 172.31.1.1');
  await expect(summary).toContainText('Injected packet');
  await expect(summary).toContainText('vps: packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22');
  await expect(summary).toContainText('put on vps as if it arrived on eth0; no sender built');
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('packet');
  await expect(page.getByRole('combobox', { name: 'Flow' }).locator('option:checked')).toHaveText('vps: packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22');
  // The trace holds the RST the kernel sends back out of eth0.
  const trace = page.getByRole('region', { name: 'Trace' });
  await expect(trace).toContainText('RST');
  // Run sends the same packet again (after an edit, say): the header says what it will run.
  await expect(page.locator('#run-target')).toHaveText('Sends a packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22 on vps (injected: no sender built)');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(summary).toContainText('the kernel answers RST');
  await summary.getByRole('button', { name: /Show step/ }).click();
  await expect(page.getByRole('region', { name: 'Packet' })).toContainText('no socket for 91.99.148.215:22: answered with RST');
  await page.screenshot({ path: 'test-results/send-packet-run.png' });
});

test('a packet a firewall drops: the verdict names the chain and its policy; the canvas menu opens the dialog', async ({ page }) => {
  await page.goto('/?scenario=nft-server-firewall');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await canvas.getByLabel('srv (host)', { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Send a packet here…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to srv' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Source address').fill('10.0.0.1');
  await dialog.getByLabel('Destination port').fill('23');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('tcp 10.0.0.1:55234 → 10.0.0.2:23 arriving on eth0: dropped by nft inet filter input (hook input) policy drop');
});

test('a router whose INPUT chain drops ssh (a rule typed into its config): the verdict names the rule; ICMP echo is answered', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await select(page, 'router (router)');
  await typeConfig(page, ['iptables -A INPUT -p tcp --dport 22 -j DROP']);
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByRole('button', { name: 'Send a packet here…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to router' });
  await expect(dialog.getByLabel('Destination address')).toHaveValue('50.60.70.80');
  await dialog.getByRole('button', { name: 'Send' }).click();
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('tcp 203.0.113.5:55234 → 50.60.70.80:22 arriving on eth0: dropped in filter INPUT by rule');
  await expect(summary).toContainText('(-j DROP)');

  // ICMP has no ports: the fields go, and the kernel's echo reply is the answer.
  await inspector.getByRole('button', { name: 'Send a packet here…' }).click();
  await dialog.getByLabel('Protocol').selectOption('ICMP echo request');
  await expect(dialog.getByLabel('Destination port')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(summary).toContainText('icmp 203.0.113.5 → 50.60.70.80 arriving on eth0');
  await expect(summary).toContainText('echo reply');
  await expect(page.getByRole('combobox', { name: 'Flow' }).locator('option:checked')).toHaveText('router: packet into eth0: icmp 203.0.113.5 → 50.60.70.80');
});

test('invalid input shows its message at the field and sends nothing (dark theme)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?scenario=vps-slash32');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await select(page, 'vps (host)');
  await page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Send a packet here…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to vps' });
  const src = dialog.getByLabel('Source address');
  await src.fill('203.0.113');
  await dialog.getByLabel('Destination port').fill('70000');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog).toBeVisible();
  await expect(src).toHaveAttribute('aria-invalid', 'true');
  await expect(src).toHaveAccessibleDescription('"203.0.113" is not an IPv4 address (four numbers 0-255, like 203.0.113.5)');
  await expect(src).toBeFocused();
  await expect(dialog.getByLabel('Destination port')).toHaveAccessibleDescription('"70000" is not a port (a number 1-65535)');
  expect(await violations(page, '.send-packet-dialog'), 'the dialog with errors').toEqual([]);
  await page.screenshot({ path: 'test-results/send-packet-errors.png' });
  // A local process's packet may leave the source to routing, and carries a mark.
  await dialog.getByLabel('Arrives on').selectOption({ label: 'Sent by a process on this device' });
  await src.fill('');
  await dialog.getByLabel('Mark (SO_MARK)').fill('mark');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByLabel('Mark (SO_MARK)')).toHaveAccessibleDescription(/"mark" is not a mark/);
  await expect(page.getByRole('region', { name: 'Summary' })).not.toContainText('Injected packet');
});

test("the device views follow the injected packet's trace: the router's conntrack entry and DNAT counter appear at their steps, not before", async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-fixed');
  await select(page, 'router (router)');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByRole('button', { name: 'Send a packet here…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to router' });
  await dialog.getByLabel('Source address').fill('50.60.70.1');
  await dialog.getByLabel('Destination address').fill('50.60.70.80');
  await dialog.getByLabel('Destination port').fill('8080');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('DNAT to 192.168.1.2:80');

  // Step 1, the frame arriving on eth0: nothing has passed PREROUTING yet.
  const when = inspector.getByTestId('views-step');
  await expect(when).toHaveText(/^at step 1 of \d+$/);
  await inspector.getByRole('tab', { name: 'iptables nat' }).click();
  const nat = inspector.getByRole('region', { name: 'iptables nat' });
  await expect(nat).toContainText(/\n\s+0\s+0 DNAT\s+6\s+--\s+\*\s+\*\s+0\.0\.0\.0\/0\s+0\.0\.0\.0\/0\s+tcp dpt:8080 to:192\.168\.1\.2:80/);
  await inspector.getByRole('tab', { name: 'conntrack -L' }).click();
  const conntrack = inspector.getByRole('region', { name: 'conntrack -L' });
  await expect(conntrack).toContainText('0 flow entries have been shown');

  // The confirmation (__nf_conntrack_confirm): the entry is in the table, its reply tuple rewritten by DNAT.
  const trace = page.getByRole('region', { name: 'Trace' });
  await trace.getByRole('listitem').filter({ hasText: 'conntrack: the connection is confirmed and enters the table' }).first().click();
  await expect(when).not.toHaveText(/^at step 1 of/);
  await expect(conntrack).toContainText('tcp      6 120 SYN_SENT src=50.60.70.1 dst=50.60.70.80 sport=55234 dport=8080 [UNREPLIED] src=192.168.1.2 dst=50.60.70.1 sport=80 dport=55234');
  await page.screenshot({ path: 'test-results/send-packet-views.png' });
  await inspector.getByRole('tab', { name: 'iptables nat' }).click();
  await expect(nat).toContainText(/\n\s+1\s+60 DNAT\s+6/);

  // Back to the first step, as a person would with the step slider: the counter is 0 again.
  await page.getByRole('toolbar', { name: 'Playback controls' }).getByRole('slider', { name: 'Step' }).focus();
  await page.keyboard.press('Home');
  await expect(when).toHaveText(/^at step 1 of \d+$/);
  await expect(nat).toContainText(/\n\s+0\s+0 DNAT\s+6/);
});

test('a share link carries the injected packet: a fresh page sends it again and shows the same trace, verdict and step', async ({ page, browser }) => {
  await page.goto('/?scenario=hairpin-nat-fixed');
  await select(page, 'router (router)');
  await page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Send a packet here…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a packet to router' });
  await dialog.getByLabel('Source address').fill('50.60.70.1');
  await dialog.getByLabel('Source port').fill('41000');
  await dialog.getByLabel('Destination port').fill('8080');
  await dialog.getByRole('checkbox', { name: 'ECE' }).check();
  await dialog.getByRole('button', { name: 'Send' }).click();
  const verdict = 'tcp 50.60.70.1:41000 → 50.60.70.80:8080 arriving on eth0: DNAT to 192.168.1.2:80';
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText(verdict);
  const events = await page.getByRole('region', { name: 'Trace' }).getByText(/^\d+ events$/).textContent();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('5');

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const share = page.getByRole('dialog', { name: 'Share and export' });
  await expect(share).toContainText('Holds the whole scenario, the injected packet (packet into eth0: tcp 50.60.70.1:41000 → 50.60.70.80:8080) and step 6.');
  const link = await share.getByRole('textbox', { name: 'Share link' }).inputValue();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(link);
  const summary = other.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText(verdict);
  await expect(summary).toContainText('Injected packet');
  await expect(other.getByRole('combobox', { name: 'Flow' }).locator('option:checked')).toHaveText('router: packet into eth0: tcp 50.60.70.1:41000 → 50.60.70.80:8080');
  await expect(other.getByRole('region', { name: 'Trace' }).getByText(/^\d+ events$/)).toHaveText(events!);
  await expect(other.getByRole('slider', { name: 'Step' })).toHaveValue('5');
  // The same packet, flags and all: the ECE the sender set is in its tcpdump line.
  await other.getByRole('slider', { name: 'Step' }).focus();
  await other.keyboard.press('Home');
  await expect(other.getByRole('region', { name: 'Packet' })).toContainText('50.60.70.1.41000 > 50.60.70.80.8080: Flags [SE]');
  await expect(other.getByRole('alert')).toHaveCount(0);
  await other.screenshot({ path: 'test-results/send-packet-shared.png' });
  await fresh.close();
});

test("a link whose packet does not fit its scenario opens the scenario without it and says why", async ({ page }) => {
  const doc = JSON.parse(readFileSync('src/scenarios/hairpin-nat-fixed.json', 'utf8')) as ScenarioDoc;
  const packet = { device: 'router', inPort: 'eth9', proto: 'tcp' as const, src: parseIp4('50.60.70.1')!, dst: parseIp4('50.60.70.80')!, dport: 8080 };
  await page.goto(`/${encode({ doc, flow: 0, step: 4, packet })}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The packet in this share link was not sent');
  await expect(alert).toContainText('The packet in this link is not valid: router has no port "eth9". The scenario opened without it.');
  await expect(page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summary' })).not.toContainText('Injected packet');
});
