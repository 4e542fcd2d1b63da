import { expect, test, type Page } from '@playwright/test';
import { choose, dropScenario } from './support';

/*
 * Runs that go wrong end with a named reason the user can see, and a dead engine is reported
 * and replaced. Scenarios come in as a user brings them: a file dropped on the page.
 */

type Devices = Record<string, { kind: string; ports: Record<string, null>; config: string[] }>;

const host = (config: string[], ports = ['eth0']) => ({ kind: 'host', ports: Object.fromEntries(ports.map((p) => [p, null])), config });
const router = (config: string[], ports: string[]) => ({ ...host(['sysctl -w net.ipv4.ip_forward=1', ...config], ports), kind: 'router' });
const sw = (ports: string[]) => ({ ...host([], ports), kind: 'switch' });

/** Drops a scenario file on the page, as a user dragging it from their files would. */
const dropLab = (page: Page, title: string, devices: Devices, links: [string, string][], flows: { on: string; run: string }[]) => dropScenario(page, { hairpin: 1, title, devices, links, flows });

const warning = (page: Page) => page.getByRole('alert', { name: 'Run warning' });
const summary = (page: Page) => page.getByRole('region', { name: 'Summary' });

test('a bridge loop: the run stops at once and the summary names the broadcast storm', async ({ page }) => {
  await page.goto('/');
  await dropLab(
    page,
    'Two switches joined twice',
    { a: host(['ip addr add 10.0.0.1/24 dev eth0']), s1: sw(['p1', 'p2', 'p3']), s2: sw(['p1', 'p2']) },
    [
      ['a:eth0', 's1:p1'],
      ['s1:p2', 's2:p1'],
      ['s1:p3', 's2:p2'],
    ],
    [{ on: 'a', run: 'ping -c 1 -W 1 10.0.0.2' }],
  );
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(warning(page)).toContainText('Bridge loop: broadcast storm');
  await expect(warning(page)).toContainText('An ARP broadcast went round switches joined in a ring');
  await expect(summary(page)).toContainText('hairpin: stopped: a bridge loop');
  await page.screenshot({ path: 'test-results/robust-bridge-loop.png' });
  // The warning's link goes to the step where the storm was stopped.
  await warning(page).getByRole('button', { name: /Show step/ }).click();
  await expect(page.getByRole('slider', { name: 'Step' })).not.toHaveValue('0');
});

test('a DNAT loop and a routing loop end by TTL and the summary shows the loop', async ({ page }) => {
  await page.goto('/');
  const r1 = ['ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'ip route add 10.8.0.0/16 via 10.0.2.2', 'ip route add 10.7.0.0/16 via 10.0.2.2', 'iptables -t nat -A PREROUTING -d 10.9.0.1 -j DNAT --to-destination 10.8.0.1'];
  const r2 = ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', 'iptables -t nat -A PREROUTING -d 10.8.0.1 -j DNAT --to-destination 10.9.0.1'];
  await dropLab(
    page,
    'Two routers point at each other',
    { h: host(['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1']), r1: router(r1, ['eth0', 'eth1']), r2: router(r2, ['eth0']) },
    [
      ['h:eth0', 'r1:eth0'],
      ['r1:eth1', 'r2:eth0'],
    ],
    [
      { on: 'h', run: 'ping -c 1 -W 1 10.9.0.1' },
      { on: 'h', run: 'ping -c 1 -W 1 10.7.0.1' },
    ],
  );
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(warning(page)).toContainText('DNAT loop');
  await expect(warning(page)).toContainText('DNAT on r1 and r2 sends the packet back and forth');
  await expect(warning(page)).toContainText('until its TTL ran out');
  await expect(summary(page)).toContainText('Time to live exceeded');

  await page.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(warning(page)).toContainText('Routing loop');
  await expect(warning(page)).toContainText(/The packet went round between r1 and r2 \d+ times until its TTL ran out/);
});

test('a DNAT loop under a fast ping stops at a budget, with warnings naming the budget and the loop; the page stays usable', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  const r1 = ['ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'ip route add 10.8.0.0/16 via 10.0.2.2', 'iptables -t nat -A PREROUTING -d 10.9.0.1 -j DNAT --to-destination 10.8.0.1'];
  const r2 = ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', 'iptables -t nat -A PREROUTING -d 10.8.0.1 -j DNAT --to-destination 10.9.0.1'];
  await dropLab(
    page,
    'A DNAT loop under a fast ping',
    { h: host(['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1']), r1: router(r1, ['eth0', 'eth1']), r2: router(r2, ['eth0']) },
    [
      ['h:eth0', 'r1:eth0'],
      ['r1:eth1', 'r2:eth0'],
    ],
    [{ on: 'h', run: 'ping -i 0.001 -c 100000 -W 1 10.9.0.1' }],
  );
  const started = Date.now();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('banner').getByRole('status')).toContainText('events');
  // The worker is busy, the page is not.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // A million events come first on a quick machine, 20 s of real time on a slow one.
  await expect(warning(page)).toContainText(/Stopped: (event budget used up|took too long)/, { timeout: 40_000 });
  const seconds = (Date.now() - started) / 1000;
  test.info().annotations.push({ type: 'stopped after', description: `${seconds.toFixed(1)} s: ${await warning(page).locator('strong').first().textContent()}` });
  await expect(warning(page)).toContainText('DNAT loop. DNAT on r1 and r2 sends the packet back and forth');
  await expect(warning(page)).toContainText('Trace cut short');
  await expect(summary(page)).toContainText(/hairpin: stopped: the (event budget ran out|run took too long in real time)/);
  // The heartbeats kept the watchdog quiet: this was a finished run, not a dead engine.
  await expect(summary(page)).not.toContainText('The run failed');
});

test('a command that never ends stops at the time limit, with a warning', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command' }).fill('sleep 1000');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(warning(page)).toContainText('Stopped: time limit');
  await expect(warning(page)).toContainText('120 s of virtual time');
});

/** The engine worker's script, replaced by one that dies as `death` says when a call arrives. */
async function breakEngine(page: Page, death: 'silent' | 'throws') {
  const body =
    death === 'silent'
      ? "postMessage('hairpin-heartbeat'); addEventListener('message', () => { postMessage = () => undefined; close(); });"
      : "addEventListener('message', () => { throw new Error('out of memory'); });";
  await page.route('**/assets/engine.worker-*.js', (route) => route.fulfill({ contentType: 'text/javascript', body }));
}

test('a worker that dies mid-run is reported, and the next run gets a fresh one', async ({ page }) => {
  await page.goto('/?scenario=home-lan');
  await choose(page, 'Run on device', 'pc1');
  await page.getByRole('textbox', { name: 'Command' }).fill('ping -i 0.001 192.168.1.3');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByRole('banner').getByRole('status')).toContainText('events');
  // From here on a new engine worker dies as soon as it is asked anything. Cancel the run;
  // the next one starts a new (broken) worker.
  await breakEngine(page, 'silent');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByRole('banner').getByRole('status')).toContainText('Running');
  const failed = summary(page).getByRole('alert');
  await expect(failed).toContainText('The run failed', { timeout: 20_000 });
  await expect(failed).toContainText('The engine stopped answering (nothing for 10 s)');
  await expect(failed).toContainText('the next run starts a fresh engine');
  await expect(page.getByRole('button', { name: 'Run' })).toBeVisible();
  await page.screenshot({ path: 'test-results/robust-worker-died.png' });

  // A worker that throws is reported at once.
  await page.unroute('**/assets/engine.worker-*.js');
  await breakEngine(page, 'throws');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(failed).toContainText('The engine crashed');
  await expect(failed).toContainText('out of memory');

  // With the real engine back, the next run works.
  await page.unroute('**/assets/engine.worker-*.js');
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').first()).toBeVisible();
  await expect(summary(page)).toContainText('Exit status');
  await expect(summary(page).getByRole('alert')).toHaveCount(0);
});
