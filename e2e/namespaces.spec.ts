import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { choose, dropScenario, untilStill } from './support';

/*
 * Namespaces inside a device, as a learner meets them: a box holding two containers (network
 * namespaces ns1 and ns2, each with one end of a veth pair whose other end is a port of the
 * bridge br0, which holds their gateway address) behind a masquerading uplink to a web server.
 * The box draws them inside itself; a namespace opens its own inspector (its `ip addr`, as
 * `ip netns exec ns1 ip addr` prints it); a ping between the containers shows its frames
 * crossing the veth pairs inside the box; the trace filters by namespace.
 */

const containers = JSON.parse(readFileSync('e2e/fixtures/containers.json', 'utf8'));

/** Whether two things on screen do not cover each other. */
async function apart(a: Locator, b: Locator): Promise<boolean> {
  const [p, q] = [(await a.boundingBox())!, (await b.boundingBox())!];
  return p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y;
}

async function open(page: Page) {
  await page.goto('/');
  await dropScenario(page, containers, 'containers.json');
  const ns1 = page.getByRole('group', { name: 'Namespace ns1 in box' });
  await expect(ns1).toBeVisible();
  await untilStill(page.getByRole('group', { name: 'box (router)' }));
  return ns1;
}

test('a device draws its namespaces, their interfaces, the bridge and the veth pairs inside itself', async ({ page }) => {
  const ns1 = await open(page);
  const ns2 = page.getByRole('group', { name: 'Namespace ns2 in box' });
  await expect(ns1).toContainText('ceth1');
  await expect(ns1).toContainText('10.0.0.2/24');
  await expect(ns2).toContainText('ceth2');
  const box = page.getByRole('group', { name: 'box (router)' });
  // The bridge holds the gateway address; its ports hang from it.
  const canvas = page.getByRole('group', { name: 'Network diagram' }).or(page.locator('.react-flow')).first();
  await expect(canvas.getByTitle(/^box:br0 · bridge · up · 10\.0\.0\.1\/24/)).toBeVisible();
  await expect(canvas.getByTitle(/^box:veth1 · veth · up · port of br0 · peer box\/ns1:ceth1/)).toBeVisible();
  // Each veth pair is a link inside the device.
  await expect(page.getByRole('img', { name: 'veth pair box/ns1:ceth1 to box:veth1' })).toBeAttached();
  await expect(page.getByRole('img', { name: 'veth pair box/ns2:ceth2 to box:veth2' })).toBeAttached();
  // Inside the box, not beside it: the namespaces lie within the box's card.
  const outer = (await box.locator('.device-card').boundingBox())!;
  for (const ns of [ns1, ns2]) {
    const b = (await ns.boundingBox())!;
    expect(b.x).toBeGreaterThan(outer.x);
    expect(b.y).toBeGreaterThan(outer.y);
    expect(b.x + b.width).toBeLessThan(outer.x + outer.width);
    expect(b.y + b.height).toBeLessThan(outer.y + outer.height);
  }
  await page.screenshot({ path: 'test-results/namespaces-canvas.png' });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.screenshot({ path: 'test-results/namespaces-canvas-dark.png' });

  // Another scenario holds no namespaces: nothing of these stays drawn.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('home-lan');
  await expect(page.getByRole('group', { name: /^Namespace / })).toHaveCount(0);
  await expect(page.locator('.device.has-inside')).toHaveCount(0);
});

test('selecting a namespace opens its own inspector: its ip addr and routes, run in that namespace', async ({ page }) => {
  const ns1 = await open(page);
  await ns1.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('ns1');
  await inspector.getByRole('tab', { name: 'ip addr' }).click();
  const addr = inspector.getByRole('region', { name: 'ip addr' });
  await expect(addr).toContainText('box# ip netns exec ns1 ip addr');
  await expect(addr).toContainText('inet 10.0.0.2/24 scope global ceth1');
  await expect(addr).not.toContainText('192.168.1.1');
  await inspector.getByRole('tab', { name: 'ip route' }).click();
  await expect(inspector.getByRole('region', { name: 'ip route' })).toContainText('default via 10.0.0.1 dev ceth1');
  await page.screenshot({ path: 'test-results/namespaces-inspector.png' });
  // Back to the device: its own namespace's addresses.
  await inspector.getByRole('button', { name: 'box', exact: true }).click();
  await inspector.getByRole('tab', { name: 'ip addr' }).click();
  await expect(inspector.getByRole('region', { name: 'ip addr' })).toContainText('inet 10.0.0.1/24');

  // By keyboard: Enter on a focused namespace opens it, as on a device.
  await page.getByRole('group', { name: 'Namespace ns2 in box' }).focus();
  await page.keyboard.press('Enter');
  await expect(inspector.getByRole('heading', { level: 2 })).toContainText('ns2');
  await inspector.getByRole('tab', { name: 'ip addr' }).click();
  await expect(inspector.getByRole('region', { name: 'ip addr' })).toContainText('inet 10.0.0.3/24 scope global ceth2');
});

test('a ping between two namespaces shows its frames crossing the veth pairs inside the device; the trace filters by namespace', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Run' }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const rows = trace.getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summary' }).or(page.locator('.summary-pane')).first()).toContainText('1 received');

  // The echo request leaves ns1 on ceth1: on the veth pair inside the box, an ICMP frame.
  const sent = rows.filter({ hasText: 'box/ns1:ceth1' }).filter({ hasText: 'sent on ceth1' }).filter({ hasText: 'ICMP' }).first();
  await sent.click();
  const veth = page.getByRole('img', { name: 'veth pair box/ns1:ceth1 to box:veth1' });
  await expect(veth.locator('path.link--icmp')).toBeAttached();
  await expect(page.locator('.frame-dot--icmp.is-flying')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/namespaces-frame.png' });
  // The bridge forwards it to veth2, and on to ns2 over the other pair.
  const onward = rows.filter({ hasText: 'box:veth2' }).filter({ hasText: 'sent on veth2' }).filter({ hasText: 'ICMP' }).first();
  await onward.click();
  await expect(page.getByRole('img', { name: 'veth pair box/ns2:ceth2 to box:veth2' }).locator('path.link--icmp')).toBeAttached();
  // The port it leaves by is marked as the current step's place.
  await expect(page.locator('.react-flow').getByTitle(/^box:veth2 · veth/)).toHaveClass(/is-current/);

  // The place of an event in a namespace shows whole.
  const place = sent.locator('.trace-place');
  expect(await place.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // Only ns2's events: every row is in box/ns2.
  await choose(trace, 'Device filter', 'box/ns2');
  await expect(rows.first()).toBeVisible();
  const places = await trace.locator('.trace-place').allTextContents();
  expect(places.length).toBeGreaterThan(3);
  for (const p of places) expect(p).toMatch(/^box\/ns2(:|$)/);
  // The box with every namespace in it.
  await choose(trace, 'Device filter', 'box, every namespace');
  const all = await trace.locator('.trace-place').allTextContents();
  expect(all.some((p) => p.startsWith('box/ns1'))).toBe(true);
  expect(all.some((p) => p.startsWith('box:'))).toBe(true);
  await page.screenshot({ path: 'test-results/namespaces-filter.png' });

  // From the namespace's inspector: its events only, and back.
  await page.getByRole('group', { name: 'Namespace ns1 in box' }).click();
  await page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Only box/ns1 in the trace' }).click();
  await expect(trace.getByRole('combobox', { name: 'Device filter' })).toHaveValue('box/ns1');
  for (const p of await trace.locator('.trace-place').allTextContents()) expect(p).toMatch(/^box\/ns1(:|$)/);
  await page.getByRole('region', { name: 'Inspector' }).getByRole('button', { name: 'Show the whole trace' }).click();
  await expect(trace.getByRole('combobox', { name: 'Device filter' })).toHaveValue('');
});

test('a device with five namespaces and a bridge of six ports lays out whole; a dummy interface is marked modelled, not recorded', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await dropScenario(page, JSON.parse(readFileSync('e2e/fixtures/many-containers.json', 'utf8')), 'many.json');
  const spaces = [1, 2, 3, 4, 5].map((i) => page.getByRole('group', { name: `Namespace c${i} in box` }));
  for (const ns of spaces) await expect(ns).toContainText('eth0');
  await untilStill(page.getByRole('group', { name: 'box (host)' }));
  // No two namespaces overlap, and every one is in view.
  const boxes = await Promise.all(spaces.map(async (ns) => (await ns.boundingBox())!));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
    }
  for (const ns of spaces) await expect(ns).toBeInViewport();
  // The grown box covers neither of its neighbours (the drawing is spread to make room).
  const box = page.getByRole('group', { name: 'box (host)' });
  expect(await apart(box, page.getByRole('group', { name: 'lan (host)' }))).toBe(true);
  expect(await apart(box, page.getByRole('group', { name: 'web (host)' }))).toBe(true);
  // Nor do the port labels facing each other across their link.
  expect(await apart(page.getByLabel('box:eth0', { exact: true }), page.getByLabel('web:eth0', { exact: true }))).toBe(true);
  // The bridge's six ports: five veth ends and the box's own eth1.
  const canvas = page.locator('.react-flow');
  for (const p of ['veth1', 'veth2', 'veth3', 'veth4', 'veth5', 'eth1']) await expect(canvas.getByTitle(new RegExp(`^box:${p} · .* · port of br0`))).toBeVisible();
  // The dummy in c5: the model follows the kernel's source, the test kernel has none.
  await expect(spaces[4]!).toContainText('dummy0');
  await expect(page.getByRole('note').filter({ hasText: 'Modelled, not recorded' })).toBeVisible();
  await page.screenshot({ path: 'test-results/namespaces-large.png' });
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violation with a namespace selected after a run (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    const ns1 = await open(page);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await ns1.click();
    await expect(page.getByRole('region', { name: 'Inspector' }).getByRole('tab', { name: 'ip addr' })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}

test('a drop inside a namespace is marked on the namespace, not on its device', async ({ page }) => {
  const ns2 = page.getByRole('group', { name: 'Namespace ns2 in box' });
  await open(page);
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('2');
  await page.getByRole('button', { name: 'Run' }).click();
  const rows = page.getByRole('region', { name: 'Trace' }).getByRole('listitem');
  await rows.filter({ hasText: 'box/ns2' }).filter({ hasText: 'ARP for 10.0.0.99 failed' }).first().click();
  const mark = page.getByRole('img', { name: /^box\/ns2 dropped the packet: ARP for 10\.0\.0\.99 failed/ });
  await expect(mark).toBeVisible();
  await untilStill(mark);
  // On the namespace's top right corner.
  const [m, n] = [(await mark.boundingBox())!, (await ns2.boundingBox())!];
  expect(Math.abs(m.x + m.width * 0.6 - (n.x + n.width))).toBeLessThan(4);
  expect(Math.abs(m.y + m.height * 0.4 - n.y)).toBeLessThan(4);
});
