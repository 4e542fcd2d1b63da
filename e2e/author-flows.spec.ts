import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { choose } from './support';

/*
 * Authoring a lesson's flows and text as a teacher would: a typed command, once run, is saved as
 * a flow with the exit status it returned (nc to a closed port: "Connection refused", exit 1);
 * flows are edited, reordered from the keyboard, deleted and brought back; the title and the
 * Markdown about text are edited with a preview that renders it as learners see it (raw HTML and
 * javascript: links inert); a share link carries all of it. Screenshots: test-results/author-*.png.
 */

const inspector = (page: Page) => page.getByRole('region', { name: 'Inspector' });
const flowList = (page: Page) => inspector(page).getByRole('list', { name: 'Flows' });
const flowPicker = (page: Page) => page.getByRole('combobox', { name: 'Flow' });

async function flowOptions(page: Page): Promise<string[]> {
  return flowPicker(page).locator('option').allTextContents();
}

test('a typed command saved as a flow, flows edited, reordered, deleted and undone, the text edited, all kept by the share link', async ({ page, browser }) => {
  await page.goto('/?scenario=home-lan');
  await expect(flowList(page).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Save as flow' })).toHaveCount(0);

  // Type a command on pc2 and run it: pc1 listens on no port 80, so nc's SYN meets a RST (exit 1).
  await choose(page, 'Run on device', 'pc2');
  await page.getByRole('textbox', { name: 'Command', exact: true }).fill('nc -z -w 1 192.168.1.2 80');
  await page.getByRole('textbox', { name: 'Command', exact: true }).press('Enter');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('pc2$ nc -z -w 1 192.168.1.2 80');

  await summary.getByRole('button', { name: 'Save as flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as flow' });
  await expect(dialog.getByRole('combobox', { name: 'Device' })).toHaveValue('pc2');
  await expect(dialog.getByRole('textbox', { name: 'Command', exact: true })).toHaveValue('nc -z -w 1 192.168.1.2 80');
  await expect(dialog.getByRole('textbox', { name: 'Expected exit status' })).toHaveValue('1');
  await expect(dialog.getByRole('textbox', { name: 'Title', exact: true })).toBeFocused();
  await page.keyboard.type('pc1 serves no web page');
  await page.screenshot({ path: 'test-results/author-save-flow.png' });
  await dialog.getByRole('button', { name: 'Save flow' }).click();
  await expect(dialog).toBeHidden();

  // Saved and selected: the flow picker shows it and Run runs it.
  await expect(flowPicker(page)).toHaveValue('3');
  await expect(flowPicker(page).locator('option:checked')).toHaveText('pc2$ nc -z -w 1 192.168.1.2 80 — pc1 serves no web page');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveAccessibleDescription('Runs flow 4: pc2$ nc -z -w 1 192.168.1.2 80');
  // Saving a flow changes no packet: the run on screen is still current.
  await expect(page.getByRole('status').filter({ hasText: 'Out of date' })).toHaveCount(0);
  const saved = flowList(page).getByRole('listitem').nth(3);
  await expect(saved).toContainText('pc1 serves no web page');
  await expect(saved).toContainText('expects exit 1');
  await expect(saved).toHaveAttribute('aria-current', 'true');

  // Edit its expected exit: out of range first (the format's rule), then a status.
  await inspector(page).getByRole('button', { name: 'Edit flow 4' }).click();
  const exit = saved.getByRole('textbox', { name: 'Expected exit status' });
  await exit.fill('300');
  await saved.getByRole('button', { name: 'Save flow' }).click();
  await expect(saved.getByRole('alert')).toHaveText('An exit status is a whole number from 0 to 255, not 300.');
  await expect(exit).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/author-flow-invalid.png' });
  await exit.fill('0');
  await saved.getByRole('button', { name: 'Save flow' }).click();
  await expect(saved).toContainText('expects exit 0');

  // Reorder from the keyboard: focus stays on the moved flow's button.
  await inspector(page).getByRole('button', { name: 'Move flow 4 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByRole('button', { name: 'Move flow 3 up' })).toBeFocused();
  await expect(flowList(page).getByRole('listitem').nth(2)).toContainText('pc1 serves no web page');
  expect((await flowOptions(page))[2]).toContain('pc1 serves no web page');
  expect((await flowOptions(page))[3]).toContain('a TCP connection through NAT');
  // The selected flow moved with it.
  await expect(flowPicker(page)).toHaveValue('2');
  await expect(flowList(page).getByRole('listitem').nth(2)).toHaveAttribute('aria-current', 'true');

  // Delete one, then undo from the notice: it is back in its place.
  await inspector(page).getByRole('button', { name: 'Delete flow 1' }).click();
  await expect(flowList(page).getByRole('listitem')).toHaveCount(3);
  expect(await flowOptions(page)).not.toContain('pc1$ ping -c 1 -W 1 192.168.1.3 — local traffic: ARP for the peer itself');
  const notice = inspector(page).getByRole('status').filter({ hasText: 'Deleted flow 1' });
  await expect(notice).toContainText('local traffic: ARP for the peer itself');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(flowList(page).getByRole('listitem')).toHaveCount(4);
  await expect(flowList(page).getByRole('listitem').first()).toContainText('local traffic: ARP for the peer itself');
  await expect(notice).toHaveCount(0);

  // Delete another for good.
  await inspector(page).getByRole('button', { name: 'Delete flow 2' }).click();
  await expect(flowList(page).getByRole('listitem')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/author-flows.png' });

  // The title and the about text.
  await inspector(page).getByRole('button', { name: 'Edit title and about' }).click();
  const form = inspector(page).getByRole('form', { name: 'Title and about' });
  const title = form.getByRole('textbox', { name: 'Title', exact: true });
  await title.fill('');
  await form.getByRole('button', { name: 'Save text' }).click();
  await expect(form.getByRole('alert')).toHaveText('A scenario needs a name.');
  await title.fill('Who answers on the LAN');
  const about = [
    '## Why nc fails',
    '',
    'Nothing **listens** on port 80: see [RFC 793](https://www.rfc-editor.org/rfc/rfc793).',
    '',
    '[click me](javascript:window.__pwned=1)',
    '',
    '<script>window.__pwned = 2</script><img src=x onerror="window.__pwned = 3">',
  ].join('\n');
  await form.getByRole('textbox', { name: 'About (Markdown)' }).fill(about);
  const preview = form.getByRole('region', { name: 'About preview' });
  await expect(preview.getByRole('heading', { name: 'Why nc fails' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('listens');
  await expect(preview.getByRole('link', { name: 'RFC 793' })).toHaveAttribute('href', 'https://www.rfc-editor.org/rfc/rfc793');
  // Inert: the javascript: link is no link, the HTML shows as text.
  await expect(preview.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(preview).toContainText('click me');
  await expect(preview).toContainText('<script>window.__pwned = 2</script>');
  await expect(preview.locator('script, img')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/author-text.png' });
  await form.getByRole('button', { name: 'Save text' }).click();
  await expect(inspector(page).getByRole('heading', { name: 'Who answers on the LAN', level: 2 })).toBeVisible();
  await expect(inspector(page).getByRole('heading', { name: 'Why nc fails' })).toBeVisible();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // Shared: a fresh browser opening the link has the flows, their order, the title and the about.
  const options = await flowOptions(page);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('dialog', { name: 'Share and export' }).getByRole('textbox', { name: 'Share link' }).inputValue();
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(flowList(other).getByRole('listitem')).toHaveCount(3);
  expect(await flowOptions(other)).toEqual(options);
  await expect(flowList(other).getByRole('listitem').nth(1)).toContainText('pc1 serves no web page');
  await expect(flowList(other).getByRole('listitem').nth(1)).toContainText('expects exit 0');
  await expect(inspector(other).getByRole('heading', { name: 'Who answers on the LAN', level: 2 })).toBeVisible();
  await expect(inspector(other).getByRole('heading', { name: 'Why nc fails' })).toBeVisible();
  await expect(inspector(other).getByRole('link', { name: 'click me' })).toHaveCount(0);
  expect(await other.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await other.screenshot({ path: 'test-results/author-shared.png' });
  await fresh.close();
});

test('a flow added in the editor with a command left empty is refused with the format’s message', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await inspector(page).getByRole('button', { name: 'Add flow' }).click();
  const form = inspector(page).locator('form').filter({ has: page.getByRole('button', { name: 'Add flow' }) });
  await form.getByRole('button', { name: 'Add flow' }).click();
  await expect(form.getByRole('alert')).toHaveText('The command is empty.');
  await choose(form, 'Device', 'pc2');
  await form.getByRole('textbox', { name: 'Command', exact: true }).fill('ping -c 1 -W 1 192.168.1.2');
  await form.getByRole('button', { name: 'Add flow' }).click();
  await expect(flowList(page).getByRole('listitem')).toHaveCount(4);
  await expect(flowPicker(page)).toHaveValue('3');
  await expect(flowList(page).getByRole('listitem').nth(3)).toContainText('pc2$ ping -c 1 -W 1 192.168.1.2');
  await expect(flowList(page).getByRole('listitem').nth(3)).toContainText('expects exit 0');
  await expect(inspector(page).getByRole('button', { name: 'Edit flow 4' })).toBeFocused();
});

test('Escape leaves a flow or the text unsaved and gives the focus back to the button that opened it', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await inspector(page).getByRole('button', { name: 'Edit flow 2' }).click();
  const row = flowList(page).getByRole('listitem').nth(1);
  await row.getByRole('textbox', { name: 'Command', exact: true }).fill('ping -c 9 8.8.8.8');
  await page.keyboard.press('Escape');
  await expect(row).toContainText('pc1$ ping -c 1 -W 1 8.8.8.8');
  await expect(inspector(page).getByRole('button', { name: 'Edit flow 2' })).toBeFocused();

  await inspector(page).getByRole('button', { name: 'Edit title and about' }).click();
  await inspector(page).getByRole('textbox', { name: 'Title', exact: true }).fill('Not kept');
  await page.keyboard.press('Escape');
  await expect(inspector(page).getByRole('heading', { name: 'Home LAN behind a router', level: 2 })).toBeVisible();
  await expect(inspector(page).getByRole('button', { name: 'Edit title and about' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
});

test('a flow deleted from the keyboard comes back with Ctrl+Z and goes again with Ctrl+Shift+Z', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  // Half-typed in the command box: deleting or moving a flow chooses nothing, so it stays.
  await page.getByRole('textbox', { name: 'Command', exact: true }).fill('ping -c 3 8.8.8.8');
  await inspector(page).getByRole('button', { name: 'Move flow 1 down' }).click();
  await inspector(page).getByRole('button', { name: 'Move flow 2 up' }).click();
  await expect(page.getByRole('textbox', { name: 'Command', exact: true })).toHaveValue('ping -c 3 8.8.8.8');
  await inspector(page).getByRole('button', { name: 'Delete flow 3' }).focus();
  await page.keyboard.press('Enter');
  await expect(flowList(page).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: 'Command', exact: true })).toHaveValue('ping -c 3 8.8.8.8');
  // The focus stays in the list (on the flow now last), so the keys reach the page's undo.
  await expect(inspector(page).getByRole('button', { name: 'Edit flow 2' })).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(flowList(page).getByRole('listitem')).toHaveCount(3);
  await expect(flowList(page).getByRole('listitem').nth(2)).toContainText('a TCP connection through NAT');
  expect(await flowOptions(page)).toHaveLength(3);
  await page.keyboard.press('Control+Shift+z');
  await expect(flowList(page).getByRole('listitem')).toHaveCount(2);
});

async function violations(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include(include).analyze();
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violation in the authoring forms, their errors shown (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/?scenario=home-lan');
    await page.getByRole('textbox', { name: 'Command', exact: true }).fill('ping -c 1 -W 1 192.168.1.2');
    await page.getByRole('textbox', { name: 'Command', exact: true }).press('Enter');
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByRole('button', { name: 'Save as flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as flow' });
    await dialog.getByRole('textbox', { name: 'Expected exit status' }).fill('x');
    await dialog.getByRole('button', { name: 'Save flow' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    expect(await violations(page, 'dialog[open]'), 'Save as flow').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await inspector(page).getByRole('button', { name: 'Edit flow 1' }).click();
    await inspector(page).getByRole('button', { name: 'Edit title and about' }).click();
    await inspector(page).getByRole('textbox', { name: 'About (Markdown)' }).fill('## Heading\n\n[a link](https://example.com) and `code`');
    expect(await violations(page, '.inspector'), 'flows and text forms').toEqual([]);
    await page.screenshot({ path: `test-results/author-forms-${theme}.png` });
  });
}
