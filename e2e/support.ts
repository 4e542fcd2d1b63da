import { expect, type Locator, type Page } from '@playwright/test';

/* What several browser tests do as a user would: drop a file, type config lines, wait for the view. */

/** Drops a file on the page, as a user dragging it from their files would (accepted or not). */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  // As a person drops a file: onto a page that shows its header (the drop zone lives in the
  // Share menu, mounted with it), not while the page is still loading its scripts.
  await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeVisible();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  const file = await page.evaluateHandle(
    ([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/json' }));
      return dt;
    },
    [name, text] as const,
  );
  await page.dispatchEvent('body', 'drop', { dataTransfer: file });
}

/** Drops a scenario document and waits for the page to say it was imported. */
export async function dropScenario(page: Page, doc: object, name = 'lab.json', timeout?: number): Promise<void> {
  await dropFile(page, name, JSON.stringify(doc));
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible({ timeout });
  // The imported diagram is fitted with an animation that starts a moment later; a click on a
  // device before it ends can land on the empty canvas (CI saw pc1's click miss this way).
  await untilStill(page.getByRole('region', { name: 'Canvas' }).locator('.react-flow__viewport'));
}

/**
 * Types lines at the end of the open device's config, then leaves the editor (which applies them).
 * Each line typed is followed by Escape: a pause after its last word (a busy machine makes one)
 * opens the completion list, and the Enter that starts the next line would take the list's
 * choice instead ("ip link set mv-host up" and the next line ran together), so the list is
 * closed first, as a person who sees it does.
 */
export async function typeConfig(page: Page, lines: string[]): Promise<void> {
  await page.getByRole('textbox', { name: 'Config' }).click();
  await page.keyboard.press('Control+End');
  for (const line of lines) {
    await page.keyboard.press('Enter');
    await page.keyboard.type(line);
    await page.keyboard.press('Escape');
  }
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
}

/**
 * Gives a device's card the keyboard focus, as Tab would, and checks that it took it, so that
 * the key pressed next goes to the card. React Flow hides a card until it has measured it, and
 * a hidden card takes no focus: it is focused once shown.
 */
export async function focusDevice(page: Page, label: string): Promise<Locator> {
  const card = page.getByRole('region', { name: 'Canvas' }).getByLabel(label, { exact: true });
  await expect(card).toBeVisible();
  await card.focus();
  await expect(card).toBeFocused();
  return card;
}

/**
 * Answers the open lesson's question as a learner does: opens the device from the keyboard (what
 * a device draws inside itself covers most of its card), types the lines at the end of its
 * config, closes the inspector and checks: the question passes.
 */
export async function answerInConfig(page: Page, device: string, lines: string[]): Promise<void> {
  await focusDevice(page, device);
  await page.keyboard.press('Enter');
  await typeConfig(page, lines);
  await page.getByRole('button', { name: 'Close inspector' }).click();
  const question = page.getByRole('region', { name: 'Inspector' }).getByRole('region', { name: 'Question' });
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Passed');
}

/** A built-in lesson as a learner walks it: its gallery title, a step and the trace event it points at, and the answer typed into a device's config. */
export interface LessonWalk {
  name: string;
  title: string;
  step: number;
  event: string;
  device: string;
  answer: string[];
}

/**
 * Opens the lesson from the gallery, clicks its step (the trace jumps to the event it names),
 * checks the question fails as shipped, then types the answer and sees it pass. Screenshots:
 * lesson-NAME.png and lesson-NAME-passed.png in test-results/ (or SHOTS_DIR).
 */
export async function walkLesson(page: Page, lesson: LessonWalk): Promise<void> {
  const shot = (name: string) => page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/${name}.png` });
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  // A card is named by its picture, number, title and summary; a fixed twin's title goes on with “(fixed)”.
  await gallery.getByRole('button', { name: new RegExp(`\\d\\. ${lesson.title} (?!\\(fixed\\))`) }).click();
  await expect(gallery).toBeHidden();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: lesson.title, exact: true })).toBeVisible();

  const steps = inspector.getByRole('region', { name: 'Lesson steps' });
  const step = steps.getByRole('button').nth(lesson.step);
  await step.click();
  await expect(step).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('region', { name: 'Trace' }).locator('[aria-current="step"]')).toContainText(lesson.event);
  await shot(`lesson-${lesson.name}`);

  const question = inspector.getByRole('region', { name: 'Question' });
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Not yet');

  await answerInConfig(page, lesson.device, lesson.answer);
  await shot(`lesson-${lesson.name}-passed`);
}

/**
 * Waits until `target` stops moving: a newly opened diagram is fitted with an animation, and a
 * click while it moves lands on the empty canvas (which deselects).
 */
export async function untilStill(target: Locator): Promise<void> {
  // Still across two intervals: a fit whose timer a busy page delayed has had time to start.
  let last = '';
  let stillFor = 0;
  await expect
    .poll(
      async () => {
        const box = JSON.stringify(await target.boundingBox());
        stillFor = box === last ? stillFor + 1 : 0;
        last = box;
        return stillFor >= 2;
      },
      { intervals: [200] },
    )
    .toBe(true);
}

/** The share link for what is on screen, made to open in student view (answers as `reveal` says: passed, always, never). */
export async function studentLink(page: Page, reveal?: string): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await dialog.getByRole('radio', { name: /student view/ }).check();
  if (reveal) await dialog.getByRole('combobox', { name: 'When a student sees the answers' }).selectOption(reveal);
  await expect(dialog).toContainText('it hides, it does not encrypt');
  const link = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return link;
}

/**
 * Chooses `option` in a searchable picker (a combobox with a listbox) as a person does: types
 * it into the box named `name`, then clicks the option of that exact name in the list.
 */
export async function choose(scope: Page | Locator, name: string, option: string): Promise<void> {
  const box = scope.getByRole('combobox', { name });
  // Opened first: typing the name it already shows changes nothing, and would not open it.
  await box.click();
  await box.fill(option);
  await scope.getByRole('listbox', { name }).getByRole('option', { name: option, exact: true }).click();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
}
