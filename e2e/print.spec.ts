import { expect, test, type Locator } from '@playwright/test';

/*
 * A lesson printed as a handout: the "Print handout" button (or the browser's Ctrl+P) prints the
 * page through print.css. In print media the page shows the title and about text, the topology
 * as drawn without the canvas's controls, the steps, the question and its hint, every device's
 * ports and config and the flows; not the worked answer, the trace or the playback controls.
 * handout.pdf and handout-print.png land in test-results/ (or SHOTS_DIR).
 */

const out = process.env.SHOTS_DIR ?? 'test-results';

test('a lesson prints as a handout without its answer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  await gallery.getByRole('button', { name: /\d\. A server firewall in nftables (?!\(fixed\))/ }).click();
  await expect(gallery).toBeHidden();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'A server firewall in nftables', exact: true })).toBeVisible();
  await expect(inspector.getByRole('button', { name: 'Print handout' })).toBeVisible();
  // On screen the handout is not there: it is only for paper.
  await expect(page.getByRole('region', { name: 'Handout details' })).toBeHidden();

  // A teacher working in the dark theme still prints black on white.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.emulateMedia({ media: 'print' });
  const handout = page.getByRole('region', { name: 'Handout', exact: true });
  const colours = (l: Locator) => l.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(document.body).backgroundColor]);
  await expect.poll(() => colours(handout)).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  await expect(handout.getByRole('heading', { level: 1, name: 'A server firewall in nftables' })).toBeVisible();
  // The topology as drawn, without the canvas's controls.
  const canvas = page.getByRole('region', { name: 'Canvas' });
  for (const name of ['client (host)', 'srv (host)']) await expect(canvas.getByRole('group', { name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zoom In' })).toBeHidden();
  await expect(page.getByLabel('Minimap')).toBeHidden();

  const details = page.getByRole('region', { name: 'Handout details' });
  const question = details.getByRole('region', { name: 'Handout question' });
  await expect(question).toContainText('Open the web server: make nc -z -w 2 10.0.0.2 80 on client succeed');
  await expect(question).toContainText('Hint: The input chain has a rule that lets ssh in.');
  // Not the dark theme's code background either.
  expect(await question.locator('code').first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
  await expect(details.getByRole('region', { name: 'Handout steps' }).getByRole('listitem')).not.toHaveCount(0);

  // Every device, not only a selected one: its kind, its ports with addresses, its config lines.
  for (const [name, port, line] of [
    ['client', 'eth0 10.0.0.1/24', 'nc -lk 80 &'],
    ['srv', 'eth0 10.0.0.2/24', 'tcp dport 22 accept'],
  ] as const) {
    const device = details.getByRole('region', { name: `Device ${name}` });
    await expect(device.getByRole('heading', { name: `${name} (host)` })).toBeVisible();
    await expect(device).toContainText(`Ports: ${port}`);
    await expect(device.locator('pre')).toContainText(line);
    expect(await colours(device.locator('pre'))).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  }
  const flows = details.getByRole('region', { name: 'Handout flows' });
  await expect(flows.getByRole('listitem')).toHaveCount(5);
  await expect(flows.getByRole('listitem').first()).toHaveText('ssh gets in: tcp dport 22 accept: on client run nc -z -w 1 10.0.0.2 22, expected exit 0');

  // A handout for students: the worked answer is nowhere on the page, nor the app's controls.
  const body = page.locator('body');
  await expect(body).not.toContainText('One answer', { useInnerText: true });
  await expect(body).not.toContainText('tcp dport 80 accept', { useInnerText: true });
  await expect(page.getByRole('region', { name: 'Trace' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Playback' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print handout' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Share' })).toBeHidden();

  await page.screenshot({ path: `${out}/handout-print.png`, fullPage: true });
  await page.pdf({ path: `${out}/handout.pdf` });
});

test('the diagram the user zoomed into prints whole', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  await gallery.getByRole('button', { name: /\d\. A server firewall in nftables (?!\(fixed\))/ }).click();
  await expect(gallery).toBeHidden();
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const srv = canvas.getByRole('group', { name: 'srv (host)' });
  await expect(srv).toBeVisible();
  // The user's own zoom, deep into client: the screen view no longer follows the canvas's size.
  const client = (await canvas.getByRole('group', { name: 'client (host)' }).boundingBox())!;
  await page.mouse.move(client.x + client.width / 2, client.y + client.height / 2);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await srv.boundingBox())!.x).toBeGreaterThan((await canvas.boundingBox())!.x + (await canvas.boundingBox())!.width);

  // What Chromium does on Ctrl+P: print media, then the beforeprint event (a headless test has no print dialog).
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const box = (await canvas.boundingBox())!;
  for (const name of ['client (host)', 'srv (host)']) {
    await expect
      .poll(async () => {
        const b = (await canvas.getByRole('group', { name }).boundingBox())!;
        return b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width && b.y + b.height <= box.y + box.height;
      })
      .toBe(true);
  }
  await page.screenshot({ path: `${out}/handout-zoomed-print.png`, fullPage: true });
});
