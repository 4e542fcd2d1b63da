import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropScenario } from './support';

/*
 * Routing extras as a person sees them: a point-to-point address is labelled on its port as
 * `ip addr` prints it, and a flow over a multipath route with a dead nexthop runs to the end.
 * Screenshot: test-results/routing-extras.png.
 */

test('a point-to-point address is labelled "A peer P/N"; the multipath flow runs', async ({ page }) => {
  await page.goto('/');
  const doc = JSON.parse(readFileSync('fixtures/scenarios/kernel-routing-extras.json', 'utf8'));
  await dropScenario(page, doc, 'kernel-routing-extras.json');
  await expect(page.getByRole('region', { name: 'Canvas' }).getByText('203.0.113.10 peer 203.0.113.1/32', { exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('5');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/routing-extras.png' });
});
