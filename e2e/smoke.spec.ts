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
