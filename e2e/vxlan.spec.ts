import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/*
 * VXLAN as a person sees it: the recorded kernel-vxlan lab's flannel-style flow, and node1's
 * eth0 in the tcpdump view shows the outer UDP datagram to port 8472 (tcpdump's OTV) with the
 * inner echo request on the next line. Screenshot: test-results/vxlan-tcpdump.png.
 */

test('the tcpdump view shows a VXLAN datagram and, on the next line, the frame inside it', async ({ page }) => {
  await page.goto('/');
  const doc = JSON.parse(readFileSync('fixtures/scenarios/kernel-vxlan.json', 'utf8'));
  await dropScenario(page, doc, 'kernel-vxlan.json');
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('2');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  const node = page.getByRole('region', { name: 'Canvas' }).getByLabel('node1 (host)');
  await untilStill(node);
  await node.click();
  const view = page.getByRole('region', { name: 'tcpdump node1:eth0' });
  await page.getByRole('heading', { name: /node1/ }).first().click();
  await page.keyboard.press('End');
  await expect(view).toContainText(/192\.168\.1\.1\.\d+ > 192\.168\.2\.2\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1\n02:00:00:00:0f:01 > 02:00:00:00:0f:02, ethertype IPv4 \(0x0800\), length 98: 10\.244\.1\.0 > 10\.244\.2\.0: ICMP echo request/);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/vxlan-tcpdump.png' });
});
