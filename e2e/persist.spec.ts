import { expect, test, type Page } from '@playwright/test';

/* Autosave, undo/redo and the user's saved scenarios, as a person uses them. */

const canvas = (page: Page) => page.getByRole('region', { name: 'Canvas' });

/** Autosave writes after a pause in editing; the header says when it did. */
async function waitSaved(page: Page) {
  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);
}

async function menu(page: Page, item: string) {
  await page.getByRole('button', { name: 'Document', exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('an edited lesson is saved as the user\'s copy and comes back after a reload', async ({ page }) => {
  await page.goto('/');
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Not saved until changed');

  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await waitSaved(page);

  await page.reload();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await waitSaved(page);
  // The history starts afresh with the page; the document does not.
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();

  // `?scenario=` opens a lesson without touching the saved copy.
  await page.goto('/?scenario=vps-slash32');
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  await menu(page, 'My scenarios…');
  const list = page.getByRole('list', { name: 'Saved scenarios' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('from the lesson home-lan');
});

test('undo and redo by keyboard and by button; a removed device comes back', async ({ page }) => {
  await page.goto('/');
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();

  await page.getByRole('button', { name: 'Add host' }).click();
  const pc3 = canvas(page).getByLabel('pc3 (host)');
  await expect(pc3).toBeVisible();
  await expect(undo).toBeEnabled();

  await page.keyboard.press('Control+z');
  await expect(pc3).toHaveCount(0);
  await expect(redo).toBeEnabled();
  await page.keyboard.press('Control+Shift+z');
  await expect(pc3).toBeVisible();

  // Remove it on the canvas, then bring it back with the buttons.
  await pc3.click();
  await page.keyboard.press('Delete');
  await expect(pc3).toHaveCount(0);
  await undo.click();
  await expect(pc3).toBeVisible();
  await redo.click();
  await expect(pc3).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(pc3).toBeVisible();
  await undo.click();
  await expect(pc3).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(pc3).toBeVisible();

  // A drag is one step: one undo puts the device back where it was.
  const before = await pc3.boundingBox();
  await pc3.hover();
  await page.mouse.down();
  await page.mouse.move(before!.x + 60, before!.y + 40, { steps: 8 });
  await page.mouse.move(before!.x + 120, before!.y + 80, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await pc3.boundingBox())!.x).toBeGreaterThan(before!.x + 50);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await pc3.boundingBox())!.x)).toBe(Math.round(before!.x));
  await expect(pc3).toBeVisible();

  // In a text field Ctrl+Z is the field's own undo, not the document's.
  await page.getByRole('textbox', { name: 'Command' }).fill('ping');
  await page.getByRole('textbox', { name: 'Command' }).press('Control+z');
  await expect(pc3).toBeVisible();
});

test('Ctrl+Z in the config editor undoes one document step, not two', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  const pc3 = canvas(page).getByLabel('pc3 (host)');
  await pc3.click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await editor.click();
  await page.keyboard.type('ip link set eth0 up');
  await page.keyboard.press('Enter');
  await expect(editor).toContainText('ip link set eth0 up');
  await page.keyboard.press('Control+z');
  await expect(editor).not.toContainText('ip link set eth0 up');
  await expect(pc3).toBeVisible();
  // A real keyboard sends "Z" with Shift held (Playwright's "Control+Shift+z" would send "z").
  await page.keyboard.press('Control+Shift+Z');
  await expect(editor).toContainText('ip link set eth0 up');
  await expect(pc3).toBeVisible();
});

test('new, rename, duplicate, and the list of saved scenarios', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Document', exact: true }).click();
  await expect(page.getByRole('menu', { name: 'Document', exact: true })).toBeVisible();
  await expect(page.locator('.doc-menu-popover')).toContainText('first change saves a copy');
  await page.screenshot({ path: 'test-results/persist-menu.png' });
  await page.getByRole('menuitem', { name: 'New scenario' }).click();
  await expect(page.getByRole('heading', { name: 'Untitled scenario' })).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await waitSaved(page);

  // Rename, within the format's limit of 256 characters.
  await menu(page, 'Rename…');
  const dialog = page.getByRole('dialog', { name: 'Rename scenario' });
  const name = dialog.getByRole('textbox', { name: 'Scenario name' });
  await name.fill('x'.repeat(257));
  await expect(dialog.getByText('at most 256 characters')).toBeVisible();
  await name.fill('   ');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(dialog.getByText('needs a name')).toBeVisible();
  await name.fill('Lab one');
  await name.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lab one' })).toBeVisible();
  await page.getByRole('button', { name: 'Add router' }).click();

  await menu(page, 'Duplicate');
  await expect(page.getByRole('heading', { name: 'Lab one (copy)' })).toBeVisible();
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();

  await menu(page, 'My scenarios…');
  const saved = page.getByRole('dialog', { name: 'My scenarios' });
  const list = saved.getByRole('list', { name: 'Saved scenarios' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText('Lab one (copy)');
  await expect(list.getByRole('listitem').first()).toContainText('open now');
  await expect(list).toContainText('Changed');
  await page.screenshot({ path: 'test-results/persist-list.png' });

  // Open the original, then delete the copy (after confirming).
  await saved.getByRole('button', { name: 'Open Lab one', exact: true }).click();
  await expect(saved).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lab one', exact: true })).toBeVisible();
  await menu(page, 'My scenarios…');
  await saved.getByRole('button', { name: 'Delete Lab one (copy)' }).click();
  await expect(saved.getByRole('group', { name: 'Delete Lab one (copy)?' })).toBeVisible();
  await page.screenshot({ path: 'test-results/persist-delete.png' });
  await saved.getByRole('button', { name: 'Keep Lab one (copy)' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await saved.getByRole('button', { name: 'Delete Lab one (copy)' }).click();
  await saved.getByRole('button', { name: 'Yes, delete Lab one (copy)' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await saved.getByRole('button', { name: 'Close' }).click();

  // The open one comes back after a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Lab one', exact: true })).toBeVisible();
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();
});

test('a bad or truncated share link shows an alert and never replaces the saved work', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await waitSaved(page);

  // A real link, cut short as a chat program might.
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const hash = link.slice(link.indexOf('#'));
  expect(hash.startsWith('#v1.')).toBe(true);

  for (const bad of ['#v1.garbage', hash.slice(0, Math.floor(hash.length / 2))]) {
    await page.goto('about:blank');
    await page.goto(`/${bad}`);
    await expect(page.getByRole('alert')).toContainText('could not be opened');
    await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
    await page.reload();
    await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  }
});

test('a full disk is reported, not thrown, and the last good save stays', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await waitSaved(page);
  // Make every later write fail the way a full disk does.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByRole('button', { name: 'Add router' }).click();
  await expect(page.getByRole('alert')).toContainText('storage for this site is full');
  await expect(canvas(page).getByLabel('router1 (router)')).toBeVisible();
  await page.reload();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await expect(canvas(page).getByLabel('router1 (router)')).toHaveCount(0);
});

/** Whether this browser's storage holds a saved scenario containing `text` (what a reload would find). */
const storedHas = (page: Page, text: string) => page.evaluate((t) => Object.keys(localStorage).some((k) => k.startsWith('hairpin.scenario.') && !k.endsWith('.prev') && localStorage.getItem(k)!.includes(t)), text);

/** Two tabs on the saved copy of the default lesson; tab A then saves a change (pc4) there. */
async function twoTabsAfterAsSave(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();
  await waitSaved(page);
  const b = await page.context().newPage();
  await b.goto('/');
  await expect(canvas(b).getByLabel('pc3 (host)')).toBeVisible();
  await page.bringToFront();
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc4 (host)')).toBeVisible();
  await expect.poll(() => storedHas(page, '"pc4"')).toBe(true);
  await b.bringToFront();
  return b;
}

test('two tabs on one saved scenario: the second to save writes nothing over the first and keeps both as asked', async ({ page }) => {
  const b = await twoTabsAfterAsSave(page);
  // Tab B, which still shows the version before A's change, changes it too.
  await b.getByRole('button', { name: 'Add router' }).click();
  const notice = b.getByRole('alert', { name: 'Changed in another tab' });
  await expect(notice).toContainText('was changed in another tab since this tab opened it');
  expect(await storedHas(b, '"pc4"')).toBe(true);
  expect(await storedHas(b, '"router1"')).toBe(false);
  await b.screenshot({ path: 'test-results/two-tabs-conflict.png' });

  await notice.getByRole('button', { name: 'Keep both: save mine as a copy' }).click();
  await expect(notice).toHaveCount(0);
  await waitSaved(b);
  await expect(canvas(b).getByLabel('router1 (router)')).toBeVisible();
  await expect(canvas(b).getByLabel('pc4 (host)')).toHaveCount(0);
  await menu(b, 'My scenarios…');
  const list = b.getByRole('list', { name: 'Saved scenarios' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText('(copy)');

  // Tab A's save is intact beside B's copy.
  const saved = await b.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('hairpin.scenario.') && !k.endsWith('.prev'))
      .map((k) => {
        const r = JSON.parse(localStorage.getItem(k)!) as { name: string; doc: { devices: Record<string, unknown> } };
        return `${r.name}: ${Object.keys(r.doc.devices).sort().join(' ')}`;
      })
      .sort(),
  );
  const [copy, original] = [saved.filter((r) => r.includes('(copy)')), saved.filter((r) => !r.includes('(copy)'))];
  expect(original).toEqual(['Home LAN behind a router: isp lan pc1 pc2 pc3 pc4 router']);
  expect(copy).toEqual(['Home LAN behind a router (copy): isp lan pc1 pc2 pc3 router router1']);
});

test("two tabs on one saved scenario: the second can take the other tab's version instead", async ({ page }) => {
  const b = await twoTabsAfterAsSave(page);
  await b.getByRole('button', { name: 'Add router' }).click();
  const notice = b.getByRole('alert', { name: 'Changed in another tab' });
  await notice.getByRole('button', { name: "Load the other tab's version" }).click();
  await expect(notice).toHaveCount(0);
  await expect(canvas(b).getByLabel('pc4 (host)')).toBeVisible();
  await expect(canvas(b).getByLabel('router1 (router)')).toHaveCount(0);
  // From here on tab B saves normally over that version.
  await b.getByRole('button', { name: 'Add switch' }).click();
  await expect.poll(() => storedHas(b, '"sw1"')).toBe(true);
  expect(await storedHas(b, '"pc4"')).toBe(true);
  await expect(b.getByRole('alert', { name: 'Changed in another tab' })).toHaveCount(0);
});

test('leaving the page while a save has failed asks first; after a good save it does not', async ({ page, context }) => {
  await page.goto('/');
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  // The disk is full from now on.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('storage for this site is full');

  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  // Stayed: the unsaved work is still on screen.
  expect(page.isClosed()).toBe(false);
  await expect(canvas(page).getByLabel('pc3 (host)')).toBeVisible();

  // A page whose work is saved closes without asking.
  const other = await context.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Add host' }).click();
  await waitSaved(other);
  let dialogs = 0;
  other.on('dialog', (d) => {
    dialogs++;
    void d.accept();
  });
  const closed = other.waitForEvent('close');
  await other.close({ runBeforeUnload: true });
  await closed;
  expect(dialogs).toBe(0);
});
