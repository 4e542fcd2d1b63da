import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { rowAndColumn, switchTree } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';
import { dropScenario } from './support';

/*
 * The device pickers ("Run on device", the trace's "Device filter") are searchable comboboxes
 * whose list renders only the rows in view: at 10,000 devices a <select> built every option
 * and froze the page when opened. Driven here by role, label and keys, as a person would.
 */

/** Few enough that the list costs the same at 10 devices as at 10,000. */
const MAX_RENDERED_OPTIONS = 100;

test('the Run on device picker: typing filters, the arrows move, Enter takes, Escape gives the text back', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  const box = page.getByRole('combobox', { name: 'Run on device' });
  const list = page.getByRole('listbox', { name: 'Run on device' });
  await expect(box).toHaveAttribute('aria-expanded', 'false');

  await box.focus();
  await page.keyboard.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option')).toHaveText(['pc1', 'pc2', 'lan', 'router', 'remote']);

  // A combobox and its listbox as ARIA has them, open (axe's rules, light theme).
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include('.command-box').analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Typing narrows the list; the first match is highlighted and named by aria-activedescendant.
  await box.fill('r');
  await expect(list.getByRole('option')).toHaveText(['router', 'remote']);
  await page.keyboard.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toHaveText('remote');
  await expect(list.getByRole('option', { name: 'remote' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('remote');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(list).toBeHidden();

  // Escape closes the list and gives back the chosen device's name.
  await box.fill('pc');
  await expect(list.getByRole('option')).toHaveText(['pc1', 'pc2']);
  await page.keyboard.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue('remote');

  // Nothing matches: the list says so and Enter takes nothing.
  await box.fill('zzz');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing matches “zzz”' })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('remote');
});

test('at 9,902 devices the Run on device picker renders a few dozen options and finds any device by typing', async ({ page }) => {
  test.setTimeout(120_000);
  const doc = rowAndColumn(100, 9_800);
  const devices = Object.keys(doc.devices).length;
  await page.goto('/');
  await dropScenario(page, doc, 'row-and-column.json', 60_000);
  const box = page.getByRole('combobox', { name: 'Run on device' });
  const list = page.getByRole('listbox', { name: 'Run on device' });

  await box.click();
  await expect(list).toBeVisible();
  const options = list.getByRole('option');
  expect(await options.count()).toBeGreaterThan(0);
  expect(await options.count()).toBeLessThan(MAX_RENDERED_OPTIONS);
  // Each rendered option says where it sits in the whole list.
  await expect(options.first()).toHaveAttribute('aria-setsize', String(devices));

  // Down the list by the keyboard, a page (9 rows) at a time from client: the highlighted
  // option is scrolled into view, and still only a window of options is rendered.
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
  const active = page.locator(`[id="${await box.getAttribute('aria-activedescendant')}"]`);
  await expect(active).toHaveText('r27');
  await expect(active).toBeInViewport();
  expect(await options.count()).toBeLessThan(MAX_RENDERED_OPTIONS);

  await box.fill('b4899');
  await expect(options).toHaveText(['b4899']);
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('b4899');
  await page.screenshot({ path: 'test-results/picker-large.png' });
});

test('with 1,111 devices in the trace the Device filter renders a bounded list and filters the trace to the device typed', async ({ page }) => {
  const doc = switchTree(3, 10);
  await page.goto(`/${encode({ doc, flow: 0, step: 0 })}`);
  const trace = page.getByRole('region', { name: 'Trace' });
  const box = trace.getByRole('combobox', { name: 'Device filter' });
  await expect(box).toBeEnabled({ timeout: 30_000 });
  await expect(box).toHaveValue('');
  await expect(box).toHaveAttribute('placeholder', 'All devices');

  await box.click();
  const options = trace.getByRole('listbox', { name: 'Device filter' }).getByRole('option');
  await expect(options.first()).toHaveText('All devices');
  // "All devices" and every device the ARP broadcast reached.
  await expect(options.first()).toHaveAttribute('aria-setsize', String(1 + Object.keys(doc.devices).length));
  expect(await options.count()).toBeLessThan(MAX_RENDERED_OPTIONS);
  await page.screenshot({ path: 'test-results/picker-filter-open.png' });

  await box.fill('h1000');
  await expect(options).toHaveText(['h1000']);
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('h1000');
  await expect(trace.getByText(/^\d+ of \d+$/)).toBeVisible();
  await expect(trace.getByRole('listitem').first()).toContainText('h1000');
});
