import { expect, test } from '@playwright/test';

test('opens a built-in scenario from the URL', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  await expect(page.getByRole('heading', { name: 'Hairpin', exact: true })).toBeVisible();
  const flow = page.getByRole('combobox', { name: 'Flow' });
  await expect(flow).toBeVisible();
  await expect(flow.locator('option')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/smoke.png' });
});

test('an unknown scenario name says so and opens the default lesson', async ({ page }) => {
  await page.goto('/?scenario=nope');
  await expect(page.getByRole('alert')).toContainText('nope');
});

test('every header control is on screen from 1024 to 1920 px wide, on one line from 1280', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  for (const width of [1024, 1180, 1280, 1440, 1920]) {
    await page.setViewportSize({ width, height: 720 });
    for (const name of ['Lessons', 'Run', 'Share']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.x + box.width, `${name} at ${width} px`).toBeLessThanOrEqual(width);
    }
    const theme = (await page.getByRole('button', { name: /theme$/ }).boundingBox())!;
    expect(theme.x + theme.width, `theme button at ${width} px`).toBeLessThanOrEqual(width);
    const header = (await page.locator('header.header').boundingBox())!;
    if (width >= 1280) expect(header.height, `header at ${width} px`).toBeLessThan(60);
  }
});
