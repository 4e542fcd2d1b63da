import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { choose, typeConfig } from './support';

/*
 * Paste from a real machine (issue 18): what a cloud server printed (ip addr, ip route show table
 * all, ip neigh … captured in namespaces, src/engine/import/fixtures/cloud-server.txt) pasted into
 * a new host's inspector. The preview names every line it writes and every line it leaves out
 * (the local table is the kernel's own, made with the address); "Replace the config" is one undo
 * step; then `ip route get 8.8.8.8` on the host answers as the server did.
 * Screenshots: test-results/paste-real-*.png.
 */

const cloud = readFileSync(new URL('../src/engine/import/fixtures/cloud-server.txt', import.meta.url), 'utf8');
/** What the server answered, as the capture recorded it. */
const serverAnswer = /# ip route get 8\.8\.8\.8\n(.*)\n/.exec(cloud)![1]!.trimEnd();

async function newHost(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Document', exact: true }).click();
  await page.getByRole('menuitem', { name: 'New scenario' }).click();
  await expect(page.getByRole('heading', { name: 'Untitled scenario' })).toBeVisible();
  await page.getByRole('button', { name: 'Add host' }).click();
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('pc1 (host)').click();
}

async function run(page: Page, command: string): Promise<void> {
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command', exact: true }).fill(command);
  await page.getByRole('textbox', { name: 'Command', exact: true }).press('Enter');
}

test("a cloud server's output pasted into a new host: previewed, replaces the config in one undo step, and `ip route get` answers as on the server", async ({ page }) => {
  expect(serverAnswer).toBe('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0');
  await newHost(page);
  await typeConfig(page, ['ip addr add 10.0.0.5/24 dev eth0']);
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByText('10.0.0.5/24')).toBeVisible();

  const open = page.getByRole('button', { name: 'Paste from a real machine' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Paste from a real machine into pc1' });
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole('textbox', { name: 'Output of ip, iptables-save, nft, sysctl… from a real machine' });
  await expect(box).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Replace the config' })).toBeDisabled();
  await box.fill(cloud);
  await dialog.getByRole('button', { name: 'Preview' }).click();

  // Before anything changes: the lines it writes, the port's MAC, what it leaves out and why.
  const config = dialog.getByLabel('Config lines it will write');
  await expect(config).toContainText('ip addr add 91.99.148.215/32 dev eth0');
  await expect(config).toContainText('ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100');
  await expect(dialog.getByRole('list', { name: 'Ports on pc1' })).toHaveText('eth0 MAC set to 96:00:03:a1:b2:c3');
  const skipped = dialog.getByRole('list', { name: 'Lines not imported' });
  const local = skipped.locator('details').filter({ hasText: 'local table: made by the kernel with the address' });
  await expect(local).toBeVisible();
  await local.locator('summary').click();
  await expect(local).toContainText('local 91.99.148.215 dev eth0 table local proto kernel scope host src 91.99.148.215');
  await expect(local).toContainText(/line \d+/);
  await expect(skipped).toContainText('ip route get 8.8.8.8');
  await expect(canvas.getByText('10.0.0.5/24')).toBeVisible();

  const { violations } = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations).toEqual([]);
  await dialog.screenshot({ path: 'test-results/paste-real-preview.png' });

  await dialog.getByRole('button', { name: 'Replace the config' }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await expect(canvas.getByText('91.99.148.215/32')).toBeVisible();
  await expect(canvas.getByText('10.0.0.5/24')).toBeHidden();
  await run(page, 'ip route get 8.8.8.8');
  await expect(page.getByLabel('Command output')).toContainText(serverAnswer);

  // One undo step brings the old config back whole.
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await page.keyboard.press('Control+z');
  await expect(canvas.getByText('10.0.0.5/24')).toBeVisible();
  await expect(canvas.getByText('91.99.148.215/32')).toBeHidden();
  await run(page, 'ip route get 8.8.8.8');
  await expect(page.getByLabel('Command output')).toContainText('RTNETLINK answers: Network is unreachable');
});

test('nothing changes on Cancel or Escape; an empty paste and one with no command Hairpin imports say so', async ({ page }) => {
  await newHost(page);
  const open = page.getByRole('button', { name: 'Paste from a real machine' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Paste from a real machine into pc1' });
  await dialog.screenshot({ path: 'test-results/paste-real-open.png' });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Nothing pasted yet/);

  const box = dialog.getByRole('textbox', { name: /Output of ip/ });
  await box.fill('hello\nthis is not what a tool prints\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Nothing here became config/);
  await expect(dialog.getByRole('list', { name: 'Lines not imported' })).toContainText('line 2 this is not what a tool prints');
  await expect(dialog.getByRole('button', { name: 'Replace the config' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Add to the config' })).toBeDisabled();
  await dialog.screenshot({ path: 'test-results/paste-real-unrecognised.png' });

  // A route whose gateway no address of the output reaches: previewed with the kernel's refusal, as the editor would show it.
  await box.fill('root@srv:~# ip route\n10.0.0.0/8 via 192.168.5.1 dev eth0\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('list', { name: 'Lines the tools refuse here' })).toHaveText('config line 1 Error: Nexthop has invalid gateway.');

  // Two lines of the issue: previewed, then cancelled: the host keeps its empty config.
  await box.fill('default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100\n172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByLabel('Config lines it will write')).toContainText('ip addr add 91.99.148.215/32 dev eth0');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await open.click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await expect(page.getByRole('region', { name: 'Canvas' }).getByText('91.99.148.215/32')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled(); // adding the host
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
});

test("a home router's output from a chosen file, added to a host: its two ports appear with their MACs; a dropped file fills the box and opens no scenario", async ({ page }) => {
  await newHost(page);
  await page.getByRole('button', { name: 'Paste from a real machine' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste from a real machine into pc1' });
  const box = dialog.getByRole('textbox', { name: /Output of ip/ });

  // Dropped on the box, a text file is read into it (the page's scenario drop leaves it alone).
  const dropped = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['root@srv:~# ip route\ndefault via 172.31.1.1 dev eth0\n'], 'route.txt', { type: 'text/plain' }));
    return dt;
  });
  await box.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(box).toHaveValue('root@srv:~# ip route\ndefault via 172.31.1.1 dev eth0\n');
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveCount(0);

  await dialog.getByLabel('Or choose a file').setInputFiles(new URL('../src/engine/import/fixtures/home-router.txt', import.meta.url).pathname);
  await expect(box).toHaveValue(/admin@router:~\$ sudo ip a/);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  // The captured lan0 has the MAC Hairpin gives pc1's own eth0: said before applying, and refused.
  await expect(dialog.getByRole('alert')).toContainText('02:00:00:00:01:01 is the default MAC of pc1:eth0');
  await expect(dialog.getByRole('button', { name: 'Add to the config' })).toBeDisabled();
  await box.fill((await box.inputValue()).replaceAll('02:00:00:00:01:01', '02:00:00:00:0a:01'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('list', { name: 'Ports on pc1' }).getByRole('listitem')).toHaveText(['lan0 added, MAC 02:00:00:00:0a:01', 'wan0 added, MAC 02:00:00:00:02:02']);
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Add to the config' }).click();
  await expect(dialog).toBeHidden();

  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Ports (3)' })).toBeVisible();
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByText('192.168.1.1/24')).toBeVisible();
  await expect(canvas.getByText('203.0.113.7/24')).toBeVisible();
  await run(page, 'ip link show wan0');
  await expect(page.getByLabel('Command output')).toContainText('link/ether 02:00:00:00:02:02');
});
