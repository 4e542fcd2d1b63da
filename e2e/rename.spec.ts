import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/* Renaming devices and ports as a teacher does, every reference following; deleting from a button and the canvas's menu. */

const LAB = {
  hairpin: 1,
  title: 'Rename lab',
  devices: {
    pc: { kind: 'host', at: [0, 200], ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0', 'ip route add default via 10.0.0.1'] },
    r1: {
      kind: 'router',
      at: [0, 100],
      ports: { eth0: null, eth1: null },
      config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 50.0.0.1/24 dev eth1', 'ip link add link eth1 name eth1.100 type vlan id 100', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'],
    },
    isp: { kind: 'cloud', at: [0, 0], ports: { eth0: null }, config: ['ip addr add 50.0.0.9/24 dev eth0'] },
  },
  links: [
    ['pc:eth0', 'r1:eth0'],
    ['r1:eth1', 'isp:eth0'],
  ],
  flows: [
    { on: 'pc', run: 'ping -c 1 -W 1 50.0.0.9', expect: { exit: 0 }, title: 'out through NAT' },
    { on: 'r1', run: 'ping -c 1 -W 1 -I eth1 50.0.0.9', expect: { exit: 0 }, title: 'from the router' },
  ],
};

/** Opens a device's inspector from the keyboard (what a device draws inside itself covers most of its card). */
async function select(page: Page, label: string) {
  await page.getByRole('region', { name: 'Canvas' }).getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Enter');
}

/** axe-core's WCAG 2 A/AA rules over one part of the page (as e2e/a11y.spec.ts runs them). */
async function violations(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include(include).analyze();
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function openLab(page: Page) {
  await page.goto('/?scenario=vps-slash32');
  await dropScenario(page, LAB);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByLabel('r1 (router)')).toBeVisible();
  await untilStill(canvas.getByLabel('r1 (router)'));
  return canvas;
}

test('rename a router by double-clicking its name: the link, the flow picker and its inspector follow; undo restores', async ({ page }) => {
  const canvas = await openLab(page);
  await select(page, 'r1 (router)');
  await canvas.getByText('r1', { exact: true }).dblclick();
  const field = canvas.getByRole('textbox', { name: 'New name for r1' });
  await expect(field).toBeFocused();

  // A name the format refuses is refused in place, with the reason; the old name is kept.
  await field.fill('edge-1');
  await field.press('Enter');
  await expect(canvas.getByRole('alert')).toContainText('"edge-1" is not a device id: use a lowercase letter, then lowercase letters, digits or _; the name stays r1.');
  await field.fill('isp');
  await field.press('Enter');
  await expect(canvas.getByRole('alert')).toContainText('there is already a device "isp": device ids are unique');
  await expect(canvas.getByLabel('r1 (router)')).toBeVisible();
  expect(await violations(page, '.name-field'), 'the refused name').toEqual([]);

  await field.fill('edge');
  await field.press('Enter');
  const preview = page.getByRole('dialog', { name: 'Rename r1 to edge' });
  await expect(preview.getByRole('region', { name: 'Links' })).toContainText('pc:eth0 — r1:eth0');
  await expect(preview.getByRole('region', { name: 'Links' })).toContainText('pc:eth0 — edge:eth0');
  await expect(preview.getByRole('region', { name: 'Flows' })).toContainText('on edge: ping -c 1 -W 1 -I eth1 50.0.0.9');
  await page.screenshot({ path: 'test-results/rename-device-preview.png' });
  await preview.getByRole('button', { name: 'Apply' }).click();

  await expect(canvas.getByLabel('edge (router)')).toBeVisible();
  await expect(canvas.getByLabel('r1 (router)')).toHaveCount(0);
  await expect(canvas.getByLabel('Link pc:eth0 to edge:eth0')).toBeAttached();
  await expect(page.getByRole('combobox', { name: 'Flow' }).getByRole('option', { name: /^edge\$ ping -c 1 -W 1 -I eth1/ })).toBeAttached();
  // The inspector followed the selection to the new name, its config with it.
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('button', { name: 'Rename edge' })).toBeVisible();
  await expect(inspector.getByRole('textbox', { name: 'Config' })).toContainText('iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE');
  // The renamed document runs: the router's flow.
  await page.getByRole('combobox', { name: 'Flow' }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByText('1 packets transmitted, 1 received, 0% packet loss')).toBeVisible();
  await page.screenshot({ path: 'test-results/rename-device-done.png' });

  // One undo step brings back every reference.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(canvas.getByLabel('r1 (router)')).toBeVisible();
  await expect(canvas.getByLabel('Link pc:eth0 to r1:eth0')).toBeAttached();
  await expect(page.getByRole('combobox', { name: 'Flow' }).getByRole('option', { name: /^r1\$ ping/ })).toBeAttached();
  await expect(inspector.getByRole('button', { name: 'Rename r1' })).toBeVisible();
});

test('rename a port in the inspector: the preview lists each changed config line, the link end and the flow; a VLAN on it is left', async ({ page }) => {
  const canvas = await openLab(page);
  await select(page, 'r1 (router)');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByRole('button', { name: 'Rename port eth1' }).click();
  const field = inspector.getByRole('textbox', { name: 'New name for port r1:eth1' });
  await field.fill('eth0');
  await field.press('Enter');
  await expect(inspector.getByRole('alert')).toContainText('r1 already has a port "eth0"; the name stays eth1.');
  await field.fill('wan');
  await field.press('Enter');

  const preview = page.getByRole('dialog', { name: 'Rename eth1 to wan' });
  const config = preview.getByRole('region', { name: 'Config of r1' });
  await expect(config.getByRole('listitem')).toHaveCount(3);
  await expect(config.getByLabel('now: ip addr add 50.0.0.1/24 dev wan')).toBeVisible();
  await expect(config.getByLabel('was: iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE')).toBeVisible();
  await expect(config.getByLabel('now: iptables -t nat -A POSTROUTING -o wan -j MASQUERADE')).toBeVisible();
  await expect(config.getByLabel('now: ip link add link wan name eth1.100 type vlan id 100')).toBeVisible();
  await expect(preview.getByRole('region', { name: 'Links' })).toContainText('r1:wan — isp:eth0');
  await expect(preview.getByRole('region', { name: 'Flows' })).toContainText('ping -c 1 -W 1 -I wan 50.0.0.9');
  await expect(preview.getByRole('region', { name: 'Left as they are' })).toContainText('eth1.100 holds eth1 inside another name (a VLAN, a wildcard, a path, a variable): left as it is');
  await page.screenshot({ path: 'test-results/rename-port-preview.png' });
  expect(await violations(page, 'dialog[open]'), 'the preview').toEqual([]);

  // Cancel changes nothing; Escape in the field too.
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(canvas.getByLabel('r1:eth1', { exact: true })).toBeAttached();
  await inspector.getByRole('button', { name: 'Rename port eth1' }).click();
  await field.fill('wan');
  await field.press('Enter');
  await page.getByRole('dialog', { name: 'Rename eth1 to wan' }).getByRole('button', { name: 'Apply' }).click();

  await expect(canvas.getByLabel('r1:wan', { exact: true })).toBeAttached();
  await expect(canvas.getByLabel('r1:eth1', { exact: true })).toHaveCount(0);
  await expect(inspector.getByRole('textbox', { name: 'Config' })).toContainText('iptables -t nat -A POSTROUTING -o wan -j MASQUERADE');
  await expect(inspector.getByRole('table', { name: 'Ports of r1' })).toContainText('isp:eth0');
  await expect(page.getByRole('combobox', { name: 'Flow' }).getByRole('option', { name: /-I wan 50\.0\.0\.9/ })).toBeAttached();
  await page.screenshot({ path: 'test-results/rename-port-done.png' });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(canvas.getByLabel('r1:eth1', { exact: true })).toBeAttached();
  await expect(inspector.getByRole('textbox', { name: 'Config' })).toContainText('-o eth1 -j MASQUERADE');
});

test('delete from the canvas menu (right-click) and from the inspector button; each undoable', async ({ page }) => {
  const canvas = await openLab(page);

  // A link: right-click it, Delete link.
  await canvas.getByLabel('Link r1:eth1 to isp:eth0').click({ button: 'right', force: true });
  const linkMenu = page.getByRole('menu', { name: 'Link r1:eth1 to isp:eth0' });
  await expect(linkMenu.getByRole('menuitem', { name: 'Delete link' })).toBeFocused();
  await linkMenu.getByRole('menuitem', { name: 'Delete link' }).click();
  await expect(canvas.getByLabel('Link r1:eth1 to isp:eth0')).toHaveCount(0);

  // A device: right-click, the keyboard moves in the menu, Escape closes it.
  await canvas.getByLabel('isp (cloud)').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Device isp' });
  await expect(menu.getByRole('menuitem', { name: 'Rename…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Send a packet here…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Rename…' })).toBeFocused();
  await page.screenshot({ path: 'test-results/rename-context-menu.png' });
  expect(await violations(page, '.canvas-menu'), 'the canvas menu').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(canvas.getByLabel('isp (cloud)')).toBeVisible();

  // From the keyboard: Shift+F10 on a focused device opens the same menu.
  await canvas.getByLabel('isp (cloud)').focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu.getByRole('menuitem', { name: 'Rename…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(canvas.getByLabel('isp (cloud)')).toBeFocused();

  // Rename… from the menu edits the name on the card.
  await canvas.getByLabel('isp (cloud)').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Rename…' }).click();
  await canvas.getByRole('textbox', { name: 'New name for isp' }).fill('upstream');
  await page.keyboard.press('Enter');
  await expect(canvas.getByLabel('upstream (cloud)')).toBeVisible();

  await canvas.getByLabel('upstream (cloud)').click({ button: 'right' });
  await page.getByRole('menu', { name: 'Device upstream' }).getByRole('menuitem', { name: 'Delete' }).click();
  await expect(canvas.getByLabel('upstream (cloud)')).toHaveCount(0);

  // The inspector's Delete button: the device goes with its link and its flows; the inspector closes.
  await select(page, 'r1 (router)');
  await page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Delete r1' }).click();
  await expect(canvas.getByLabel('r1 (router)')).toHaveCount(0);
  await expect(canvas.getByLabel('Link pc:eth0 to r1:eth0')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Flow' }).getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Delete r1' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(canvas.getByLabel('r1 (router)')).toBeVisible();
  await expect(canvas.getByLabel('Link pc:eth0 to r1:eth0')).toBeAttached();
  await expect(page.getByRole('combobox', { name: 'Flow' }).getByRole('option')).toHaveCount(2);
});

test('a link is deleted from the ports table too', async ({ page }) => {
  const canvas = await openLab(page);
  await select(page, 'pc (host)');
  await page.getByRole('table', { name: 'Ports of pc' }).getByRole('button', { name: 'Unlink eth0' }).click();
  await expect(canvas.getByLabel('Link pc:eth0 to r1:eth0')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Ports of pc' })).toContainText('no link (no carrier)');
});

test('rename a port by double-clicking its label on the canvas', async ({ page }) => {
  const canvas = await openLab(page);
  // Links only: the VLAN drawn inside r1 comes when the box's insides have loaded.
  const links = page.locator('.react-flow__edge[aria-label^="Link "]');
  const edges = await links.count();
  await canvas.getByLabel('isp:eth0', { exact: true }).getByText('eth0', { exact: true }).dblclick();
  const field = canvas.getByRole('textbox', { name: 'New name for port isp:eth0' });
  await expect(field).toBeFocused();
  await field.fill('uplink');
  await field.press('Enter');
  const preview = page.getByRole('dialog', { name: 'Rename eth0 to uplink' });
  await expect(preview.getByRole('region', { name: 'Config of isp' }).getByLabel('now: ip addr add 50.0.0.9/24 dev uplink')).toBeVisible();
  await expect(preview.getByRole('region', { name: 'Links' })).toContainText('r1:eth1 — isp:uplink');
  await preview.getByRole('button', { name: 'Apply' }).click();
  await expect(canvas.getByLabel('isp:uplink', { exact: true })).toBeAttached();
  await expect(canvas.getByLabel('Link r1:eth1 to isp:uplink')).toBeAttached();
  // No link was started by the clicks on the port.
  await expect(links).toHaveCount(edges);
  await page.screenshot({ path: 'test-results/rename-port-canvas.png' });

  // F2 on a focused device edits its name; Escape keeps the old one.
  await canvas.getByLabel('pc (host)').focus();
  await page.keyboard.press('F2');
  await expect(canvas.getByRole('textbox', { name: 'New name for pc' })).toBeFocused();
  await page.keyboard.type('laptop');
  await page.keyboard.press('Escape');
  await expect(canvas.getByRole('textbox', { name: 'New name for pc' })).toHaveCount(0);
  await expect(canvas.getByLabel('pc (host)')).toBeFocused();
});
