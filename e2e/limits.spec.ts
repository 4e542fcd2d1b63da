import { expect, test, type Page } from '@playwright/test';
import { manyRules, packCommands, withIdle } from '../src/engine/generate/large';
import { MAX_CONFIG_COMMANDS, MAX_DEVICES, MAX_FILE_BYTES } from '../src/engine/scenario/limits';

/*
 * Scenarios beyond the format's limits, imported as a user would (Share → Import scenario…):
 * each is refused in bounded time with a message that names the limit, the page stays usable,
 * and the scenario on screen is unchanged.
 */

async function importFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: /Share/ });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Import scenario…' }).click()]);
  const started = Date.now();
  await chooser.setFiles({ name, mimeType: 'application/json', buffer });
  await expect(page.getByRole('alert').filter({ hasText: `Could not import ${name}` })).toBeVisible({ timeout: 20_000 });
  const ms = Date.now() - started;
  // How long is for `npm run bench`, not a test: reported, never asserted.
  test.info().annotations.push({ type: 'refused after', description: `${ms} ms` });
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function stillTheLesson(page: Page) {
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('home-lan');
  // Usable: a run of the lesson's flow still works.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('Exit status');
}

test('about 50,000 devices: refused, naming the device limit; the lesson stays', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  const file = Buffer.from(JSON.stringify(withIdle(49_997)));
  await importFile(page, 'fifty-thousand.json', file);
  await expect(page.getByRole('alert').filter({ hasText: 'fifty-thousand.json' })).toContainText(new RegExp(`fifty-thousand\\.json:1:\\d+: devices: has 49999 devices; the limit is ${MAX_DEVICES}`));
  await stillTheLesson(page);
});

test('1,000,000 iptables rules: refused at the line that crosses the command limit; the lesson stays', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  // Short rules, so the file is under the size limit and the command limit is what refuses it.
  const doc = manyRules(0);
  doc.devices.fw!.config!.push(...packCommands(new Array<string>(1_000_000).fill('iptables -A INPUT -j DROP')));
  const file = Buffer.from(JSON.stringify(doc));
  expect(file.length).toBeLessThan(MAX_FILE_BYTES);
  await importFile(page, 'million-rules.json', file);
  const alert = page.getByRole('alert').filter({ hasText: 'million-rules.json' });
  await expect(alert).toContainText(/devices\.fw\.config\[\d+\]/);
  await expect(alert).toContainText(`the limit for a scenario is ${MAX_CONFIG_COMMANDS}`);
  await stillTheLesson(page);
});

test('a file over the size limit is refused before it is read', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  // The time includes handing 32 MiB to the browser; the page itself checks the size first.
  await importFile(page, 'huge.json', Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
  await expect(page.getByRole('alert').filter({ hasText: 'huge.json' })).toContainText(`the limit for a scenario file is ${MAX_FILE_BYTES / 2 ** 20} MiB`);
  await stillTheLesson(page);
});
