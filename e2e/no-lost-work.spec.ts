import { expect, test, type Page } from '@playwright/test';
import { dropFile } from './support';

/*
 * No lost work: a failed import, a bad edit or a crash never costs the saved document, and
 * undo reaches back past an error to where the user started.
 */

const canvas = (page: Page) => page.getByRole('region', { name: 'Canvas' });
const config = (page: Page) => page.getByRole('textbox', { name: 'Config' });

async function waitSaved(page: Page) {
  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);
}

/** The saved scenarios' text in this browser's storage (what a reload would find). */
const stored = (page: Page) => page.evaluate(() => Object.values(localStorage).join('\n'));

test('a failed import leaves the saved work as it was, after a reload too', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await waitSaved(page);

  const bad = [
    ['typo.json', JSON.stringify({ hairpin: 1, title: 'Typo', devices: { a: { kind: 'hots', ports: { eth0: null } } }, links: [], flows: [] })],
    ['garbage.json', '{"hairpin": 1, "title": "cut off", "devices": {'],
    ['picture.json', '\u0089PNG\r\n\u001a\n\u0000\u0000'],
  ] as const;
  for (const [name, text] of bad) {
    await dropFile(page, name, text);
    await expect(page.getByRole('alert').filter({ hasText: `Could not import ${name}` })).toContainText('your scenario is unchanged');
    await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  }
  await page.reload();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  expect(await stored(page)).not.toContain('Typo');
});

test('an edit past a format limit is refused at the edit, naming it; the last good save stays current', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  const pc3 = canvas(page).getByLabel('pc3 (host)');
  await pc3.click();
  await config(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ip link set eth0 up');
  await page.keyboard.press('Enter');
  await waitSaved(page);

  // A pasted line far longer than any real command (the limit is 4,096 characters).
  await page.keyboard.insertText(`ip route add 10.0.0.0/8 dev eth0 ${'x'.repeat(5000)}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Not changed' })).toContainText('A config line is at most 4,096 characters; line 2 of pc3 would have 5,033.');
  await expect(config(page)).not.toContainText('xxxx');
  await expect(config(page)).toContainText('ip link set eth0 up');
  await waitSaved(page);
  expect(await stored(page)).not.toContain('x'.repeat(5000));

  // Editing goes on as usual, and is saved.
  await config(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ip addr add 10.0.0.3/24 dev eth0');
  await page.keyboard.press('Enter');
  await expect.poll(() => stored(page)).toContain('ip addr add 10.0.0.3/24 dev eth0');
  await page.reload();
  await canvas(page).getByLabel('pc3 (host)').click();
  await expect(config(page)).toContainText('ip link set eth0 up');
  await expect(config(page)).not.toContainText('xxxx');
});

test('undo reaches back past a config error and later edits to the scenario as it was', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  const devices = async () => (await canvas(page).locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).sort();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  const before = await devices();
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeDisabled();

  // An edit the kernel refuses: the editor shows the error in place.
  await canvas(page).getByLabel('pc1 (host)').click();
  await config(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('ip route add 10.9.0.0/16 via 172.16.0.1');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Nexthop has invalid gateway').first()).toBeVisible();
  // More edits after the error.
  await page.getByRole('button', { name: 'Add router' }).click();
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();

  for (let i = 0; i < 20 && (await undo.isEnabled()); i++) await undo.click();
  await expect(undo).toBeDisabled();
  expect(await devices()).toEqual(before);
  await canvas(page).getByLabel('pc1 (host)').click();
  await expect(config(page)).not.toContainText('172.16.0.1');
  await expect(page.getByText('Nexthop has invalid gateway')).toHaveCount(0);
});

test('reloading mid-edit keeps the line being typed', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await canvas(page).getByLabel('pc3 (host)').click();
  await config(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ip link set eth0 mtu 1400');
  // No Enter, no pause: the page goes away while the line is still being typed.
  await page.reload();
  await canvas(page).getByLabel('pc3 (host)').click();
  await expect(config(page)).toContainText('ip link set eth0 mtu 1400');
});

test('after a crash of the tab, the last autosave comes back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await page.getByRole('button', { name: 'Add router' }).click();
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();
  // Autosave writes after a short pause in editing, before any crash.
  await expect.poll(() => stored(page)).toContain('"router1"');
  // A crash runs no page-leaving handlers: swallow them all, then go away.
  await page.evaluate(() => {
    const swallow = (e: Event) => e.stopImmediatePropagation();
    for (const type of ['pagehide', 'visibilitychange', 'beforeunload', 'unload']) {
      window.addEventListener(type, swallow, true);
      document.addEventListener(type, swallow, true);
    }
  });
  await page.reload();
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
});
