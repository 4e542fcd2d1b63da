import { expect, test, type Page } from '@playwright/test';
import { choose, typeConfig } from './support';

/* Building a network on the canvas as a person would, then using it. */

test('add hosts by button and by drag, link them, configure them, ping from one to the other', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  const canvas = page.getByRole('region', { name: 'Canvas' });

  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas.getByLabel('pc1 (host)')).toBeVisible();

  // Drag the Host palette item onto an empty part of the canvas.
  const box = (await canvas.boundingBox())!;
  await page.getByRole('button', { name: 'Add host' }).dragTo(canvas, { targetPosition: { x: box.width * 0.8, y: box.height * 0.75 } });
  await expect(canvas.getByLabel('pc2 (host)')).toBeVisible();
  await page.getByRole('button', { name: 'Fit View' }).click();

  // Link pc1:eth0 to pc2:eth0 by dragging from port to port.
  await canvas.getByLabel('pc1:eth0', { exact: true }).dragTo(canvas.getByLabel('pc2:eth0', { exact: true }));
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  // A port takes one link: linking pc1:eth0 again is refused with the reason.
  await canvas.getByLabel('pc1:eth0', { exact: true }).dragTo(canvas.getByLabel('vps:eth0', { exact: true }));
  await expect(page.getByRole('alert')).toContainText('already linked');

  // Configure both hosts in the inspector.
  await canvas.getByLabel('pc1 (host)').click();
  await typeConfig(page, ['ip addr add 10.9.0.1/24 dev eth0']);
  await canvas.getByLabel('pc2 (host)').click();
  await typeConfig(page, ['ip addr add 10.9.0.2/24 dev eth0']);
  await expect(canvas.getByText('10.9.0.2/24')).toBeVisible();

  // Ping from pc1 with the command box.
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command' }).fill('ping -c 1 -W 1 10.9.0.2');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByText('1 packets transmitted, 1 received, 0% packet loss')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').filter({ hasText: 'who has 10.9.0.2? tell 10.9.0.1' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/built-and-pinged.png' });
});

test('a config error shows in place with the kernel\'s message', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('vps (host)').click();
  await typeConfig(page, ['ip route add 10.0.0.0/8 via 10.99.0.1']);
  const problems = page.getByRole('list', { name: 'Config problems' });
  await expect(problems).toContainText('Error: Nexthop has invalid gateway.');
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await typeConfig(page, ['ip adr add 1.2.3.4/24 dev eth0']);
  await expect(problems).toContainText('Object "adr" is unknown, try "ip help".');
  await expect(problems.getByRole('button', { name: /^Line 7, column 4/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/config-error.png' });
});

test('dark theme', async ({ page }) => {
  await page.goto('/?scenario=multi-wan');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  for (let i = 0; i < 12; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await page.screenshot({ path: 'test-results/dark.png' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('Delete removes the selected device and its links; ports can be added and removed', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await canvas.getByLabel('router (router)').click();
  await page.getByRole('button', { name: 'Add port' }).click();
  await expect(canvas.getByLabel('router:eth2', { exact: true })).toBeAttached();
  await page.getByRole('button', { name: 'Remove port eth2' }).click();
  await expect(canvas.getByLabel('router:eth2', { exact: true })).toHaveCount(0);
  await canvas.getByLabel('pc2 (host)').click();
  await page.keyboard.press('Delete');
  await expect(canvas.getByLabel('pc2 (host)')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
});

test('the config editor offers an iptables extension\'s option values from its module (-m addrtype --src-type)', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('vps (host)').click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('iptables -A INPUT -m addrtype --src-type ');
  await page.keyboard.press('Control+Space');
  const popup = page.locator('.cm-tooltip-autocomplete');
  await expect(popup.getByRole('option', { name: /^LOCAL/ })).toBeVisible();
  await expect(popup.getByRole('option', { name: /^BROADCAST/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/editing-iptables-values.png' });
});

test("ip6tables lines load without a refusal, and the inspector's ip6 -S tab shows them apart from iptables -S", async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('vps (host)').click();
  await typeConfig(page, [
    'ip6tables --table filter --new-chain LIBVIRT_INP',
    'ip6tables --table filter --insert INPUT --jump LIBVIRT_INP',
    'ip6tables -A INPUT -p ipv6-icmp --icmpv6-type echo-request -j ACCEPT',
  ]);
  await page.getByRole('tab', { name: 'ip6tables -S', exact: true }).click();
  const view = page.getByRole('region', { name: 'ip6tables -S', exact: true });
  await expect(view).toContainText('-N LIBVIRT_INP');
  await expect(view).toContainText('-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT');
  await page.getByRole('tab', { name: 'iptables -S', exact: true }).click();
  await expect(page.getByRole('region', { name: 'iptables -S', exact: true })).not.toContainText('LIBVIRT_INP');
  await page.getByRole('tab', { name: 'ip6tables -S', exact: true }).click();
  await page.screenshot({ path: 'test-results/editing-ip6tables-view.png' });
});
