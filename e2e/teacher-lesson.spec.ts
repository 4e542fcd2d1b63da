import { expect, test, type Locator, type Page } from '@playwright/test';
import { answerInConfig, choose, studentLink, typeConfig } from './support';

/*
 * Issue 17's whole path, as a teacher and a student would walk it. The teacher starts from an
 * empty scenario: places three devices and renames them, links them, configures them (a web
 * server behind a router whose FORWARD chain drops port 80), saves two typed commands as flows,
 * writes the title and the about text, makes a step from a trace event and a question with a
 * hint and a worked answer, and shares the lesson in student view. In a fresh browser the
 * student sees the lesson, not the answer; a wrong fix (an ACCEPT appended after the DROP, which
 * iptables never reaches) fails the check and the answer stays hidden; the right one (inserted
 * before it) passes, and the answer appears. Screenshots: test-results/teacher-lesson-*.png.
 */

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/teacher-lesson-${name}.png` });
const inspector = (page: Page) => page.getByRole('region', { name: 'Inspector' });

async function place(page: Page, kind: 'host' | 'router', x: number, y: number, from: string, to: string): Promise<void> {
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const box = (await canvas.boundingBox())!;
  await page.getByRole('button', { name: `Add ${kind}` }).dragTo(canvas, { targetPosition: { x: box.width * x, y: box.height * y } });
  await canvas.getByText(from, { exact: true }).dblclick();
  const field = canvas.getByRole('textbox', { name: `New name for ${from}` });
  await field.fill(to);
  await field.press('Enter');
  await expect(canvas.getByLabel(`${to} (${kind})`)).toBeVisible();
}

async function configure(page: Page, device: string, lines: string[]): Promise<void> {
  await page.getByRole('region', { name: 'Canvas' }).getByLabel(device, { exact: true }).click();
  await typeConfig(page, lines);
  await page.getByRole('button', { name: 'Close inspector' }).click();
}

async function saveAsFlow(page: Page, on: string, command: string, title: string, exit: string): Promise<void> {
  await choose(page, 'Run on device', on);
  const box = page.getByRole('textbox', { name: 'Command', exact: true });
  await box.fill(command);
  await box.press('Enter');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText(`${on}$ ${command}`);
  await summary.getByRole('button', { name: 'Save as flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as flow' });
  await expect(dialog.getByRole('textbox', { name: 'Expected exit status' })).toHaveValue(exit);
  await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
  await dialog.getByRole('button', { name: 'Save flow' }).click();
  await expect(dialog).toBeHidden();
}

async function check(question: Locator, verdict: string): Promise<void> {
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText(verdict);
}

test('a teacher builds a lesson from an empty scenario and shares it; the student answers wrongly, then rightly, and sees the answer only then', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Document', exact: true }).click();
  await page.getByRole('menuitem', { name: 'New scenario' }).click();
  await expect(page.getByRole('heading', { name: 'Untitled scenario' })).toBeVisible();

  // Three devices, placed and renamed, then linked port to port.
  await place(page, 'host', 0.15, 0.5, 'pc1', 'client');
  await place(page, 'router', 0.45, 0.5, 'router1', 'gw');
  await place(page, 'host', 0.75, 0.5, 'pc1', 'web');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await canvas.getByLabel('client:eth0', { exact: true }).dragTo(canvas.getByLabel('gw:eth0', { exact: true }));
  await canvas.getByLabel('gw:eth1', { exact: true }).dragTo(canvas.getByLabel('web:eth0', { exact: true }));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // The config: the router forwards (its template says so) but drops port 80.
  await configure(page, 'client (host)', ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1']);
  await configure(page, 'gw (router)', ['ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'iptables -A FORWARD -p tcp --dport 80 -j DROP']);
  await configure(page, 'web (host)', ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', 'nc -lk 80 &']);

  // Two typed commands, run and saved as flows with the statuses they returned.
  await saveAsFlow(page, 'client', 'ping -c 1 -W 1 10.0.2.2', 'ping crosses the router', '0');
  await saveAsFlow(page, 'client', 'nc -z -w 1 10.0.2.2 80', 'the web server is out of reach', '1');

  // The title and the about text.
  await inspector(page).getByRole('button', { name: 'Edit title and about' }).click();
  const form = inspector(page).getByRole('form', { name: 'Title and about' });
  await form.getByRole('textbox', { name: 'Title', exact: true }).fill('The rule that comes first');
  await form.getByRole('textbox', { name: 'About' }).fill('A web server behind a router. **ping** gets through, the web does not: read the FORWARD chain.');
  await form.getByRole('button', { name: 'Save text' }).click();
  await expect(inspector(page).getByRole('heading', { name: 'The rule that comes first', level: 2 })).toBeVisible();

  // A step: the nc flow's DROP in the router's FORWARD chain, picked in the trace.
  await inspector(page).getByRole('button', { name: 'Add a lesson' }).click();
  const editor = inspector(page).getByRole('region', { name: 'Lesson editor' });
  await page.getByRole('banner').getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const dropRow = trace.getByRole('listitem').filter({ hasText: /FORWARD.*DROP/ }).first();
  await dropRow.click();
  await page.getByRole('region', { name: 'Packet' }).getByRole('button', { name: 'Use this event as a lesson step' }).click();
  const stepText = editor.getByRole('textbox', { name: 'Step 1 text' });
  await stepText.fill('The SYN for port 80 meets `-A FORWARD -p tcp --dport 80 -j DROP`: the first rule that matches decides');
  await editor.getByRole('textbox', { name: 'Summary' }).fill('iptables stops at the first rule that matches.');

  // A question with a hint and a worked answer.
  await editor.getByRole('button', { name: 'Add question' }).click();
  const q = editor.getByRole('region', { name: 'Question 1' });
  await q.getByRole('textbox', { name: 'Question text' }).fill('Let client reach the web server: `nc -z -w 1 10.0.2.2 80` must succeed.');
  await q.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await expect(q.getByRole('combobox', { name: 'Runs on' })).toHaveValue('client');
  await expect(q.getByRole('textbox', { name: 'Command' })).toHaveValue('nc -z -w 1 10.0.2.2 80');
  await q.getByRole('button', { name: 'Add hint' }).click();
  await q.getByRole('textbox', { name: 'Hint 1' }).fill('A rule appended after the DROP is never reached.');
  await q.getByRole('textbox', { name: 'Answer text' }).fill('Insert the ACCEPT **before** the DROP: `iptables -I FORWARD`.');
  await q.getByRole('button', { name: 'Add answer lines' }).click();
  await q.getByRole('combobox', { name: 'Answer device' }).selectOption('gw');
  await q.getByRole('textbox', { name: 'Answer lines' }).fill('iptables -I FORWARD -p tcp --dport 80 -j ACCEPT');
  await shot(page, 'editor');
  await editor.getByRole('button', { name: 'Done editing' }).click();
  await expect(inspector(page).getByRole('region', { name: 'Lesson steps' })).toContainText('the first rule that matches decides');
  await shot(page, 'teacher');

  const link = await studentLink(page);

  // The student, in a browser of their own.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const student = await fresh.newPage();
  await student.goto(link);
  const panel = inspector(student);
  await expect(panel.getByRole('heading', { name: 'The rule that comes first', level: 2 })).toBeVisible();
  await expect(panel.getByRole('note').filter({ hasText: 'Student view' })).toBeVisible();
  await expect(panel).toContainText('the web does not: read the FORWARD chain');
  const question = panel.getByRole('region', { name: 'Question' });
  await expect(question).toContainText('Let client reach the web server');
  await expect(question).toContainText('The answer shows once the question is passed');
  await expect(question.getByText('One answer')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /^(Edit lesson|Add a lesson)$/ })).toHaveCount(0);

  // The step jumps to the DROP.
  await panel.getByRole('region', { name: 'Lesson steps' }).getByRole('button', { name: /the first rule that matches decides/ }).click();
  await expect(student.getByRole('region', { name: 'Trace' }).locator('[aria-current="step"]')).toContainText('DROP');
  await question.getByRole('button', { name: 'Hint' }).click();
  await expect(question.getByRole('note', { name: 'Hint' })).toContainText('never reached');

  // Wrongly: an ACCEPT appended after the DROP. Not yet, and the answer stays hidden.
  await student.getByRole('region', { name: 'Canvas' }).getByLabel('gw (router)', { exact: true }).focus();
  await student.keyboard.press('Enter');
  await typeConfig(student, ['iptables -A FORWARD -p tcp --dport 80 -j ACCEPT']);
  await student.getByRole('button', { name: 'Close inspector' }).click();
  await check(question, 'Not yet');
  await expect(question.getByText('One answer')).toHaveCount(0);
  await shot(student, 'student-wrong');

  // Rightly: inserted before it.
  await answerInConfig(student, 'gw (router)', ['iptables -I FORWARD -p tcp --dport 80 -j ACCEPT']);
  await expect(question.getByText('One answer')).toBeVisible();
  await expect(question).toContainText('Insert the ACCEPT before the DROP');
  await shot(student, 'student-passed');
  await fresh.close();
});
