import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { focusDevice, untilStill } from './support';

/*
 * Accessibility: axe-core's WCAG 2 A/AA rules over the whole page, in light and dark, after a
 * run with a device selected, and in every dialog; and the keyboard paths a person without a
 * mouse needs (a node's inspector, linking ports, moving a device, playing from the Run button).
 */

async function violations(page: Page, include?: string) {
  let axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) axe = axe.include(include);
  const { violations } = await axe.analyze();
  // Name, rule and the first offending nodes: enough to find each in a failure message.
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4})` : ''}`);
}

async function runWithDeviceSelected(page: Page) {
  await page.goto('/?scenario=hairpin-nat-broken');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)').click();
  await expect(page.getByRole('textbox', { name: 'Config' })).toBeVisible();
}

test('axe finds no violation on a portrait tablet, after a run with a device selected', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await runWithDeviceSelected(page);
  expect(await violations(page)).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violation in the ${theme} theme, before and after a run with a device selected`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/?scenario=hairpin-nat-broken');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await violations(page), 'before a run').toEqual([]);
    await runWithDeviceSelected(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await violations(page), 'after a run, router selected').toEqual([]);
  });

  test(`axe finds no violation in any dialog (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await runWithDeviceSelected(page);
    await page.getByRole('button', { name: 'Lessons' }).click();
    await expect(page.getByRole('dialog', { name: 'Lessons' }).getByRole('listitem').first()).toBeVisible();
    expect(await violations(page, 'dialog[open]'), 'Lessons').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByRole('dialog', { name: 'Share and export' })).toBeVisible();
    expect(await violations(page, 'dialog[open]'), 'Share').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Document' }).click();
    await expect(page.getByRole('menu', { name: 'Document' })).toBeVisible();
    expect(await violations(page, '.doc-menu'), 'Document menu').toEqual([]);
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await violations(page, 'dialog[open]'), 'Rename').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Document' }).click();
    await page.getByRole('menuitem', { name: 'My scenarios…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await violations(page, 'dialog[open]'), 'My scenarios').toEqual([]);
  });
}

test('Space plays and pauses with the Run button focused; a step taken is announced politely', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  const runButton = page.getByRole('button', { name: 'Run' });
  await runButton.focus();
  await page.keyboard.press(' ');
  const trace = page.getByRole('region', { name: 'Trace' });
  await expect(trace.getByRole('listitem').first()).toBeVisible();
  await expect(runButton).toBeFocused();
  // The second Space plays the trace (it used to click Run and start the run again).
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  // Stepping: the current row is marked for assistive technology, and the step is said.
  await page.getByRole('slider', { name: 'Step' }).fill('0');
  await page.getByRole('button', { name: 'Step forward' }).click();
  const current = trace.locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('aria-posinset', '2');
  const live = page.locator('[aria-live="polite"]').filter({ hasText: /^Step 2 of \d+: / });
  await expect(live).toHaveCount(1);
  await expect(live).toContainText(await current.locator('.trace-why').innerText());
});

test('keyboard: Enter or Space on a focused device opens its inspector; arrows move it, one undo step per press or held key', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await focusDevice(page, 'gateway (router)');
  await page.keyboard.press('Enter');
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('gateway');
  const vps = await focusDevice(page, 'vps (host)');
  await page.keyboard.press(' ');
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('vps');

  const x = async () => Math.round((await vps.boundingBox())!.x);
  const y = async () => Math.round((await vps.boundingBox())!.y);
  // Where the card is, once drawn whole: its address comes from the worker a moment after the
  // page opens, and the card, centred on its place, widens to the left to hold it.
  await expect(vps).toContainText('91.99.148.215/32');
  await untilStill(vps);
  const start = await x();
  // One press, then a held key (repeated key-downs, one key-up): two moves, two undo steps.
  await page.keyboard.press('ArrowRight');
  await expect.poll(x).toBeGreaterThan(start);
  // Read once the key-up has written the move to the document, which places the card.
  await untilStill(vps);
  const afterPress = await x();
  for (let i = 0; i < 6; i++) await page.keyboard.down('ArrowDown');
  await page.keyboard.up('ArrowDown');
  await untilStill(vps);
  const held = await y();
  await page.keyboard.press('Control+z');
  await expect.poll(y).toBeLessThan(held);
  await expect.poll(x).toBe(afterPress);
  await page.keyboard.press('Control+z');
  await expect.poll(x).toBe(start);
  // The moves were the only steps: nothing left to undo.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();

  // A collapsed inspector opens again for the device chosen.
  await page.getByRole('button', { name: 'Hide inspector' }).click();
  await expect(inspector).toBeHidden();
  await focusDevice(page, 'gateway (router)');
  await page.keyboard.press('Enter');
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('gateway');
});

test('keyboard: a port is linked from the inspector, refused with the reason a drag gives', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await page.getByRole('button', { name: 'Add host' }).click();
  await page.getByRole('button', { name: 'Add host' }).click();
  await canvas.getByLabel('pc1 (host)').focus();
  await page.keyboard.press('Enter');
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('pc1');

  await inspector.getByRole('button', { name: 'Link eth0 to…' }).focus();
  await page.keyboard.press('Enter');
  const peer = inspector.getByRole('combobox', { name: 'Port to link pc1:eth0 to' });
  await expect(peer).toBeFocused();
  // vps:eth0 already has its link: refused, as dragging onto it is.
  await page.keyboard.type('vps:eth0');
  await page.keyboard.press('Enter');
  await expect(peer).toHaveValue('vps:eth0 (linked)');
  await inspector.getByRole('button', { name: 'Link', exact: true }).press('Enter');
  await expect(inspector.getByRole('alert')).toHaveText('Cannot link: vps:eth0 is already linked to gateway:eth0: a port takes one link.');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await peer.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('pc2');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(peer).toHaveValue('pc2:eth0');
  await inspector.getByRole('button', { name: 'Link', exact: true }).press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(inspector.getByRole('button', { name: 'pc2:eth0' })).toBeVisible();
});
