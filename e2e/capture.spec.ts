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

test('Export as Linux lab downloads the namespace script', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  await page.getByRole('button', { name: 'Share' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as Linux lab' }).click()]);
  const script = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.lab\.sh$/);
  expect(script.startsWith('#!/usr/bin/env bash')).toBe(true);
  expect(script).toContain('hp-router');
  expect(script).toContain('iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80');
});

test("the tcpdump view captures inside a device too: a container's interface, as ip netns exec shows it, and in the download", async ({ page }) => {
  await page.goto('/?scenario=container-networking');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  const host = page.getByRole('region', { name: 'Canvas' }).getByLabel('host (host)', { exact: true });
  await host.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: 'Capture port' }).selectOption({ label: 'netns0:ceth0' });
  await page.getByRole('heading', { name: /host/ }).first().click();
  await page.keyboard.press('End');
  const view = page.getByRole('region', { name: 'tcpdump host:netns0:ceth0' });
  await expect(view).toContainText('host# ip netns exec netns0 tcpdump -e -n -i ceth0');
  await expect(view).toContainText('172.18.0.10 > 172.18.0.20: ICMP echo request');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download capture' }).click()]);
  const file = readPcapng(new Uint8Array(readFileSync((await download.path())!)));
  expect(file.interfaces.map((i) => i.name)).toEqual(expect.arrayContaining(['host:eth0', 'host:veth0', 'host/netns0:ceth0', 'host/netns1:ceth1']));
});
