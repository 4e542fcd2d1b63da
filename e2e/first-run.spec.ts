import { expect, test, type Page } from '@playwright/test';
import { dropScenario } from './support';

/*
 * Issue 19: a new worker's first Run was several times its next ones. The worker warms its
 * engine as soon as it has loaded (a small lesson run in slices), and opening a document
 * boots it once for what the canvas asks (what devices hold inside): the user's first Run
 * takes that network rather than booting a second one. Counted in the worker, never timed.
 */

const doc = {
  hairpin: 2,
  title: 'A router between two hosts',
  devices: {
    client: { kind: 'host', at: [0, 0], ports: { eth0: null }, config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
    router: { kind: 'router', at: [250, 0], ports: { eth0: null, eth1: null }, config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1'] },
    server: { kind: 'host', at: [500, 0], ports: { eth0: null }, config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1'] },
  },
  links: [
    ['client:eth0', 'router:eth0'],
    ['router:eth1', 'server:eth0'],
  ],
  flows: [{ on: 'client', run: 'ping -c 1 -W 1 10.0.2.2', expect: { exit: 0 }, title: 'a ping through the router' }],
};

interface Counts {
  requests: Record<string, number | undefined>;
  built: number;
  ahead: number;
  warmUp: { state: string; networks: number };
}

/** What the page's engine client counted (a VITE_E2E build exposes it), and the worker's own counts. */
function counts(page: Page): Promise<Counts> {
  return page.evaluate(async () => {
    const engine = (window as unknown as { hairpinEngine: { requests: Record<string, number>; networksBuilt: () => Promise<number>; bootsAhead: () => Promise<number>; warmUp: () => Promise<{ state: string; networks: number }> } }).hairpinEngine;
    return { requests: { ...engine.requests }, built: await engine.networksBuilt(), ahead: await engine.bootsAhead(), warmUp: await engine.warmUp() };
  });
}

test('the worker warms up on loading; a document just opened is booted once, and its first Run takes that boot', async ({ page }) => {
  await page.goto('/');
  // The warm-up ran the home LAN lesson's three flows, each on a network of its own.
  await expect.poll(async () => (await counts(page)).warmUp, { timeout: 20_000 }).toEqual({ state: 'done', networks: 3 });
  // The document open at startup is read (its insides asked, then what is modelled) before this one opens.
  await expect.poll(async () => (await counts(page)).requests.deviceModelled ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  const before = await counts(page);

  await dropScenario(page, doc, 'first-run.json');
  // Opened: the canvas asked what the devices hold inside, and, that answered, what is modelled.
  await expect.poll(async () => (await counts(page)).requests.deviceModelled ?? 0).toBeGreaterThan(before.requests.deviceModelled ?? 0);
  const opened = await counts(page);
  // One boot served both.
  expect(opened.built - before.built, JSON.stringify({ before, opened })).toBe(1);

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).toBeEnabled();
  const after = await counts(page);
  expect(after.requests.runScenario).toBe((opened.requests.runScenario ?? 0) + 1);
  // The Run built no network: any built since is the document booted again ahead of the next Run, in idle time.
  expect(after.built - opened.built, JSON.stringify({ opened, after })).toBe(after.ahead - opened.ahead);
  expect(after.warmUp).toEqual(before.warmUp);
});
