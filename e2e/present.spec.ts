import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { untilStill } from './support';

/*
 * Presentation mode as a teacher uses it in class: a lesson open and its flow run, "Present"
 * puts the canvas beside the packet pane in large type; the clicker's PageDown/PageUp, the
 * arrows and Space step through the trace (never while typing); a frame on a link opens its
 * packet; the panes collapse and resize, with sizes of their own; Escape brings the desk back.
 * Screenshots: present-*.png in test-results/ (or SHOTS_DIR).
 */

const shot = (page: Page, name: string) => page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/present-${name}.png` });
const fontSize = (l: Locator) => l.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

test('present a lesson: large type, stepping by clicker and keys, a frame opens its packet, panes, Escape', async ({ page }) => {
  // Frames hold still (as they do under the pointer), so a click lands where the frame is.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  await gallery.getByRole('button', { name: /\d\. Hairpin NAT, broken (?!\(fixed\))/ }).click();
  await expect(gallery).toBeHidden();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Hairpin NAT, broken', exact: true })).toBeVisible();

  await page.getByRole('combobox', { name: 'Flow' }).selectOption({ label: 'pc2$ nc -z -w 2 50.60.70.80 8080 — hairpin from the LAN fails' });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const currentRow = trace.locator('[aria-current="step"]');
  await expect(currentRow).toBeVisible();
  const packet = page.getByRole('region', { name: 'Packet' });
  const why = packet.locator('.why-sentence');
  const routerName = page.getByRole('region', { name: 'Canvas' }).locator('.device-id', { hasText: 'router' });
  const portLabel = page.getByRole('region', { name: 'Canvas' }).getByLabel('router:eth1', { exact: true });
  // On screen, the canvas's zoom included.
  const height = async (l: Locator) => (await l.boundingBox())!.height;
  await untilStill(portLabel);
  const normal = { why: await fontSize(why), row: await fontSize(currentRow), port: await height(portLabel), name: await height(routerName) };
  const inspectorWidth = await page.getByRole('separator', { name: 'Resize the inspector' }).getAttribute('aria-valuenow');

  // Shift+P typed in the command box is a capital P, not presentation.
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.click();
  await command.press('Shift+P');
  await expect(command).toHaveValue('P');
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toHaveCount(0);
  await command.fill('');

  // In: the button names its key.
  const present = page.getByRole('button', { name: 'Present', exact: true });
  await expect(present).toHaveAttribute('aria-keyshortcuts', 'Shift+P');
  await present.click();
  const exit = page.getByRole('button', { name: 'Exit presentation' });
  await expect(exit).toBeVisible();
  await expect(inspector).toBeHidden();
  await expect(page.getByRole('button', { name: 'Share' })).toBeHidden();
  // The flow picker, Run and the playback controls stay.
  await expect(page.getByRole('combobox', { name: 'Flow' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Playback controls' })).toBeVisible();
  // Escape in a dialog closes the dialog; presentation stays.
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(gallery).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(gallery).toBeHidden();
  await expect(exit).toBeVisible();
  // Focus is back on Lessons (Space there opens it again): the presenter clicks on the page.
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  // The packet pane stands right of the canvas.
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const [canvasBox, packetBox] = [(await canvas.boundingBox())!, (await packet.boundingBox())!];
  expect(packetBox.x).toBeGreaterThanOrEqual(canvasBox.x + canvasBox.width - 2);
  expect(packetBox.y).toBeLessThan(canvasBox.y + canvasBox.height / 2);

  // Large type: the why, a trace row and the port labels.
  expect(await fontSize(why)).toBeGreaterThanOrEqual(normal.why * 1.6);
  expect(await fontSize(currentRow)).toBeGreaterThanOrEqual(normal.row * 1.5);
  // Rows as tall as their type: the next one starts below this one's text.
  const rows = trace.getByRole('listitem');
  const [row1, row2] = [(await rows.nth(0).boundingBox())!, (await rows.nth(1).boundingBox())!];
  expect(row2.y - row1.y).toBeGreaterThanOrEqual((await fontSize(currentRow)) * 1.8);
  await untilStill(portLabel);
  expect(await height(portLabel)).toBeGreaterThanOrEqual(normal.port * 1.5);
  expect(await height(routerName)).toBeGreaterThanOrEqual(normal.name * 1.5);

  // The clicker: PageDown and PageUp; then the arrows, Space and Home/End.
  const position = page.getByRole('toolbar', { name: 'Playback controls' }).locator('.pb-position');
  await expect(position).toContainText('step 1 of');
  const first = await why.textContent();
  await page.keyboard.press('PageDown');
  await expect(position).toContainText('step 2 of');
  await expect(why).not.toHaveText(first!);
  await page.keyboard.press('ArrowRight');
  await expect(position).toContainText('step 3 of');
  await page.keyboard.press('PageUp');
  await expect(position).toContainText('step 2 of');
  await page.keyboard.press('Space');
  await expect(position).toContainText('step 3 of');
  await page.keyboard.press('Shift+Space');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toContainText('step 1 of');
  await expect(why).toHaveText(first!);
  await page.keyboard.press('End');
  await expect(position).toContainText(/step (\d+) of \1\b/);
  await page.keyboard.press('Home');
  await expect(position).toContainText('step 1 of');
  // Not while typing: the keys belong to the command box, and Escape does not leave.
  await command.click();
  for (const key of ['PageDown', 'ArrowRight', 'Space', 'Escape']) await command.press(key);
  await expect(position).toContainText('step 1 of');
  await expect(exit).toBeVisible();
  await command.fill('');
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();

  // A frame on a link is a button naming its protocol and ports; pressing it opens its packet.
  for (let i = 0; i < 12; i++) await page.keyboard.press('PageDown');
  await expect(position).toContainText('step 13 of');
  const frames = canvas.getByRole('button', { name: /frame from .+ to .+ \(step \d+\)/ });
  await expect(frames.first()).toBeVisible();
  const labels = await frames.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!));
  const label = labels.find((l) => !l.endsWith('(step 13)'))!;
  const [, from, step] = /from (\S+) to \S+ \(step (\d+)\)/.exec(label)!;
  await shot(page, 'before-frame-click');
  const frame = canvas.getByRole('button', { name: label, exact: true });
  expect((await frame.boundingBox())!.width, 'a frame is big enough to see and hit').toBeGreaterThanOrEqual(20);
  await frame.click();
  await expect(position).toContainText(`step ${step} of`);
  await expect(packet.locator('.pkt-step')).toHaveText(`#${step}`);
  await expect(packet.locator('.pkt-place')).toHaveText(from!);
  await expect(packet.locator('.trace-badge')).toHaveText('sent');
  await expect(packet.locator('.pkt-line')).toBeVisible();
  await shot(page, '1280-light');

  // Panes: the packet pane collapses (the canvas takes the room) and comes back; it resizes.
  await page.getByRole('button', { name: 'Hide packet' }).click();
  await expect(packet).toBeHidden();
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(canvasBox.width + 200);
  await page.getByRole('button', { name: 'Show packet' }).click();
  await expect(packet).toBeVisible();
  const handle = page.getByRole('separator', { name: 'Resize the packet pane' });
  // The handle comes back with the pane and says its minimum until it has measured the pane;
  // then it says the width in words too.
  await expect(handle).toHaveAttribute('aria-valuetext', /^\d+ pixels$/);
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  // The arrows go to the handle, not to the trace (which they step while presenting).
  await expect(handle).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));
  await expect.poll(async () => Math.round((await packet.boundingBox())!.width)).toBeGreaterThanOrEqual(before + 30);
  // The trace area collapses to its bar, too.
  await page.getByRole('button', { name: 'Hide trace' }).click();
  await expect(trace).toBeHidden();
  await page.getByRole('button', { name: 'Show trace' }).click();
  await expect(trace).toBeVisible();

  // Projector sizes and the dark theme.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(packet).toBeVisible();
  await shot(page, '1920-dark');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Light theme' }).click();

  // Out with Escape: the desk's layout as it was, focus on Present again.
  await page.locator('body').press('Escape');
  await expect(present).toBeFocused();
  await expect(inspector).toBeVisible();
  await expect(page.getByRole('separator', { name: 'Resize the inspector' })).toHaveAttribute('aria-valuenow', inspectorWidth!);
  const deskCanvas = (await canvas.boundingBox())!;
  expect((await packet.boundingBox())!.y, 'the packet pane is below the canvas again').toBeGreaterThanOrEqual(deskCanvas.y + deskCanvas.height - 2);
  expect(await fontSize(packet.locator('.why-sentence'))).toBe(normal.why);
  // The playback keys are the desk's again: Space plays (on the page; on the focused button it would present).
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');

  // On the desk, too, a frame on a link opens its packet.
  await page.getByRole('button', { name: 'Step forward' }).click();
  const deskLabel = (await canvas.getByRole('button', { name: /frame from/ }).first().getAttribute('aria-label'))!;
  const deskStep = /\(step (\d+)\)/.exec(deskLabel)![1]!;
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(packet.locator('.pkt-step')).not.toHaveText(`#${deskStep}`);
  // Leaving presentation fitted the diagram to the desk again, with a short animation.
  const deskFrame = canvas.getByRole('button', { name: deskLabel, exact: true });
  await untilStill(deskFrame);
  await deskFrame.click();
  await expect(packet.locator('.pkt-step')).toHaveText(`#${deskStep}`);

  // Shift+P presents again, the packet pane as wide as it was left.
  await page.keyboard.press('Shift+P');
  await expect(exit).toBeVisible();
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));
  await exit.click();
  await expect(present).toBeFocused();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violation while presenting, frames on the links (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.goto('/?scenario=hairpin-nat-broken');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
    await page.keyboard.press('Shift+P');
    await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
    for (let i = 0; i < 8; i++) await page.keyboard.press('PageDown');
    await expect(page.getByRole('region', { name: 'Canvas' }).getByRole('button', { name: /frame from/ }).first()).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}
