import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { snapshotScript } from '../src/engine/export/snapshot';
import { choose, dropScenario, untilStill } from './support';

/*
 * Issue 18's snapshot script in the app: the "Paste from a real machine" dialog (and the Share
 * dialog) hands out what `hairpin snapshot` prints, as hairpin-snapshot.sh; the box.json it
 * printed on a real machine (src/engine/import/fixtures/snapshot-web1.json, captured in a
 * namespace) then goes into a device of an existing lab, previewed like any paste, and that
 * device answers as the machine did. Screenshots: test-results/snapshot-*.png.
 */

const boxJson = new URL('../src/engine/import/fixtures/snapshot-web1.json', import.meta.url).pathname;
const box = readFileSync(boxJson, 'utf8');

/** A lab already there: a client whose gateway 10.0.0.1 is the machine to come, linked to srv's eth1. */
const lab = {
  hairpin: 2,
  title: 'Office',
  devices: {
    pc: { kind: 'host', at: [0, 0], ports: { eth0: null }, config: ['ip addr add 10.0.0.5/24 dev eth0', 'ip route add default via 10.0.0.1'] },
    srv: { kind: 'host', at: [300, 0], ports: { eth1: null }, config: [] },
  },
  links: [['pc:eth0', 'srv:eth1']],
  flows: [{ on: 'pc', run: 'ping -c1 91.99.148.215' }],
};

async function openPaste(page: Page, device: string) {
  const card = page.getByRole('region', { name: 'Canvas' }).getByLabel(`${device} (host)`);
  // The lab just dropped is being fitted into view (an animation): a click while it moves lands
  // on the empty canvas, which selects nothing.
  await untilStill(card);
  await card.click();
  await page.getByRole('button', { name: 'Paste from a real machine' }).click();
  const dialog = page.getByRole('dialog', { name: `Paste from a real machine into ${device}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function run(page: Page, on: string, command: string): Promise<void> {
  await choose(page, 'Run on device', on);
  await page.getByRole('textbox', { name: 'Command', exact: true }).fill(command);
  await page.getByRole('textbox', { name: 'Command', exact: true }).press('Enter');
}

test('the paste dialog hands out the snapshot script: downloaded as hairpin-snapshot.sh it is what `hairpin snapshot` prints, and dash reads it; Copy puts the same text on the clipboard', async ({ page, context }, info) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await dropScenario(page, lab);
  const dialog = await openPaste(page, 'srv');
  const script = dialog.getByRole('region', { name: 'Snapshot script' });
  await expect(script).toContainText('sh hairpin-snapshot.sh > box.json');
  await expect(script).toContainText('uses no network');
  await dialog.screenshot({ path: 'test-results/snapshot-paste-dialog.png' });

  const [download] = await Promise.all([page.waitForEvent('download'), script.getByRole('button', { name: 'Download hairpin-snapshot.sh' }).click()]);
  expect(download.suggestedFilename()).toBe('hairpin-snapshot.sh');
  const file = info.outputPath('hairpin-snapshot.sh');
  await download.saveAs(file);
  expect(readFileSync(file, 'utf8')).toBe(snapshotScript());
  // POSIX sh as Debian's /bin/sh reads it (-n: parse only, run nothing).
  execFileSync('dash', ['-n', file]);

  await script.getByRole('button', { name: 'Copy the script' }).click();
  await expect(script.getByText('Script copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snapshotScript());

  // Read before running: the whole text, in the page.
  await script.getByText('Read the script first').click();
  await expect(script.getByRole('textbox', { name: 'hairpin-snapshot.sh, the snapshot script' })).toHaveValue(snapshotScript());
  const { violations } = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations).toEqual([]);
});

test('the Share dialog offers the same script beside "Import scenario…"', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Share' }).click();
  const section = page.getByRole('dialog').getByRole('region', { name: 'Snapshot script' });
  await expect(section).toContainText('Import scenario…');
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Download hairpin-snapshot.sh' }).click()]);
  expect(download.suggestedFilename()).toBe('hairpin-snapshot.sh');
  expect(readFileSync((await download.path())!, 'utf8')).toBe(snapshotScript());
  await section.screenshot({ path: 'test-results/snapshot-share-dialog.png' });
});

test("box.json chosen in the paste dialog fills a device of an existing lab: its ports with their MACs and its config, previewed; then it answers as the machine did and routes the lab's client", async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, lab);
  const dialog = await openPaste(page, 'srv');
  const text = dialog.getByRole('textbox', { name: /Output of ip/ });
  // Dropped anywhere in the dialog (here on the script's heading), box.json fills the box and opens no scenario.
  const dropped = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'box.json', { type: 'application/json' }));
    return dt;
  }, box);
  await dialog.getByRole('heading', { name: 'Snapshot script' }).dispatchEvent('drop', { dataTransfer: dropped });
  await expect(text).toHaveValue(box);
  await expect(page.getByRole('status').filter({ hasText: 'Imported box.json' })).toHaveCount(0);
  await text.fill('');
  await dialog.getByLabel('Or choose a file').setInputFiles(boxJson);
  await expect(text).toHaveValue(box);
  await dialog.getByRole('button', { name: 'Preview' }).click();

  await expect(dialog.getByText('Recognised: the snapshot of web1')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Ports on srv' }).getByRole('listitem')).toHaveText(['eth0 added, MAC 96:00:03:aa:bb:01', 'eth1 MAC set to 96:00:03:aa:bb:02']);
  const config = dialog.getByLabel('Config lines it will write');
  await expect(config).toContainText('ip addr add 91.99.148.215/32 dev eth0');
  await expect(config).toContainText('-A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE');
  await expect(dialog.getByRole('heading', { name: 'Every line was imported' })).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.screenshot({ path: 'test-results/snapshot-preview.png' });

  await dialog.getByRole('button', { name: 'Replace the config' }).click();
  await expect(dialog).toBeHidden();
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByText('91.99.148.215/32')).toBeVisible();
  await expect(canvas.getByText('10.0.0.1/24')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Inspector' }).getByRole('heading', { name: 'Ports (2)' })).toBeVisible();
  await run(page, 'srv', 'ip route get 8.8.8.8');
  // What the machine printed when the snapshot was taken (fixtures/capture.sh).
  await expect(page.getByLabel('Command output')).toContainText('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0');
  // The lab's client reaches the machine through its eth1, as linked before the import.
  await run(page, 'pc', 'ping -c1 91.99.148.215');
  await expect(page.getByLabel('Command output')).toContainText('1 packets transmitted, 1 received');
  await page.screenshot({ path: 'test-results/snapshot-on-canvas.png' });
});

test('a box.json cut short, or a lab of several devices, is refused with its line and column, and nothing can be applied', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, lab);
  const dialog = await openPaste(page, 'srv');
  const text = dialog.getByRole('textbox', { name: /Output of ip/ });
  const cut = box.slice(0, box.indexOf('"sysctl -w'));
  await text.fill(cut);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const lines = cut.split('\n');
  const problems = dialog.getByRole('list', { name: 'Problems' });
  await expect(problems).toHaveText(`line ${lines.length}, column ${lines[lines.length - 1]!.length + 1} the document ends too early: expected a value`);
  await expect(dialog.getByRole('alert')).toHaveText(/^Nothing imported: the input is broken where the problems say/);
  await expect(dialog.getByText('Recognised: a Hairpin scenario')).toBeVisible();
  // No "Every line was imported", no empty lists: the problems are the whole preview.
  await expect(dialog.getByLabel('Preview').getByRole('heading')).toHaveText(['Problems (1)']);
  await expect(dialog.getByRole('button', { name: 'Replace the config' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Add to the config' })).toBeDisabled();
  await dialog.screenshot({ path: 'test-results/snapshot-cut-short.png' });

  await text.fill(JSON.stringify(lab, null, 2));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(problems).toHaveText('line 4, column 3 devices: the scenario holds 2 devices (pc, srv); a snapshot holds one machine (open a lab as a scenario of its own instead)');
  await expect(dialog.getByRole('button', { name: 'Replace the config' })).toBeDisabled();
});

test('"Add a real machine" in the palette puts box.json on the canvas as a new device named as the snapshot names it; a taken name is refused; one undo takes it away', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, lab);
  await page.getByRole('navigation', { name: 'Devices' }).getByRole('button', { name: 'Add a real machine' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a real machine' });
  await dialog.getByLabel('Or choose a file').setInputFiles(boxJson);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('Recognised: the snapshot of web1')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Ports' }).getByRole('listitem')).toHaveText(['eth0 added, MAC 96:00:03:aa:bb:01', 'eth1 added, MAC 96:00:03:aa:bb:02']);
  const name = dialog.getByRole('textbox', { name: 'Name on the canvas' });
  await expect(name).toHaveValue('web1');
  // A name the lab already has is refused before anything changes.
  await name.fill('pc');
  await expect(dialog.getByRole('alert')).toHaveText('there is already a device named pc');
  await expect(dialog.getByRole('button', { name: 'Add to the canvas' })).toBeDisabled();
  await name.fill('web1');
  await dialog.screenshot({ path: 'test-results/snapshot-add-machine.png' });
  await dialog.getByRole('button', { name: 'Add to the canvas' }).click();
  await expect(dialog).toBeHidden();

  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByLabel('web1 (host)')).toBeVisible();
  await expect(canvas.getByText('91.99.148.215/32')).toBeVisible();
  await run(page, 'web1', 'ip route get 8.8.8.8');
  await expect(page.getByLabel('Command output')).toContainText('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0');
  await page.screenshot({ path: 'test-results/snapshot-machine-added.png' });

  await page.keyboard.press('Escape');
  await canvas.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(canvas.getByLabel('web1 (host)')).toHaveCount(0);
  await expect(canvas.getByLabel('srv (host)')).toBeVisible();
});
