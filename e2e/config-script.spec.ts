import { expect, test } from '@playwright/test';
import { choose, typeConfig } from './support';

/* A device's config typed as a shell script: a variable, a continued line, a here-document. */

test('a config written as a script (variable, continued line, here-document) loads with no problem and shows its address', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await page.getByRole('button', { name: 'Add host' }).click();
  await canvas.getByLabel('pc1 (host)').click();
  await typeConfig(page, ['LAN=eth0', 'ip addr add 10.9.0.1/24 \\', 'dev $LAN', 'cat > /etc/sysctl.d/90-x.conf <<EOF', 'net.ipv4.ip_default_ttl = 50', 'EOF', 'sysctl -p /etc/sysctl.d/90-x.conf']);
  await expect(canvas.getByText('10.9.0.1/24')).toBeVisible();
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command' }).fill('sysctl net.ipv4.ip_default_ttl');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByLabel('Command output')).toHaveText('net.ipv4.ip_default_ttl = 50');
  await expect(page.getByRole('status').filter({ hasText: 'Every line is understood and accepted.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Config problems' }).getByRole('listitem')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/config-script.png' });
});
