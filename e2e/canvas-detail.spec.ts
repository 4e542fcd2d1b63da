import { expect, test, type Page } from '@playwright/test';
import { rowAndColumn } from '../src/engine/generate/large';
import { CARD_MIN_ZOOM } from '../src/ui/canvas/detail';
import { toFlow } from '../src/ui/canvas/geometry';
import { dropScenario, untilStill } from './support';

/*
 * The canvas at every size: a lesson looks as it always has; a 10,000-device document whose
 * positions are far apart opens on devices (not on the empty middle of its extent), zooms out
 * far enough to show the whole, and draws far-away devices as dots.
 */

/** React Flow's viewport transform: where flow point (0, 0) is on the pane, and the zoom. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const [, x, y, zoom] = /translate\((-?[\d.e+-]+)px, ?(-?[\d.e+-]+)px\) scale\(([\d.e+-]+)\)/.exec(transform)!.map(Number);
  return { x: x!, y: y!, zoom: zoom! };
}

// Each with a device drawn last: the namespaces drawn inside a device come a moment later.
for (const [lesson, last] of [['hairpin-nat-broken', 'remote (cloud)'], ['k8s-flannel-vxlan', 'Namespace pod3 in node3']] as const) {
  test(`the ${lesson} lesson is drawn as cards with ports, fitted and at its least zoom`, async ({ page }) => {
    await page.goto(`/?scenario=${lesson}`);
    const diagram = page.getByRole('application', { name: 'Network diagram' });
    await expect(diagram.getByLabel(last, { exact: true })).toBeVisible();
    await untilStill(diagram.locator('.react-flow__viewport'));
    await page.screenshot({ path: `test-results/detail-${lesson}.png` });
    // Zoomed out as far as it goes, a lesson is still cards with their ports, never dots.
    const canvas = page.getByRole('region', { name: 'Canvas' });
    const zoomOut = canvas.getByRole('button', { name: 'Zoom Out' });
    for (let i = 0; i < 20 && (await zoomOut.isEnabled()); i++) await zoomOut.click();
    await expect(zoomOut).toBeDisabled();
    expect((await viewport(page)).zoom).toBeCloseTo(CARD_MIN_ZOOM, 5);
    await expect(canvas.getByRole('img', { name: /drawn as dots/ })).toHaveCount(0);
    await expect(diagram.locator('.react-flow__node-device').first()).toBeVisible();
    expect(await diagram.locator('.react-flow__handle').count()).toBeGreaterThan(0);
  });
}

const big = rowAndColumn(100, 9_800);
const DEVICES = Object.keys(big.devices).length;

test(`a ${DEVICES.toLocaleString('en-US')}-device document, a row of routers and a column of hosts, opens on devices and zooms out to the whole, drawn as dots`, async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await dropScenario(page, big, 'row-and-column.json', 60_000);
  const diagram = page.getByRole('application', { name: 'Network diagram' });
  const canvas = page.getByRole('region', { name: 'Canvas' });

  // Opened on the first flow's device and its neighbours, as cards a person can read.
  await expect(diagram.getByRole('group', { name: 'client (host)' })).toBeInViewport();
  await expect(diagram.getByRole('group', { name: 'r1 (router)' })).toBeInViewport();
  await expect(diagram.getByRole('group', { name: 'a0 (host)' })).toBeInViewport();
  const drawn = await diagram.locator('.react-flow__node-device').count();
  expect(drawn).toBeGreaterThan(0);
  // Only what is in view: a few dozen of ten thousand.
  expect(drawn).toBeLessThan(200);
  await page.screenshot({ path: 'test-results/detail-large-open.png' });

  // Zoom out until the button says no further: the whole is in view, every device a dot.
  const zoomOut = canvas.getByRole('button', { name: 'Zoom Out' });
  for (let i = 0; i < 80 && (await zoomOut.isEnabled()); i++) await zoomOut.click();
  await expect(zoomOut).toBeDisabled();
  await expect(canvas.getByRole('img', { name: `${DEVICES.toLocaleString('en-US')} devices drawn as dots: zoom in to see them as cards` })).toBeVisible();
  // The dots are painted: the layer's bitmap is not blank.
  const painted = await canvas.locator('canvas.dot-layer').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(100);
  // No card is drawn: React Flow renders no node or edge element at this zoom.
  await expect(diagram.locator('.react-flow__node')).toHaveCount(0);
  await expect(diagram.locator('.react-flow__edge')).toHaveCount(0);
  const pane = (await diagram.boundingBox())!;
  const corners = ['client', 'server', `b${9_800 / 2 - 1}`].map((id) => toFlow(big.devices[id]!.at));
  // At the least zoom the whole extent is smaller than the pane…
  const least = await viewport(page);
  expect((corners[1]!.x - corners[0]!.x) * least.zoom).toBeLessThan(pane.width);
  expect((corners[2]!.y - corners[0]!.y) * least.zoom).toBeLessThan(pane.height);
  // …and "Fit View" shows all of it: its far corners are on the pane.
  await canvas.getByRole('button', { name: 'Fit View' }).click();
  await untilStill(diagram.locator('.react-flow__viewport'));
  const v = await viewport(page);
  for (const c of corners) {
    const [x, y] = [c.x * v.zoom + v.x, c.y * v.zoom + v.y];
    expect(x >= 0 && x <= pane.width && y >= 0 && y <= pane.height, `(${c.x}, ${c.y}) drawn at (${x}, ${y}) in a ${pane.width}×${pane.height} pane`).toBe(true);
  }
  await page.screenshot({ path: 'test-results/detail-large-whole.png' });

  // Zooming back in by the wheel over the middle of the column draws its devices as cards again.
  const middle = toFlow(big.devices.a2450!.at);
  await page.mouse.move(pane.x + middle.x * v.zoom + v.x, pane.y + middle.y * v.zoom + v.y);
  for (let i = 0; i < 40 && (await diagram.locator('.react-flow__node-device').count()) === 0; i++) await page.mouse.wheel(0, -400);
  await expect(canvas.getByRole('img', { name: /drawn as dots/ })).toHaveCount(0);
  await expect(diagram.getByRole('group', { name: /^[ab]24\d\d \(host\)$/ }).first()).toBeInViewport();
});
