import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { ScenarioDoc } from '../src/engine/scenario/types';
import { withIdle } from '../src/engine/generate/large';
import { encode } from '../src/share/codec';

/*
 * When the diagram is drawn (issue 19): a lesson-sized document's diagram is in the first frame
 * that shows the page, so a share link's devices appear with the page; a larger one's diagram
 * mounts in the task after that frame (Canvas.tsx), so its layout is not one long task with the
 * rest of the page. Counted in frames, never timed: an animation-frame callback, installed before
 * the page's scripts, notes for every frame whether the page's header and the diagram (React
 * Flow's pane, which the placeholder before it is not) are in the document it is about to draw.
 * The devices come into the pane from React Flow's own effect, a moment after it mounts.
 */

const FRAMES = `(() => {
  const frames = [];
  window.__frames = frames;
  requestAnimationFrame(function note() {
    const header = document.querySelector('header.header') !== null;
    const diagram = document.querySelector('.canvas-area .react-flow') !== null;
    if (header) frames.push(diagram);
    if (frames.length < 600 && !diagram) requestAnimationFrame(note);
  });
})();`;

/** Whether each frame from the first one that drew the page's header held the diagram, until one did. */
async function framesFromHeader(page: Page, link: string): Promise<boolean[]> {
  await page.addInitScript({ content: FRAMES });
  await page.goto(link);
  await expect(page.locator('.react-flow__node').first()).toBeAttached({ timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { __frames: boolean[] }).__frames);
}

test("a lesson's share link draws its diagram in the page's first frame", async ({ page }) => {
  const doc = JSON.parse(readFileSync('src/scenarios/hairpin-nat-broken.json', 'utf8')) as ScenarioDoc;
  const frames = await framesFromHeader(page, `/${encode({ doc, flow: 1, step: 6 })}`);
  expect(frames[0]).toBe(true);
  await expect(page.locator('.react-flow__node')).toHaveCount(Object.keys(doc.devices).length);
});

test('a document of more than 40 devices draws the page first and its diagram in a later frame', async ({ page }) => {
  // client, r1, server and 38 idle hosts: 41 devices, one past a lesson's size.
  const doc = withIdle(38);
  expect(Object.keys(doc.devices).length).toBe(41);
  const frames = await framesFromHeader(page, `/${encode({ doc, flow: 0 })}`);
  expect(frames[0]).toBe(false);
  expect(frames.at(-1)).toBe(true);
});
