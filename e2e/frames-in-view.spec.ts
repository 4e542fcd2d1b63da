import { expect, test } from '@playwright/test';
import { runScenario } from '../src/engine/api';
import { switchTree } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';
import { withLayout } from '../src/ui/canvas/layout';
import { stepActivity } from '../src/ui/canvas/traffic';
import { untilStill } from './support';

/*
 * Frames on screen in a network too big to read whole (the bench's frame-rate scenario: a tree
 * of 18 switches and 289 hosts, laid out by the app), shared at the step of its ARP flood with
 * the most frames on the wire. It opens readable on the flow's first host, where the flood has
 * already passed; zoomed out to the whole, every device is a dot and no frame is drawn (by
 * design: canvas/detail.ts); zoomed in from there until the devices are cards again, the
 * flood's frames move on the links in view.
 */

test('a 307-device tree at its flood step: frames move in view once zoomed in from the whole to cards', async ({ page }) => {
  test.setTimeout(120_000);
  const doc = await withLayout(switchTree(2, 17));
  const run = runScenario({ doc: JSON.stringify(doc), flow: 0 });
  if (!run.ok) throw new Error('the tree does not load');
  let step = 0;
  let most = -1;
  for (let s = 0; s < run.events.length; s++) {
    const flying = stepActivity(run.events, s, doc.links).transits.filter((t) => t.state === 'flight').length;
    if (flying > most) [step, most] = [s, flying];
  }
  expect(most).toBeGreaterThan(200);

  await page.goto(`/${encode({ doc, flow: 0, step })}`);
  const diagram = page.getByRole('application', { name: 'Network diagram' });
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue(String(step), { timeout: 30_000 });
  // Opened on where the flow starts, readable.
  await expect(diagram.getByRole('group', { name: 'h1 (host)' })).toBeInViewport();

  // The whole: dots, no cards, no frames.
  await canvas.getByRole('button', { name: 'Fit View' }).click();
  await expect(canvas.getByRole('img', { name: /devices drawn as dots/ })).toBeVisible();
  await expect(diagram.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.locator('.frame-dot')).toHaveCount(0);

  // Zoomed in until the devices are cards: the flood's frames loop on the links in view.
  const zoomIn = canvas.getByRole('button', { name: 'Zoom In' });
  for (let i = 0; i < 30 && (await diagram.locator('.react-flow__node').count()) === 0; i++) {
    await zoomIn.click();
    await untilStill(diagram.locator('.react-flow__viewport'));
  }
  await expect(canvas.getByRole('img', { name: /devices drawn as dots/ })).toHaveCount(0);
  await expect.poll(() => page.locator('.frame-dot.is-flying').count()).toBeGreaterThanOrEqual(50);
});
