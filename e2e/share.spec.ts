import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dropFile } from './support';

/*
 * Sharing: a link that restores scenario, flow and step in another browser; broken links that
 * say what is wrong and change nothing; scenario files out and back in (button and drop);
 * pictures of the canvas. Screenshots land in test-results/share-*.png.
 */

async function deviceLabels(page: Page): Promise<string[]> {
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  return (await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).sort();
}

async function openShare(page: Page) {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a share link restores the scenario, the flow and the step in a fresh browser', async ({ page, browser }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  const flow = page.getByRole('combobox', { name: 'Flow' });
  await flow.selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('6');
  const devices = await deviceLabels(page);

  const dialog = await openShare(page);
  const field = dialog.getByRole('textbox', { name: 'Share link' });
  const link = await field.inputValue();
  // The page's own origin (the preview's port is set per checkout: HAIRPIN_E2E_PORT).
  expect(link.startsWith(`${new URL(page.url()).origin}/#v1.`)).toBe(true);
  expect(link).toMatch(/^http:\/\/localhost:\d+\/#v1\.[A-Za-z0-9_-]+$/);
  expect(link.length).toBeLessThanOrEqual(2000);
  await expect(dialog).toContainText('step 7');
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Copied|Ctrl\+C/);
  await page.screenshot({ path: 'test-results/share-dialog.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(link);
  expect(await deviceLabels(other)).toEqual(devices);
  await expect(other.getByRole('combobox', { name: 'Scenario' })).toHaveValue('hairpin-nat-broken');
  await expect(other.getByRole('combobox', { name: 'Flow' })).toHaveValue('1');
  await expect(other.getByRole('slider', { name: 'Step' })).toHaveValue('6');
  // The hash is gone once opened, so a reload shows the user's own (autosaved) state.
  expect(new URL(other.url()).hash).toBe('');
  await other.screenshot({ path: 'test-results/share-opened.png' });
  await fresh.close();
});

test('a cut-off link shows an alert and changes nothing', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  const devices = await deviceLabels(page);
  const link = await (await openShare(page)).getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  const hash = new URL(link).hash;

  // Pasted into this tab's address bar: only the hash changes.
  await page.evaluate((h) => (location.hash = h), hash.slice(0, -40));
  const alert = page.getByRole('alert').filter({ hasText: 'This share link could not be opened' });
  await expect(alert).toContainText('This link is incomplete: it was cut off');
  await expect(alert).toContainText('40 of its');
  await expect(alert).toContainText('Your own work is unchanged');
  expect(await deviceLabels(page)).toEqual(devices);
  await page.screenshot({ path: 'test-results/share-broken-link.png' });

  // Opened in a new tab: an alert too, and a future version says so.
  await page.goto(`/${'#v2.AAAA'}`);
  await expect(page.getByRole('alert').filter({ hasText: 'made by a newer Hairpin' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
});

test('export a scenario file and import it again, by button and by drop', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-fixed');
  const devices = await deviceLabels(page);
  let dialog = await openShare(page);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export scenario' }).click()]);
  expect(download.suggestedFilename()).toBe('hairpin-nat-fixed.json');
  const path = 'test-results/share-exported.json';
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(JSON.parse(text).hairpin).toBe(2);
  // The built-in lesson's file is what the app saves: byte for byte, its lesson included.
  expect(text).toBe(readFileSync('src/scenarios/hairpin-nat-fixed.json', 'utf8'));
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('home-lan');
  expect(await deviceLabels(page)).not.toEqual(devices);
  dialog = await openShare(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Import scenario…' }).click()]);
  await chooser.setFiles(path);
  await expect(dialog).toBeHidden();
  await expect.poll(() => deviceLabels(page)).toEqual(devices);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();

  // A file that fails validation: an alert with file, line, column and field; nothing changes.
  dialog = await openShare(page);
  const bad = JSON.stringify({ hairpin: 1, title: 'Bad', devices: { pc1: { kind: 'hots', ports: { eth0: null } } }, links: [], flows: [] }, null, 2);
  const [badChooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Import scenario…' }).click()]);
  await badChooser.setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  const alert = page.getByRole('alert').filter({ hasText: 'Could not import bad.json' });
  await expect(alert).toContainText(/bad\.json:6:15: devices\.pc1\.kind: expected one of host, router, switch, cloud/);
  await expect(alert).toContainText('your scenario is unchanged');
  await page.screenshot({ path: 'test-results/share-import-error.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await deviceLabels(page)).toEqual(devices);

  // Dropping a file on the page imports it; the drop zone shows while a file is dragged.
  const home = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    const doc = { hairpin: 1, title: 'Dropped', devices: { a: { kind: 'host', ports: { eth0: null } }, b: { kind: 'host', ports: { eth0: null } } }, links: [['a:eth0', 'b:eth0']], flows: [] };
    dt.items.add(new File([JSON.stringify(doc)], 'dropped.json', { type: 'application/json' }));
    return dt;
  });
  await page.dispatchEvent('.react-flow', 'dragenter', { dataTransfer: home });
  await expect(page.locator('.share-dropzone')).toBeVisible();
  await page.screenshot({ path: 'test-results/share-dropzone.png' });
  await page.dispatchEvent('.react-flow', 'drop', { dataTransfer: home });
  await expect(page.locator('.share-dropzone')).toBeHidden();
  await expect.poll(() => deviceLabels(page)).toEqual(['a (host)', 'b (host)']);
});

test('export the canvas as PNG and SVG', async ({ page }) => {
  await page.goto('/?scenario=multi-wan');
  await deviceLabels(page);
  const dialog = await openShare(page);
  for (const kind of ['PNG', 'SVG']) {
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: `Export ${kind}` }).click()]);
    expect(download.suggestedFilename()).toBe(`multi-wan.${kind.toLowerCase()}`);
    const file = `test-results/share-canvas.${kind.toLowerCase()}`;
    await download.saveAs(file);
    const bytes = readFileSync(file);
    if (kind === 'PNG') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    else expect(bytes.toString()).toContain('<svg');
    expect(bytes.length).toBeGreaterThan(5000);
  }
});

test('a scenario too big for a link offers the file instead and says why', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  // Text that does not compress (random hex) makes the link far longer than 8,000 characters.
  const about = Array.from({ length: 16000 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const big = { hairpin: 1, title: 'Big lab', about, devices: { a: { kind: 'host', ports: { eth0: null } } }, links: [], flows: [] };
  await dropFile(page, 'big.json', JSON.stringify(big));
  await expect.poll(() => deviceLabels(page)).toEqual(['a (host)']);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  const dialog = await openShare(page);
  await expect(dialog.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);
  await expect(dialog).toContainText('This scenario is too big for a link');
  await page.screenshot({ path: 'test-results/share-too-big.png' });
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download scenario file' }).click()]);
  expect(download.suggestedFilename()).toBe('big-lab.json');
});
