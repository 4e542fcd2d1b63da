import { expect, test, type Page } from '@playwright/test';
import { choose, dropScenario, typeConfig } from './support';

/*
 * What is on screen is current: Run runs what the page says it will, a run of an earlier
 * version of the scenario says so, undo stays within the opened document, a reload keeps the
 * user's edits, and whatever a URL or the storage holds, a lesson opens.
 */

const canvas = (page: Page) => page.getByRole('region', { name: 'Canvas' });
const summary = (page: Page) => page.getByRole('region', { name: 'Summary' });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const commandBox = (page: Page) => page.getByRole('textbox', { name: 'Command' });
const outOfDate = (page: Page) => page.getByRole('status').filter({ hasText: 'Out of date: the scenario changed since this run' });
const undo = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });

test('Run runs the typed command, says so before it is pressed, and emptying the box returns to the flow', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await expect(runButton(page)).toHaveAccessibleDescription('Runs flow 1: pc1$ ping -c 1 -W 1 192.168.1.3');
  await choose(page, 'Run on device', 'pc2');
  await commandBox(page).fill('ping -c 1 8.8.8.8');
  await expect(runButton(page)).toHaveAccessibleDescription('Runs pc2$ ping -c 1 8.8.8.8');
  await runButton(page).click();
  await expect(summary(page)).toContainText('pc2$ ping -c 1 8.8.8.8');
  await expect(summary(page)).toContainText('1 packets transmitted, 1 received');

  // Empty box: the selected flow again, as the label says.
  await commandBox(page).fill('');
  await expect(runButton(page)).toHaveAccessibleDescription('Runs flow 1: pc1$ ping -c 1 -W 1 192.168.1.3');
  await runButton(page).click();
  await expect(summary(page)).toContainText('pc1$ ping -c 1 -W 1 192.168.1.3');

  // Choosing a flow is choosing what runs: the box lets go of its command.
  await commandBox(page).fill('ping -c 2 8.8.8.8');
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('2');
  await expect(commandBox(page)).toHaveValue('');
  await expect(runButton(page)).toHaveAccessibleDescription('Runs flow 3: pc2$ nc -z -w 2 8.8.8.8 53');
});

test('in a scenario without flows, Run is enabled as soon as a command is typed', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, { hairpin: 1, title: 'No flows', devices: { a: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] } }, links: [], flows: [] });
  await expect(runButton(page)).toBeDisabled();
  await commandBox(page).fill('ping -c 1 10.0.0.1');
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  await expect(summary(page)).toContainText('a$ ping -c 1 10.0.0.1');
  await expect(summary(page)).toContainText('1 packets transmitted, 1 received');
});

test('a run is marked out of date after an edit, current again after undo, and Run again runs the scenario as it is', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await runButton(page).click();
  await expect(summary(page)).toContainText('1 received');
  await expect(outOfDate(page)).toHaveCount(0);

  // Moving a device changes no packet: still current.
  await canvas(page).getByLabel('pc2 (host)').dragTo(canvas(page), { targetPosition: { x: 60, y: 60 } });
  await expect(outOfDate(page)).toHaveCount(0);

  // pc1's port goes down: the run on screen is of the scenario before.
  await canvas(page).getByLabel('pc1 (host)').click();
  await typeConfig(page, ['ip link set eth0 down']);
  await expect(outOfDate(page)).toBeVisible();
  await expect(outOfDate(page).getByRole('button', { name: 'Run again' })).toBeVisible();
  await page.screenshot({ path: 'test-results/current-out-of-date.png' });

  // Undo returns to the scenario that ran; redo leaves it again.
  await undo(page).click();
  await expect(outOfDate(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(outOfDate(page)).toBeVisible();

  await outOfDate(page).getByRole('button', { name: 'Run again' }).click();
  await expect(outOfDate(page)).toHaveCount(0);
  await expect(summary(page)).toContainText('Network is unreachable');
});

test('opening another lesson clears the run of the one before, even one still running', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await runButton(page).click();
  await expect(summary(page)).toContainText('1 received');
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('vps-slash32');
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  await expect(summary(page)).toContainText('Press Run');
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem')).toHaveCount(0);

  // A long run of home-lan, and another lesson opened while it goes: its result never shows.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('home-lan');
  await commandBox(page).fill('ping -i 0.002 -c 3000 -W 1 192.168.1.3');
  await runButton(page).click();
  await expect(page.getByRole('banner').getByRole('status')).toContainText('Running');
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('vps-slash32');
  await expect(runButton(page)).toBeEnabled();
  // The next run is vps-slash32's own, and nothing of home-lan's shows meanwhile or after.
  await runButton(page).click();
  await expect(summary(page)).toContainText('vps$ ping -c 1 -W 1 8.8.8.8');
  await expect(summary(page)).not.toContainText('192.168.1.3');
});

test('Check shows the run it made: its command, verdict and trace', async ({ page }) => {
  await page.goto('/?scenario=hairpin-nat-broken');
  // Another run on screen first.
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('2');
  await runButton(page).click();
  await expect(summary(page)).toContainText('pc2$ ping -c 1 -W 1 50.60.70.1');

  const question = page.getByRole('region', { name: 'Question' });
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Not yet');
  await expect(summary(page)).toContainText('pc2$ nc -z -w 2 50.60.70.80 8080');
  await expect(summary(page)).not.toContainText('ping -c 1 -W 1 50.60.70.1');
  await expect(summary(page)).toContainText('Exit status1');

  // An edit since: neither the verdict nor the run is about the scenario on screen any more.
  await canvas(page).getByLabel('router (router)').click();
  await typeConfig(page, ['iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE']);
  await page.getByRole('button', { name: 'Close inspector' }).click();
  await expect(question.getByRole('status')).toHaveCount(0);
  await expect(outOfDate(page)).toBeVisible();
});

test('undo right after opening a share link undoes only the user\'s own edits of the shared scenario', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('dialog', { name: 'Share and export' }).getByRole('textbox', { name: 'Share link' }).inputValue();

  // Another lesson is open when the link arrives.
  await page.goto('/?scenario=home-lan');
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await page.goto(link);
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  await expect(undo(page)).toBeDisabled();

  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await undo(page).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toHaveCount(0);
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  await expect(undo(page)).toBeDisabled();
});

test('a lesson opened by ?scenario= and edited comes back edited after a reload, with the original one click away', async ({ page }) => {
  await page.goto('/?scenario=vps-slash32');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  await expect(page.getByTestId('save-state')).toContainText(/^Saved/);

  await page.reload();
  await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  const notice = page.getByRole('alert').filter({ hasText: 'You edited this lesson: showing your copy (saved in My scenarios).' });
  await expect(notice).toBeVisible();
  await page.screenshot({ path: 'test-results/current-edited-lesson.png' });

  await notice.getByRole('button', { name: 'Open the original' }).click();
  await expect(canvas(page).getByLabel('pc1 (host)')).toHaveCount(0);
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  // The original was the last thing opened: a reload keeps it.
  await page.reload();
  await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
  await expect(canvas(page).getByLabel('pc1 (host)')).toHaveCount(0);
});

for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no-such-lesson']) {
  test(`/?scenario=${name} opens the default lesson with a notice`, async ({ page }) => {
    await page.goto(`/?scenario=${name}`);
    await expect(page.getByRole('alert').filter({ hasText: `There is no built-in scenario named “${name}”` })).toBeVisible();
    await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
    await expect(runButton(page)).toBeEnabled();
  });
}

for (const [what, pointer] of [
  ['not JSON', '{"builtin":'],
  ['a lesson named constructor', '{"builtin":"constructor"}'],
  ['a saved scenario that is not there', '{"saved":"zz9"}'],
] as const) {
  test(`a damaged pointer to the open document (${what}) opens the default lesson with a notice`, async ({ page }) => {
    await page.goto('/?scenario=vps-slash32');
    await expect(canvas(page).getByLabel('vps (host)')).toBeVisible();
    await page.evaluate((p) => localStorage.setItem('hairpin.current', p), pointer);
    await page.goto('/');
    await expect(page.getByRole('alert').filter({ hasText: 'The scenario that was open last time could not be reopened' })).toBeVisible();
    await expect(canvas(page).getByLabel('pc1 (host)')).toBeVisible();
  });
}

test('a config line the kernel refuses is named in the summary: device, line, the line itself, and the editor marks it', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, {
    hairpin: 1,
    title: 'A gateway on no subnet',
    devices: { r: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 10.9.0.0/16 via 192.0.2.1'] } },
    links: [],
    flows: [{ on: 'r', run: 'ping -c 1 -W 1 10.9.0.1' }],
  });
  await runButton(page).click();
  const issues = summary(page).getByRole('list', { name: 'Config issues' });
  await expect(issues).toContainText('r line 2');
  await expect(issues).toContainText('ip route add 10.9.0.0/16 via 192.0.2.1');
  await expect(issues).toContainText('Error: Nexthop has invalid gateway.');
  await issues.getByRole('button', { name: 'Show r line 2 in its config' }).click();
  await expect(page.getByRole('list', { name: 'Config problems' }).getByRole('button', { name: /^Line 2, column 1: Error: Nexthop has invalid gateway\./ })).toBeVisible();
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/current-config-issue.png' });
});

test('a stopped run names its cause in the summary', async ({ page }) => {
  await page.goto('/');
  const sw = (ports: string[]) => ({ kind: 'switch', ports: Object.fromEntries(ports.map((p) => [p, null])), config: [] });
  await dropScenario(page, {
    hairpin: 1,
    title: 'Two switches joined twice',
    devices: { a: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] }, s1: sw(['p1', 'p2', 'p3']), s2: sw(['p1', 'p2']) },
    links: [
      ['a:eth0', 's1:p1'],
      ['s1:p2', 's2:p1'],
      ['s1:p3', 's2:p2'],
    ],
    flows: [{ on: 'a', run: 'ping -c 1 -W 1 10.0.0.2' }],
  });
  await runButton(page).click();
  await expect(summary(page).getByRole('definition').filter({ hasText: 'stopped: a bridge loop made a broadcast storm' })).toBeVisible();
});
