import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { answerInConfig, dropScenario, studentLink } from './support';

/*
 * A teacher shares a lesson in student view: in a fresh browser the student sees the steps, the
 * question and its hints, but not the answers, "What changed" or the fixed twin, until the
 * question is passed. A reload keeps the student view. A "which device drops it?" question is
 * answered by clicking a device on the canvas.
 */

test('a student link hides the answers, What changed and the fixed twin until the question is passed', async ({ page, browser }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  const teacher = page.getByRole('region', { name: 'Inspector' });
  await expect(teacher.getByRole('heading', { name: 'Hairpin NAT, broken' })).toBeVisible();
  await expect(teacher.getByText('What changed')).toBeVisible();
  const link = await studentLink(page);
  expect(link.length).toBeLessThanOrEqual(2000);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const student = await fresh.newPage();
  await student.goto(link);
  const inspector = student.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Hairpin NAT, broken' })).toBeVisible();
  await expect(inspector.getByRole('note').filter({ hasText: 'Student view' })).toBeVisible();
  const question = inspector.getByRole('region', { name: 'Question' });
  await expect(question).toContainText('Make pc2 reach 50.60.70.80:8080');
  await expect(inspector.getByText('What changed')).toHaveCount(0);
  const scenarios = student.getByRole('combobox', { name: 'Scenario' });
  await expect(scenarios.locator('option[value="hairpin-nat-fixed"]')).toHaveCount(0);
  await student.getByRole('button', { name: 'Lessons' }).click();
  const gallery = student.getByRole('dialog', { name: 'Lessons' });
  await expect(gallery.getByRole('button', { name: /Hairpin NAT, broken/ })).toBeVisible();
  await expect(gallery.getByRole('button', { name: /Hairpin NAT, fixed/ })).toHaveCount(0);
  await gallery.getByRole('button', { name: 'Close lessons' }).click();

  // Hints are there for the asking.
  await question.getByRole('button', { name: 'Hint' }).click();
  await expect(question.getByRole('note', { name: 'Hint' })).toBeVisible();

  // A reload keeps the student view (the hash is gone, the work is autosaved).
  await student.reload();
  await expect(inspector.getByRole('note').filter({ hasText: 'Student view' })).toBeVisible();
  await expect(inspector.getByText('What changed')).toHaveCount(0);

  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Not yet');
  await expect(inspector.getByText('What changed')).toHaveCount(0);
  await answerInConfig(student, 'router (router)', ['iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE']);
  // Passed: what was held back appears.
  await expect(inspector.getByText('What changed')).toBeVisible();
  await expect(scenarios.locator('option[value="hairpin-nat-fixed"]')).toHaveCount(1);
  await student.screenshot({ path: 'test-results/student-passed.png' });
  await fresh.close();
});

test('a "which device drops it?" question, answered by clicking a device; its worked answer shows once passed', async ({ page, browser }) => {
  await page.goto('/?scenario=nft-iptables-ignored');
  const doc = JSON.parse(readFileSync('src/scenarios/nft-iptables-ignored.json', 'utf8'));
  doc.lesson.questions = [{ kind: 'drop', text: 'The SYN for ssh never gets an answer. **Which device drops it?**', flow: 3, device: 's', hints: ['Look for the red row in the trace.'], answer: { text: 'nft’s input chain on **s** drops it by its policy.' } }];
  await dropScenario(page, doc, 'drop-question.json');
  const link = await studentLink(page);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const student = await fresh.newPage();
  await student.goto(link);
  const question = student.getByRole('region', { name: 'Inspector' }).getByRole('region', { name: 'Question' });
  await expect(question).toContainText('Which device drops it?');
  await expect(question).toContainText('The answer shows once the question is passed');
  await expect(question.getByText('One answer')).toHaveCount(0);

  // Wrong: the client.
  await question.getByRole('button', { name: 'Choose on the canvas' }).click();
  await student.getByRole('region', { name: 'Canvas' }).getByLabel('c (host)', { exact: true }).click();
  await expect(question.getByRole('combobox', { name: 'The device that drops it' })).toHaveValue('c');
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Not yet: c is not where it is dropped');
  await expect(question.getByText('One answer')).toHaveCount(0);

  // Right: the server, chosen by clicking it; the lesson stays in view (no inspector for s opens).
  await question.getByRole('button', { name: 'Choose on the canvas' }).click();
  await student.getByRole('region', { name: 'Canvas' }).getByLabel('s (host)', { exact: true }).click();
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Passed: s drops it');
  await expect(question.getByText('One answer')).toBeVisible();
  await expect(question).toContainText('nft’s input chain on s drops it by its policy.');
  await fresh.close();
});
