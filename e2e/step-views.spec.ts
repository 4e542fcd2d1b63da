import { expect, test, type Page } from '@playwright/test';
import { dropScenario, untilStill } from './support';

/*
 * Issue 19: stepping through a run with a device selected shows each step's views from the
 * recorded run. The worker gets no run request and boots no network while the user steps;
 * the counters still move at the step where the packet passes the rule.
 */

const doc = {
  hairpin: 1,
  title: 'A router that counts what it forwards',
  devices: {
    client: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
    router: {
      kind: 'router',
      ports: { eth0: null, eth1: null },
      config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'iptables -A FORWARD -p icmp -j ACCEPT'],
    },
    server: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1'] },
  },
  links: [
    ['client:eth0', 'router:eth0'],
    ['router:eth1', 'server:eth0'],
  ],
  flows: [{ on: 'client', run: 'ping -c 1 -W 1 10.0.2.2', expect: { exit: 0 }, title: 'a counted ping' }],
};

interface EngineCounts {
  requests: Record<string, number | undefined>;
  built: number;
  ahead: number;
  viewBuilds: number;
}

/** What the page's engine client counted (a VITE_E2E build exposes it): calls by name, and networks the worker booted. */
function engineCounts(page: Page): Promise<EngineCounts> {
  return page.evaluate(async () => {
    const engine = (window as unknown as { hairpinEngine: { requests: Record<string, number>; networksBuilt: () => Promise<number>; bootsAhead: () => Promise<number>; viewBuilds: () => Promise<number> } }).hairpinEngine;
    return { requests: { ...engine.requests }, built: await engine.networksBuilt(), ahead: await engine.bootsAhead(), viewBuilds: await engine.viewBuilds() };
  });
}

test('stepping with a device selected: every step shows its views; the worker runs nothing and boots nothing for them', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, doc, 'counted.json');
  await page.getByRole('button', { name: 'Run' }).click();
  const slider = page.getByRole('slider', { name: 'Step' });
  await expect(slider).toBeEnabled();
  const router = page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)');
  await untilStill(router);
  await router.click();
  await page.getByRole('tab', { name: 'iptables filter' }).click();
  const when = page.getByTestId('views-step');
  await expect(when).toHaveText(/^at step \d+ of \d+$/);
  const total = Number((await when.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(5);

  const before = await engineCounts(page);
  const view = page.getByRole('region', { name: 'iptables filter' });
  for (let step = 0; step < total; step++) {
    await slider.fill(String(step));
    await expect(when).toHaveText(`at step ${step + 1} of ${total}`);
    // The FORWARD rule's counter: nothing at the first step, the request and the reply at the last.
    if (step === 0) await expect(view).toContainText(/^\s+0\s+0 ACCEPT\s/m);
    if (step === total - 1) await expect(view).toContainText(/^\s+2\s+168 ACCEPT\s/m);
  }
  const after = await engineCounts(page);
  expect(after.requests.deviceViews ?? 0).toBeGreaterThan(before.requests.deviceViews ?? 0);
  // No run and no replay: not one run request, not one network booted in the worker.
  expect(after.requests.runScenario).toBe(before.requests.runScenario);
  expect(after.requests.runInjection ?? 0).toBe(before.requests.runInjection ?? 0);
  // Every network the worker built meanwhile is a boot the page asked for otherwise (the config
  // editor's lint of the device just opened: configIssues, deviceInsides and deviceModelled share
  // at most one boot each) or the document booted again ahead of the next Run; the view requests
  // built none.
  const boots = (c: EngineCounts) => (c.requests.configIssues ?? 0) + (c.requests.deviceInsides ?? 0) + (c.requests.deviceModelled ?? 0) + c.ahead;
  expect(after.built - before.built, JSON.stringify({ before, after })).toBeLessThanOrEqual(boots(after) - boots(before));
  // Counted where they are answered: the view requests built not one network.
  expect(after.viewBuilds - before.viewBuilds).toBe(0);
});

test("the views' tabs stay where they are while the config's check and the step's views come in, so a click on one lands on it", async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, doc, 'counted.json');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).toBeEnabled();
  const router = page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)');
  await untilStill(router);
  // Where the tabs are after every change to the page, from two frames after they are drawn (the
  // editor measures its lines in the first) until the answers are in.
  await page.evaluate(() => {
    const seen = { tops: [] as number[], armed: false, observer: undefined as MutationObserver | undefined };
    (window as unknown as { tabsSeen: typeof seen }).tabsSeen = seen;
    seen.observer = new MutationObserver(() => {
      const tabs = document.querySelector('[role="tablist"][aria-label="Views"]');
      if (!tabs) return;
      if (seen.armed) seen.tops.push(Math.round(tabs.getBoundingClientRect().top));
      else requestAnimationFrame(() => requestAnimationFrame(() => {
        seen.armed = true;
        seen.tops.push(Math.round(tabs.getBoundingClientRect().top));
      }));
    });
    seen.observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await router.click();
  await expect(page.getByRole('status').filter({ hasText: 'Every line is understood' })).toBeVisible();
  await expect(page.getByTestId('views-step')).toHaveText(/^at step 1 of \d+$/);
  await expect(page.getByRole('region', { name: 'ip route' })).toContainText('10.0.2.0/24 dev eth1');
  await expect(page.getByText('updating…')).toHaveCount(0);
  const tops = await page.evaluate(() => {
    const seen = (window as unknown as { tabsSeen: { tops: number[]; observer: MutationObserver } }).tabsSeen;
    seen.observer.disconnect();
    return seen.tops;
  });
  expect(tops.length).toBeGreaterThan(1);
  expect(new Set(tops)).toEqual(new Set([tops[0]]));
  await page.getByRole('tab', { name: 'iptables filter' }).click();
  await expect(page.getByRole('region', { name: 'iptables filter' })).toBeVisible();
});
