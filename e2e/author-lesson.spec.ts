import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dropScenario } from './support';

/*
 * Writing a lesson in the app, as a teacher would, on a built-in one (hairpin-nat-broken): Edit
 * lesson, run a flow, pick an event in the trace and "Use as step" (it goes where its event is in
 * the flow, its text the event's why), rewrite and move it (Ctrl+Z undoes the move), add a "which
 * device drops it?" question whose device "Find it" reads off a run, with a hint; then, as the
 * learner reads it, the new step jumps the trace to its event. Screenshots: test-results/author-lesson-*.png.
 */

const inspector = (page: Page) => page.getByRole('region', { name: 'Inspector' });
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/author-lesson-${name}.png` });

test('a step made from a trace event and a drop question with a hint, written in the editor and read as the learner', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  await inspector(page).getByRole('button', { name: 'Edit lesson' }).click();
  const editor = inspector(page).getByRole('region', { name: 'Lesson editor' });
  const steps = editor.getByRole('region', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(9);
  await expect(editor.getByRole('textbox', { name: 'Summary' })).toHaveValue('A port forward works from the internet but not from the LAN it points into.');
  await expect(steps.nth(2)).toContainText('flow 2 router · nat · nat');
  await shot(page, 'editor-top');

  // Run flow 2 (pc2 to the public address) and pick the router's nat PREROUTING event.
  await page.getByRole('banner').getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const prerouting = trace.getByRole('listitem').filter({ hasText: 'nat PREROUTING: rule 1 of PREROUTING matched: DNAT' }).first();
  await prerouting.click();
  await expect(prerouting).toHaveAttribute('aria-current', 'step');
  const packet = page.getByRole('region', { name: 'Packet' });
  await packet.getByRole('button', { name: 'Use this event as a lesson step' }).click();
  await expect(packet.getByRole('status')).toHaveText('Added as step 3.');

  // It went between pc2's ARP (step 2) and the DNAT (now step 4), its text the event's why, selected to rewrite.
  await expect(steps).toHaveCount(10);
  await expect(steps.nth(2)).toContainText('flow 2 router:eth1 · hook · nf_hook · event #28');
  const text = editor.getByRole('textbox', { name: 'Step 3 text' });
  await expect(text).toBeFocused();
  await expect(text).toHaveValue(/nat PREROUTING: rule 1 of PREROUTING matched: DNAT/);
  await text.fill('In nat PREROUTING, rule 1 **DNATs** the SYN to pc1');
  await expect(editor.getByRole('note', { name: 'Step 3 text preview' }).locator('strong')).toHaveText('DNATs');

  // Move it down, then Ctrl+Z: back where its event is.
  await editor.getByRole('button', { name: 'Move step 3 down' }).click();
  await expect(editor.getByRole('textbox', { name: 'Step 4 text' })).toHaveValue('In nat PREROUTING, rule 1 **DNATs** the SYN to pc1');
  await expect(editor.getByRole('button', { name: 'Move step 4 down' })).toBeFocused();
  // Searched for after the DNAT's event, its pattern now finds a later hook on eth1 (nat POSTROUTING): the editor shows where it lands.
  await expect(steps.nth(3)).toContainText('router:eth1 · hook · nf_hook · event #33');
  await page.keyboard.press('Control+z');
  await expect(editor.getByRole('textbox', { name: 'Step 3 text' })).toHaveValue('In nat PREROUTING, rule 1 **DNATs** the SYN to pc1');
  await expect(editor.getByRole('textbox', { name: 'Step 4 text' })).toHaveValue('the router DNATs the SYN to 192.168.1.2:80');
  await expect(steps.nth(2)).toContainText('event #28');

  // A "which device drops it?" question about flow 2, its device found by running the flow.
  await editor.getByRole('button', { name: 'Add question' }).click();
  const question = editor.getByRole('region', { name: 'Question 2' });
  await question.getByRole('combobox', { name: 'Question kind' }).selectOption({ label: 'Which device drops it?' });
  await question.getByRole('textbox', { name: 'Question text' }).fill('Which device drops the answer to pc2’s SYN?');
  await question.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await expect(question.getByRole('combobox', { name: 'Device that drops it' })).toHaveValue('remote');
  await question.getByRole('button', { name: 'Find it' }).click();
  await expect(question.getByRole('status')).toHaveText(/^pc2 drops it \(event #\d+\)\.$/);
  // The trace is at that drop.
  const said = (await question.getByRole('status').textContent())!.match(/#(\d+)/)![1]!;
  await expect(packet.locator('.pkt-step')).toHaveText(`#${said}`);
  await expect(trace.locator('[aria-current="step"]')).toHaveClass(/is-drop/);
  await expect(question.getByRole('combobox', { name: 'Device that drops it' })).toHaveValue('pc2');
  await question.getByRole('button', { name: 'Add hint' }).click();
  await question.getByRole('textbox', { name: 'Hint 1' }).fill('Whose address did pc2 send its SYN to? Who answers?');
  await question.getByRole('textbox', { name: 'Answer text' }).fill('pc2: the SYN-ACK comes from 192.168.1.2, which it never asked.');
  await question.getByRole('textbox', { name: 'Question text' }).scrollIntoViewIfNeeded();
  await shot(page, 'editor');
  await editor.getByRole('textbox', { name: 'Step 3 text' }).scrollIntoViewIfNeeded();
  await shot(page, 'editor-steps');

  await editor.getByRole('button', { name: 'Done editing' }).click();
  await expect(editor).toBeHidden();

  // The panel as learners read it: the new step, the new question with its hint.
  const panelSteps = inspector(page).getByRole('region', { name: 'Lesson steps' });
  const step = panelSteps.getByRole('button', { name: /In nat PREROUTING, rule 1 DNATs the SYN to pc1/ });
  await expect(step).toBeVisible();
  await expect(panelSteps.getByRole('listitem').nth(2)).toContainText('In nat PREROUTING');
  const asked = inspector(page).getByRole('region', { name: 'Question 2' });
  await expect(asked).toContainText('Which device drops the answer to pc2’s SYN?');
  await asked.getByRole('button', { name: 'Hint' }).click();
  await expect(asked.getByRole('note', { name: 'Hint' })).toContainText('Whose address did pc2 send its SYN to?');

  // Elsewhere in the trace, then the step: the trace jumps to its event.
  await trace.getByRole('listitem').first().click();
  await step.click();
  const current = trace.locator('[aria-current="step"]');
  await expect(current).toContainText('nat PREROUTING: rule 1 of PREROUTING matched: DNAT');
  await expect(step).toHaveAttribute('aria-current', 'step');
  await shot(page, 'panel');

  // A typed command's trace belongs to no flow: the button says to save it as a flow first.
  await page.getByRole('textbox', { name: 'Command', exact: true }).fill('ping -c 1 192.168.1.1');
  await page.getByRole('textbox', { name: 'Command', exact: true }).press('Enter');
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('ping -c 1 192.168.1.1');
  const use = packet.getByRole('button', { name: 'Use this event as a lesson step' });
  await expect(use).toBeDisabled();
  await expect(use).toHaveAccessibleDescription('This trace is of a typed command: save it as a flow first (Save as flow), then use its events as steps.');
  // Still focusable, and pressed it says why in words.
  await use.focus();
  await page.keyboard.press('Enter');
  await expect(packet.getByRole('status')).toHaveText('This trace is of a typed command: save it as a flow first (Save as flow), then use its events as steps.');
});


test('a built-in lesson edited is the user’s copy: Duplicate keeps the lesson, a reload brings it back; axe finds no violation in the editor', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await inspector(page).getByRole('button', { name: /^(Edit lesson|Add a lesson)$/ }).click();
  const editor = inspector(page).getByRole('region', { name: 'Lesson editor' });
  const summary = editor.getByRole('textbox', { name: 'Summary' });
  await summary.fill('Two PCs behind a home router, written in class.');
  await summary.press('Enter');
  await editor.getByRole('button', { name: 'Add question' }).click();
  // home-lan has a question already: the new one is the second.
  const question = editor.getByRole('region', { name: 'Question 2' });
  await question.getByRole('textbox', { name: 'Question text' }).fill('Make pc1 reach the internet.');
  // An exit status the format refuses is said at the field and changes nothing.
  const status = question.getByRole('spinbutton', { name: 'Exit status' });
  await status.fill('300');
  await status.press('Enter');
  await expect(question.getByRole('alert')).toHaveText('An exit status is a whole number from 0 to 255, not 300.');
  await status.fill('1');
  await status.press('Enter');
  await question.getByRole('button', { name: 'Add answer lines' }).click();
  await question.getByRole('combobox', { name: 'Answer device' }).selectOption('router');
  await question.getByRole('textbox', { name: 'Answer lines' }).fill('iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE');
  await question.getByRole('textbox', { name: 'Insert above the line starting', exact: true }).fill('iptables -A FORWARD');
  await question.getByRole('textbox', { name: 'Question text' }).click();
  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);

  await question.scrollIntoViewIfNeeded();
  await shot(page, 'editor-exit-question');
  const axe = await new AxeBuilder({ page }).include('.lesson-editor').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByRole('button', { name: 'Document', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { name: /\(copy\)$/ })).toBeVisible();
  await inspector(page).getByRole('button', { name: 'Edit lesson' }).click();
  await expect(summary).toHaveValue('Two PCs behind a home router, written in class.');
  await expect(question.getByRole('spinbutton', { name: 'Exit status' })).toHaveValue('1');
  await expect(question.getByRole('textbox', { name: 'Answer lines' })).toHaveValue('iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE');

  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);
  await page.reload();
  await expect(page.getByRole('heading', { name: /\(copy\)$/ })).toBeVisible();
  await inspector(page).getByRole('button', { name: 'Edit lesson' }).click();
  await expect(summary).toHaveValue('Two PCs behind a home router, written in class.');
  await expect(question.getByRole('textbox', { name: 'Question text' })).toHaveValue('Make pc1 reach the internet.');
  await expect(question.getByRole('textbox', { name: 'Insert above the line starting', exact: true })).toHaveValue('iptables -A FORWARD');
});

test('deleting a flow says which lesson steps go with it; Ctrl+Z brings them back', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  const panelSteps = inspector(page).getByRole('region', { name: 'Lesson steps' }).getByRole('listitem');
  await expect(panelSteps).toHaveCount(9);
  await shot(page, 'panel-top');
  await inspector(page).getByRole('button', { name: 'Delete flow 2' }).click();
  await expect(inspector(page).getByRole('status').filter({ hasText: 'Deleted flow 2' })).toHaveText('Deleted flow 2: hairpin from the LAN fails, and the 8 lesson steps about it. Undo');
  await expect(panelSteps).toHaveCount(1);
  // The question keeps its own command: it is still asked.
  await expect(inspector(page).getByRole('region', { name: 'Question' })).toContainText('Make pc2 reach 50.60.70.80:8080.');
  await page.keyboard.press('Control+z');
  await expect(panelSteps).toHaveCount(9);
});

test('in student view there is no editor and no "Use as step"', async ({ page }) => {
  // A tab a student's link opened keeps its view in session storage (state/teaching.ts).
  await page.addInitScript(() => sessionStorage.setItem('hairpin.view', JSON.stringify({ audience: 'student', reveal: 'passed' })));
  await page.goto('/?scenario=hairpin-nat-broken');
  await expect(inspector(page).getByRole('note').filter({ hasText: 'Student view' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Packet' }).locator('.pkt-step')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use this event as a lesson step' })).toHaveCount(0);
  await expect(inspector(page).getByRole('button', { name: /^(Edit lesson|Add a lesson)$/ })).toHaveCount(0);
});

test('a lesson naming a flow and devices the scenario lacks opens in the editor, says what is gone, and still edits', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, {
    hairpin: 2,
    title: 'Lesson with loose ends',
    devices: { a: { kind: 'host', ports: { eth0: null } }, b: { kind: 'host', ports: { eth0: null } } },
    links: [['a:eth0', 'b:eth0']],
    flows: [{ on: 'a', run: 'ping -c 1 -W 1 10.0.0.2' }],
    lesson: {
      steps: [{ flow: 4, text: 'a step about a flow that went', event: { device: 'gone', kind: 'drop' } }],
      questions: [
        { kind: 'exit', text: 'q1', on: 'nobody', run: 'true', flow: 7, answer: { edits: [{ device: 'nowhere', lines: ['x'] }] } },
        { kind: 'drop', text: 'q2', flow: 9, device: 'ghost' },
      ],
    },
  });
  await inspector(page).getByRole('button', { name: 'Edit lesson' }).click();
  const editor = inspector(page).getByRole('region', { name: 'Lesson editor' });
  await expect(editor.getByRole('listitem')).toContainText('flow 5 (gone)');
  const q1 = editor.getByRole('region', { name: 'Question 1' });
  await expect(q1.getByRole('combobox', { name: 'Runs on' })).toHaveValue('nobody');
  await expect(q1.getByRole('combobox', { name: 'Flow' }).locator('option:checked')).toHaveText('flow 8 (gone)');
  await expect(q1.getByRole('combobox', { name: 'Answer device' }).locator('option:checked')).toHaveText('nowhere (gone)');
  const q2 = editor.getByRole('region', { name: 'Question 2' });
  await expect(q2.getByRole('combobox', { name: 'Device that drops it' }).locator('option:checked')).toHaveText('ghost (gone)');
  // "Find it" on a flow that is gone says so.
  await q2.getByRole('button', { name: 'Find it' }).click();
  await expect(q2.getByRole('status')).toHaveText('There is no flow 10.');
  // Pointing them at what exists works.
  await q1.getByRole('combobox', { name: 'Flow' }).selectOption('0');
  await expect(q1.getByRole('combobox', { name: 'Runs on' })).toHaveValue('a');
  await expect(q1.getByRole('textbox', { name: 'Command', exact: true })).toHaveValue('ping -c 1 -W 1 10.0.0.2');
  await q2.getByRole('combobox', { name: 'Flow' }).selectOption('0');
  await q2.getByRole('combobox', { name: 'Device that drops it' }).selectOption('b');
  await expect(q2.getByRole('combobox', { name: 'Device that drops it' }).locator('option')).toHaveText(['a', 'b']);
});

test('renaming the router’s port eth1: the preview lists the lesson’s steps, and the lesson follows', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await inspector(page).getByRole('button', { name: 'Rename port eth1' }).click();
  const field = inspector(page).getByRole('textbox', { name: 'New name for port router:eth1' });
  await field.fill('lan0');
  await field.press('Enter');
  const preview = page.getByRole('dialog', { name: 'Rename eth1 to lan0' });
  // "forwards it back out of eth1": the forward event names the port it came in and went out by.
  await expect(preview.getByRole('region', { name: 'Lesson' })).toContainText('step 4');
  await expect(preview.getByRole('region', { name: 'Lesson' })).toContainText('"from":"lan0","to":"lan0"');
  await preview.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'Close inspector' }).click();
  // The step still finds its event in the renamed scenario.
  const step = inspector(page).getByRole('region', { name: 'Lesson steps' }).getByRole('button', { name: /and forwards it back out of eth1/ });
  await step.click();
  await expect(page.getByRole('region', { name: 'Trace' }).locator('[aria-current="step"]')).toContainText('router:lan0');
  await expect(step).toHaveAttribute('aria-current', 'step');
});
