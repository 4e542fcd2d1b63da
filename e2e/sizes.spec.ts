import { expect, test, type Locator, type Page } from '@playwright/test';
import { untilStill } from './support';

/*
 * The playground at the sizes people use it: 1920×1080, 1366×768, a 1024×768 tablet held
 * sideways and a 768×1024 one upright. Clicks are real (no `force`): Playwright refuses a click
 * whose target another element covers. Screenshots land in test-results/sizes-*.png.
 */

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
] as const;

/** Whether the whole of the element shows: its corners and centre are its own, not a cover's. */
async function uncovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    // 4 px in from each corner: inside the rounded border, which hit testing follows.
    const points = [
      [r.left + 4, r.top + 4],
      [r.right - 4, r.top + 4],
      [r.left + 4, r.bottom - 4],
      [r.right - 4, r.bottom - 4],
      [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
    ];
    return points.every(([x, y]) => el.contains(document.elementFromPoint(x!, y!)));
  });
}

async function runHairpin(page: Page) {
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
}

for (const size of SIZES) {
  const at = `${size.width}×${size.height}`;

  test(`${at}: no sideways scroll, every trace filter and Clear filters clickable, messages readable`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?scenario=hairpin-nat-broken');
    await page.screenshot({ path: `test-results/sizes-${size.width}-before.png` });
    await runHairpin(page);
    await page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)').click();
    await expect(page.getByRole('textbox', { name: 'Config' })).toBeVisible();
    const trace = page.getByRole('region', { name: 'Trace' });

    // A filter that hides the current step and keeps more rows than fit: the note about the
    // hidden step appears above the list, and the list scrolls (it used to squeeze the filters).
    await trace.getByRole('combobox', { name: 'Protocol filter' }).selectOption('TCP');
    await expect(trace.getByText(/^Step 1 is hidden by the filters/)).toBeVisible();
    await page.screenshot({ path: `test-results/sizes-${size.width}-after.png` });
    // Real clicks on every filter while the note shows (a covered control fails the click).
    for (const name of ['Device filter', 'Protocol filter', 'Kind filter']) {
      expect(await uncovered(trace.getByRole('combobox', { name })), `${name} shows whole`).toBe(true);
      await trace.getByRole('combobox', { name }).click({ timeout: 3000 });
      await page.keyboard.press('Escape');
    }
    expect(await uncovered(trace.getByRole('button', { name: 'Clear filters' })), 'Clear filters shows whole').toBe(true);
    await trace.getByRole('button', { name: 'Clear filters' }).click({ timeout: 3000 });
    await expect(trace.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
    await expect(trace.getByText(/is hidden by the filters/)).toHaveCount(0);

    // Nothing wider than the window.
    const scroll = await page.evaluate(() => ({ width: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
    expect(scroll.width, 'page scroll width').toBeLessThanOrEqual(scroll.client);
    // Nor cut off by the page's frame (it clips rather than scrolls): header and panes fit in it.
    for (const selector of ['.app', 'header.header', '.workspace', '.playback-head', '.bottom-panes']) {
      const fits = await page.locator(selector).evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
      expect(fits, `${selector} fits its width`).toBe(true);
    }

    // The trace's messages have room to be read (about 20 characters at least), not a sliver.
    const why = (await trace.getByRole('listitem').nth(1).locator('.trace-why').boundingBox())!;
    expect(why.width, 'width of a trace message').toBeGreaterThanOrEqual(150);
    // Every pane is inside the window.
    for (const region of ['Canvas', 'Inspector', 'Trace', 'Packet', 'Summary']) {
      const box = (await page.getByRole('region', { name: region }).boundingBox())!;
      expect(box.x + box.width, `${region} right edge`).toBeLessThanOrEqual(size.width + 1);
      expect(box.y + box.height, `${region} bottom edge`).toBeLessThanOrEqual(size.height + 1);
      expect(box.width, `${region} width`).toBeGreaterThan(120);
      expect(box.height, `${region} height`).toBeGreaterThan(100);
    }
  });

  test(`${at}: the topology is drawn big enough to read`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?scenario=hairpin-nat-broken');
    const canvas = page.getByRole('region', { name: 'Canvas' });
    const port = canvas.getByLabel('router:eth1', { exact: true });
    await expect(port).toBeVisible();
    // The fit animates, and fits again once the worker's facts widen the cards: the view the
    // user is left with, once it holds still.
    await untilStill(port);
    const router = canvas.getByLabel('router (router)');
    // A port's name at least as tall as 9 px text (about 12 px with its frame).
    await expect.poll(async () => (await port.boundingBox())!.height, { message: 'port label height on screen' }).toBeGreaterThanOrEqual(12);
    await expect.poll(async () => (await router.boundingBox())!.width, { message: 'router card width on screen' }).toBeGreaterThanOrEqual(100);
  });

  test(`${at}: lesson cards wrap their titles and summaries inside the card`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?scenario=home-lan');
    await page.getByRole('button', { name: 'Lessons' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lessons' });
    await expect(dialog.getByRole('listitem').first()).toBeVisible();
    await page.screenshot({ path: `test-results/sizes-${size.width}-lessons.png` });
    const overflows = await dialog.evaluate((d) =>
      [...d.querySelectorAll<HTMLElement>('.lesson-card')].flatMap((card) => {
        const c = card.getBoundingClientRect();
        return [...card.querySelectorAll<HTMLElement>('.lesson-card-title, .lesson-card-summary')]
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < c.left - 0.5 || r.right > c.right + 0.5 || t.scrollWidth > t.clientWidth + 1;
          })
          .map((t) => t.textContent!.slice(0, 40));
      }),
    );
    expect(overflows, 'texts wider than their card').toEqual([]);
  });
}

test('the panes resize by keyboard and by drag, collapse and expand, and keep their sizes after a reload', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?scenario=home-lan');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const handle = page.getByRole('separator', { name: 'Resize the inspector' });
  // The handle reads the pane's size once it has measured it (its value text appears then).
  await expect(handle).toHaveAttribute('aria-valuetext', /^\d+ pixels$/);
  const before = Number(await handle.getAttribute('aria-valuenow'));
  const width0 = (await inspector.boundingBox())!.width;
  expect(Math.abs(before - width0), `handle ${before} pane ${width0}`).toBeLessThanOrEqual(2);
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 16 + 64));
  expect((await inspector.boundingBox())!.width).toBeCloseTo(width0 + 80, -1);
  await page.keyboard.press('ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 64));

  // The playback area by drag: up makes it taller.
  const playbackHandle = page.getByRole('separator', { name: 'Resize the playback area' });
  const trace = page.getByRole('region', { name: 'Trace' });
  const h0 = (await trace.boundingBox())!.height;
  const hb = (await playbackHandle.boundingBox())!;
  await page.mouse.move(hb.x + 200, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + 200, hb.y - 100, { steps: 5 });
  await page.mouse.up();
  expect((await trace.boundingBox())!.height).toBeCloseTo(h0 + 100, -1);
  const playbackSize = await playbackHandle.getAttribute('aria-valuenow');

  // Collapse both, then bring them back.
  await page.getByRole('button', { name: 'Hide inspector' }).click();
  await expect(inspector).toBeHidden();
  await expect(handle).toHaveCount(0);
  const canvasWide = (await page.getByRole('region', { name: 'Canvas' }).boundingBox())!.width;
  expect(canvasWide).toBeGreaterThan(1366 - 120);
  await page.getByRole('button', { name: 'Hide trace' }).click();
  await expect(trace).toBeHidden();
  await expect(page.getByRole('toolbar', { name: 'Playback controls' })).toBeVisible();
  await page.screenshot({ path: 'test-results/sizes-collapsed.png' });

  // The arrangement is a preference of this browser: it survives a reload.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show inspector' })).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Show inspector' }).click();
  await page.getByRole('button', { name: 'Show trace' }).click();
  await expect(page.getByRole('separator', { name: 'Resize the inspector' })).toHaveAttribute('aria-valuenow', String(before + 64));
  await expect(page.getByRole('separator', { name: 'Resize the playback area' })).toHaveAttribute('aria-valuenow', playbackSize!);
});

test('a half-typed command is not marked until its line is finished (Enter or leaving the editor)', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('vps (host)').click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  const marks = page.locator('.cm-lintRange-error');
  const problems = page.getByRole('list', { name: 'Config problems' }).getByRole('listitem');
  await expect(editor).toBeVisible();
  await expect(marks).toHaveCount(0);
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  // "sysct" is half of "sysctl": while it is being typed it is no error yet.
  await page.keyboard.type('sysct', { delay: 30 });
  // Longer than the linter's delay: a mark would be there by now.
  await page.waitForTimeout(400);
  await expect(marks).toHaveCount(0);
  await expect(problems).toHaveCount(0);
  // Nor does it claim the half line is understood.
  await expect(page.getByText('Every line is understood')).toHaveCount(0);
  // Enter finishes the line (Escape first: Enter would take the completion "sysctl").
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(marks).toHaveCount(1);
  await expect(problems).toHaveCount(1);
  // The next half-typed line waits too, until the editor loses focus.
  await page.keyboard.type('ip rou', { delay: 30 });
  await page.keyboard.type('x');
  await page.waitForTimeout(400);
  await expect(marks).toHaveCount(1);
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await expect(marks).toHaveCount(2);
});

test('the completion list opened at the bottom of the inspector is whole and on screen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('vps (host)').click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await editor.click();
  await page.keyboard.press('Control+End');
  // Enough lines to fill the editor, so the caret sits at the bottom of the inspector.
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Enter');
    await page.keyboard.type(`# line ${i}`);
  }
  await page.keyboard.press('Enter');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  // Scroll the inspector so the editor's last line is at its bottom edge.
  await inspector.evaluate((el) => {
    const cursor = el.querySelector('.cm-cursor, .cm-activeLine')!.getBoundingClientRect();
    el.scrollTop += cursor.bottom - el.getBoundingClientRect().bottom + 4;
  });
  await page.keyboard.type('ip ');
  await page.keyboard.press('Control+Space');
  const popup = page.locator('.cm-tooltip-autocomplete');
  await expect(popup).toBeVisible();
  await page.screenshot({ path: 'test-results/sizes-completion.png' });
  const box = (await popup.boundingBox())!;
  expect(box.y, 'popup top').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, 'popup bottom').toBeLessThanOrEqual(768);
  expect(box.x + box.width, 'popup right').toBeLessThanOrEqual(1366);
  // Not clipped by a pane: every corner of the list is the list's own, not what lies behind.
  const corners = await popup.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return [
      [r.left + 3, r.top + 3],
      [r.right - 3, r.top + 3],
      [r.left + 3, r.bottom - 3],
      [r.right - 3, r.bottom - 3],
    ].map(([x, y]) => el.contains(document.elementFromPoint(x!, y!)));
  });
  expect(corners).toEqual([true, true, true, true]);
  // Its options can be chosen by keyboard as before.
  await page.keyboard.press('Enter');
  await expect(popup).toBeHidden();
});
