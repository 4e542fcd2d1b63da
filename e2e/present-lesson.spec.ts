import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { runScenario } from '../src/engine/api';
import type { ScenarioDoc } from '../src/engine/scenario/types';
import { locateSteps } from '../src/lessons/match';
import { dropScenario, untilStill } from './support';

/*
 * Teaching from a lesson while presenting: the lesson's steps drive the class. Above the packet
 * stands the step the current event belongs to ("Step 2 of 9" and its text, large); N and P (or
 * the Next/Previous step buttons) go from lesson step to lesson step, running a step's flow
 * first as the lesson panel does; the clicker still steps event by event in between. The canvas
 * fills its pane on a projector. Screenshots: present-lesson-*.png in test-results/ (or SHOTS_DIR).
 */

const shot = (page: Page, name: string) => page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/present-lesson-${name}.png` });

const HAIRPIN = readFileSync(new URL('../src/scenarios/hairpin-nat-broken.json', import.meta.url), 'utf8');
const doc = JSON.parse(HAIRPIN) as ScenarioDoc;
const steps = doc.lesson!.steps!;

/** Where step `i` is in its flow's trace, as the engine runs it (1-based, as the playback bar counts). */
function eventOfStep(i: number): number {
  const flow = steps[i]!.flow;
  const r = runScenario({ doc: HAIRPIN, flow });
  if (!r.ok) throw new Error('the lesson’s scenario does not load');
  return locateSteps(steps, (f) => (f === flow ? r.events : undefined))[i]! + 1;
}

/** The devices drawn on the canvas, as one box. */
async function diagramBox(canvas: Locator) {
  const boxes = await canvas.locator('.react-flow__node-device').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })));
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  return { x: left, y: top, width: Math.max(...boxes.map((b) => b.right)) - left, height: Math.max(...boxes.map((b) => b.bottom)) - top };
}

/** The diagram is all in view on the canvas and spans most of it, along the side it fills more. */
async function expectFilled(canvas: Locator): Promise<void> {
  await untilStill(canvas.locator('.react-flow__node-device').first());
  const [area, d] = [(await canvas.boundingBox())!, await diagramBox(canvas)];
  expect(d.x, 'the diagram starts inside the canvas').toBeGreaterThanOrEqual(area.x);
  expect(d.y).toBeGreaterThanOrEqual(area.y);
  expect(d.x + d.width, 'and ends inside it').toBeLessThanOrEqual(area.x + area.width);
  expect(d.y + d.height).toBeLessThanOrEqual(area.y + area.height);
  expect(Math.max(d.width / area.width, d.height / area.height), 'the diagram fills most of the canvas').toBeGreaterThanOrEqual(0.75);
}

test('present a lesson: N and P go from lesson step to lesson step, running its flow; the canvas fills its pane', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  await gallery.getByRole('button', { name: /\d\. Hairpin NAT, broken (?!\(fixed\))/ }).click();
  await expect(gallery).toBeHidden();
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await untilStill(canvas.locator('.react-flow__node-device').first());
  const desk = await diagramBox(canvas);

  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  const lesson = page.getByRole('region', { name: 'Lesson step' });
  const next = lesson.getByRole('button', { name: 'Next step' });
  const previous = lesson.getByRole('button', { name: 'Previous step' });
  const position = page.getByRole('toolbar', { name: 'Playback controls' }).locator('.pb-position');
  const packet = page.getByRole('region', { name: 'Packet' });
  // Nothing run yet: the lesson says how many steps, and N begins.
  await expect(lesson.getByRole('heading', { name: `Lesson: ${steps.length} steps` })).toBeVisible();
  await expect(next).toHaveAttribute('aria-keyshortcuts', 'N');
  await expect(previous).toHaveAttribute('aria-keyshortcuts', 'P');
  await expect(previous).toBeDisabled();

  // The canvas fills its pane: the diagram spans most of its width or height, bigger than on the desk.
  await expectFilled(canvas);
  expect((await diagramBox(canvas)).width).toBeGreaterThan(desk.width * 1.2);

  // N: step 1 runs its flow (the port forward from the internet) and shows its event.
  await page.keyboard.press('n');
  await expect(lesson.getByRole('heading', { name: `Step 1 of ${steps.length}` })).toBeVisible();
  await expect(lesson.locator('.present-lesson-text')).toHaveText(steps[0]!.text);
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('0');
  await expect(position).toContainText(`step ${eventOfStep(0)} of`);
  await expect(packet.locator('.pkt-place')).toHaveText('router');

  // N again: step 2 is in the hairpin flow, which runs first; the trace stops at its event.
  await page.keyboard.press('n');
  await expect(lesson.getByRole('heading', { name: `Step 2 of ${steps.length}` })).toBeVisible();
  await expect(lesson.locator('.present-lesson-text')).toHaveText(steps[1]!.text);
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('1');
  const step2 = eventOfStep(1);
  await expect(position).toContainText(`step ${step2} of`);
  await expect(packet.locator('.pkt-place')).toHaveText('pc2:eth0');
  await expect(page.getByRole('region', { name: 'Trace' }).locator('[aria-current="step"]')).toBeVisible();
  await shot(page, '1920');

  // The clicker steps event by event within the step; the step stays until the next one's event.
  await page.keyboard.press('PageDown');
  await expect(position).toContainText(`step ${step2 + 1} of`);
  await expect(lesson.getByRole('heading', { name: `Step 2 of ${steps.length}` })).toBeVisible();
  // The button does what N does; P goes back, running the first flow again.
  await next.click();
  await expect(lesson.getByRole('heading', { name: `Step 3 of ${steps.length}` })).toBeVisible();
  const step3 = eventOfStep(2);
  await expect(position).toContainText(`step ${step3} of`);
  // Focus stays on the button, and the clicker's Space there is still the next event.
  await expect(next).toBeFocused();
  await page.keyboard.press('Space');
  await expect(position).toContainText(`step ${step3 + 1} of`);
  await expect(lesson.getByRole('heading', { name: `Step 3 of ${steps.length}` })).toBeVisible();
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await page.keyboard.press('p');
  await page.keyboard.press('p');
  await expect(lesson.getByRole('heading', { name: `Step 1 of ${steps.length}` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('0');
  await expect(previous).toBeDisabled();

  // Typing N in the command box is typing.
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.click();
  await command.press('n');
  await expect(command).toHaveValue('n');
  await expect(lesson.getByRole('heading', { name: `Step 1 of ${steps.length}` })).toBeVisible();
  await command.fill('');

  // The whole list folds out; a step in it goes there too.
  await lesson.getByText('All steps').click();
  await lesson.getByRole('button', { name: new RegExp(`^${steps.length}\\b`) }).click();
  await expect(lesson.getByRole('heading', { name: `Step ${steps.length} of ${steps.length}` })).toBeVisible();
  await expect(next).toBeDisabled();
  // The step and its text stay in view above the list, which scrolls.
  const [sectionBox, headingBox, textBox] = [await lesson.boundingBox(), await lesson.getByRole('heading').boundingBox(), await lesson.locator('.present-lesson-text').boundingBox()];
  expect(headingBox!.y).toBeGreaterThanOrEqual(sectionBox!.y);
  expect(textBox!.y + textBox!.height).toBeLessThanOrEqual(sectionBox!.y + sectionBox!.height);
  await shot(page, '1920-list');

  // A scenario without a lesson shows nothing of it.
  await page.keyboard.press('Escape');
  const { lesson: _gone, ...plain } = doc;
  await dropScenario(page, { ...plain, title: 'No lesson here' });
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await page.keyboard.press('Shift+P');
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await expect(packet).toBeVisible();
  await expect(lesson).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(position).toHaveCount(0);
});

test('presenting, a small network is zoomed past the desk’s cap to fill the canvas, fitted again as its pane changes size; leaving, by the desk’s margins', async ({ page }) => {
  // One node with its pods inside: on the desk its fit stops at zoom 1.3, far from filling the canvas.
  await page.goto('/?scenario=k8s-hairpin-broken');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const device = canvas.locator('.react-flow__node-device').first();
  // The node grows once the worker has said what is inside it (its pods).
  await expect(canvas.locator('.react-flow__node-netns').first()).toBeVisible();
  await untilStill(device);
  // The teacher pans the desk's view by hand; presenting shows the whole diagram all the same.
  const area = (await canvas.boundingBox())!;
  const before = (await device.boundingBox())!;
  await page.mouse.move(area.x + 40, area.y + area.height / 2);
  await page.mouse.down();
  await page.mouse.move(area.x + 240, area.y + area.height / 2 + 120, { steps: 8 });
  await page.mouse.up();
  expect((await device.boundingBox())!.x).toBeGreaterThan(before.x + 150);
  await page.keyboard.press('Shift+P');
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await expectFilled(canvas);
  // A projector's size, then the packet pane folded away: the diagram grows with the room.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectFilled(canvas);
  const projected = await diagramBox(canvas);
  await page.getByRole('button', { name: 'Hide packet' }).click();
  await expectFilled(canvas);
  expect((await diagramBox(canvas)).width).toBeGreaterThanOrEqual(projected.width);
  await page.getByRole('button', { name: 'Show packet' }).click();
  await expectFilled(canvas);
  await shot(page, 'small-network-1920');
  await page.setViewportSize({ width: 1280, height: 720 });
  // Out: the desk's fit as before presenting.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Present', exact: true })).toBeVisible();
  await untilStill(device);
  const back = await diagramBox(canvas);
  expect(back.width).toBeLessThan(projected.width * 0.8);
  // Fit view (the desk's own fit) changes nothing: the fit on leaving was the desk's.
  await canvas.getByRole('button', { name: /fit view/i }).click();
  await untilStill(device);
  expect(Math.abs((await diagramBox(canvas)).width - back.width)).toBeLessThan(back.width * 0.03);
});
