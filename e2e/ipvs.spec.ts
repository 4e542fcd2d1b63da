import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dropScenario, typeConfig, untilStill } from './support';

/*
 * IPVS as a learner sees it, modelled from the kernel's source (the test kernel has no ip_vs
 * module, so nothing here is recorded): a director's virtual service 10.0.1.100:80 (wrr) with
 * two real servers in NAT mode. A connection to it is scheduled to the heavier web2; the step
 * shows "IPVS wrr → 10.0.3.2:80", the run, the step and the director say "modelled, not
 * recorded", and the director's ipvsadm views show the service and the connection entry at that
 * step. A ping to the director goes through no IPVS and says nothing of it.
 * Screenshots: test-results/ipvs-step.png, ipvs-services.png, ipvs-connections.png.
 */

const doc = JSON.parse(readFileSync('e2e/fixtures/ipvs-director.json', 'utf8'));

async function open(page: Page) {
  await page.goto('/');
  await dropScenario(page, doc, 'ipvs-director.json');
}

test('a connection to a virtual service: the IPVS step, the modelled marks, and ipvsadm -L -n / -c on the director at that step', async ({ page }) => {
  await open(page);
  const canvas = page.getByRole('region', { name: 'Canvas' });
  // The director's config holds a virtual service: its card says so before anything runs.
  await expect(canvas.getByRole('note', { name: 'director: modelled, not recorded (IPVS)' })).toBeVisible();
  await expect(canvas.getByRole('note', { name: /^client: modelled/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Run' }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const scheduled = trace.getByRole('listitem').filter({ hasText: 'IPVS: a new connection to TCP 10.0.1.100:80; the wrr scheduler chose real server 10.0.3.2:80 (Masq)' });
  await expect(scheduled).toHaveCount(1);
  await expect(scheduled).toContainText('IPVS');

  // The run went through IPVS: the summary says it in full, the playback bar carries the badge.
  await expect(page.getByRole('region', { name: 'Summary' }).getByRole('note', { name: 'This flow: modelled, not recorded' })).toContainText(
    "Modelled, not recorded: this flow goes through IPVS, which this project's test kernel lacks",
  );
  await expect(page.getByRole('toolbar', { name: 'Playback controls' }).getByRole('note', { name: 'This run: modelled, not recorded (IPVS)' })).toBeVisible();

  // Step to the scheduling as a person would: pick it in the trace, then step forward to IPVS's rewrite.
  await scheduled.click();
  await expect(page.getByRole('note', { name: 'This step: modelled, not recorded' })).toBeVisible();
  const mark = canvas.getByRole('note', { name: /^director: IPVS: a new connection/ });
  await expect(mark).toHaveText('IPVS wrr → 10.0.3.2:80');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(canvas.getByRole('note', { name: /^director: IPVS NAT: destination/ })).toHaveText('IPVS DNAT 10.0.1.100:80 → 10.0.3.2:80');
  await page.screenshot({ path: 'test-results/ipvs-step.png' });

  // The director's IPVS views at this step: web2 holds the active connection, in SYN_RECV.
  const director = canvas.getByLabel('director (router)');
  await untilStill(director);
  await director.click();
  await page.getByRole('tab', { name: 'ipvsadm -L -n', exact: true }).click();
  const services = page.getByRole('region', { name: 'ipvsadm -L -n', exact: true });
  await expect(services).toContainText('director# ipvsadm -L -n');
  await expect(services).toContainText('TCP  10.0.1.100:80 wrr');
  await expect(services).toContainText(/-> 10\.0\.2\.2:80 +Masq +1 +0 +0/);
  await expect(services).toContainText(/-> 10\.0\.3\.2:80 +Masq +2 +1 +0/);
  await expect(page.getByRole('note', { name: 'ipvsadm -L -n: modelled, not recorded' })).toBeVisible();
  await page.screenshot({ path: 'test-results/ipvs-services.png' });

  await page.getByRole('tab', { name: 'ipvsadm -L -n -c' }).click();
  const conns = page.getByRole('region', { name: 'ipvsadm -L -n -c' });
  await expect(conns).toContainText(/TCP 01:00 +SYN_RECV +10\.0\.1\.2:\d+ +10\.0\.1\.100:80 +10\.0\.3\.2:80/);
  await expect(page.getByRole('note', { name: 'ipvsadm -L -n -c: modelled, not recorded' })).toBeVisible();

  // At the end of the run the connection has closed: inactive, its entry in TIME_WAIT.
  await page.getByRole('toolbar', { name: 'Playback controls' }).getByRole('slider', { name: 'Step' }).focus();
  await page.keyboard.press('End');
  await expect(conns).toContainText(/TCP 01:5\d +TIME_WAIT +10\.0\.1\.2:\d+ +10\.0\.1\.100:80 +10\.0\.3\.2:80/);
  await page.screenshot({ path: 'test-results/ipvs-connections.png' });
});

test('a flow that goes through no IPVS says nothing of it, and a device without IPVS offers no ipvsadm view', async ({ page }) => {
  await open(page);
  await page.getByRole('combobox', { name: 'Flow' }).selectOption('1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Summary' }).getByText('Exit status')).toBeVisible();
  await expect(page.getByRole('note', { name: /^This (flow|run|step): modelled/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Trace' }).getByRole('listitem').filter({ hasText: 'IPVS' })).toHaveCount(0);
  // The director's mark is about its config, so it stays.
  await expect(page.getByRole('note', { name: 'director: modelled, not recorded (IPVS)' })).toBeVisible();

  const client = page.getByRole('region', { name: 'Canvas' }).getByLabel('client (host)');
  await untilStill(client);
  await client.click();
  await expect(page.getByRole('tab', { name: 'ip route' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^ipvsadm/ })).toHaveCount(0);

  // Clearing the director's table (ipvsadm -C, ip_vs_flush) takes its mark and its IPVS views away.
  const director = page.getByRole('region', { name: 'Canvas' }).getByLabel('director (router)');
  await director.click();
  await expect(page.getByRole('tab', { name: 'ipvsadm -L -n', exact: true })).toBeVisible();
  await typeConfig(page, ['ipvsadm -C']);
  await expect(page.getByRole('note', { name: /^director: modelled/ })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /^ipvsadm/ })).toHaveCount(0);
});

// kube-proxy's IPVS mode in small: the ClusterIP on the kube-ipvs0 dummy, two pods behind cni0 in the node.
const pod = (n: number) => [
  `ip netns add pod${n}`,
  `ip link add veth${n} type veth peer name eth0 netns pod${n}`,
  `ip link set veth${n} master cni0`,
  `ip link set veth${n} up`,
  `ip -n pod${n} addr add 10.244.1.${n + 1}/24 dev eth0`,
  `ip -n pod${n} link set eth0 up`,
  `ip -n pod${n} route add default via 10.244.1.1`,
  `ip netns exec pod${n} nc -lk 80 &`,
];
const clusterIp = {
  hairpin: 1,
  title: 'A ClusterIP in IPVS mode',
  devices: {
    node: {
      kind: 'host',
      at: [0, 0],
      ports: { eth0: null },
      config: [
        'sysctl -w net.ipv4.ip_forward=1',
        'ip link add cni0 type bridge',
        'ip link set cni0 up',
        'ip addr add 10.244.1.1/24 dev cni0',
        ...pod(1),
        ...pod(2),
        'ip link add kube-ipvs0 type dummy',
        'ip addr add 10.96.0.10/32 dev kube-ipvs0',
        'ipvsadm -A -t 10.96.0.10:80 -s rr',
        'ipvsadm -a -t 10.96.0.10:80 -r 10.244.1.2:80 -m',
        'ipvsadm -a -t 10.96.0.10:80 -r 10.244.1.3:80 -m',
      ],
    },
  },
  links: [],
  flows: [{ on: 'node', run: 'nc -z -w 1 10.96.0.10 80', expect: { exit: 0 }, title: 'The node connects to the ClusterIP' }],
};

test('a ClusterIP in IPVS mode: one mark on the node for its dummy and its IPVS service, "IPVS rr → 10.244.1.3:80" beside it', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, clusterIp, 'clusterip-ipvs.json');
  const canvas = page.getByRole('region', { name: 'Canvas' });
  await expect(canvas.getByRole('note', { name: 'node: modelled, not recorded (dummy, IPVS)' })).toHaveText('IPVS · Modelled, not recorded');
  await page.getByRole('button', { name: 'Run' }).click();
  // rr starts with the real server added last (ip_vs_rr_schedule walks on from the list's head).
  await page.getByRole('region', { name: 'Trace' }).getByRole('listitem').filter({ hasText: 'the rr scheduler chose real server 10.244.1.3:80' }).click();
  await expect(canvas.getByRole('note', { name: /^node: IPVS: a new connection/ })).toHaveText('IPVS rr → 10.244.1.3:80');
  await page.getByRole('button', { name: 'Step forward' }).click();
  const rewrite = canvas.getByRole('note', { name: /^node: IPVS NAT/ });
  await expect(rewrite).toHaveText('IPVS DNAT 10.96.0.10:80 → 10.244.1.3:80');
  // The node, drawn with its pods, fills the canvas: the marks move in from its right edge instead of running off the canvas.
  await rewrite.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished))); // the new mark's flash (a scale) is over
  const [mark, area] = [(await rewrite.boundingBox())!, (await canvas.boundingBox())!];
  expect(mark.x + mark.width).toBeLessThanOrEqual(area.x + area.width);
  expect(mark.x).toBeGreaterThanOrEqual(area.x);
  await page.screenshot({ path: 'test-results/ipvs-clusterip.png' });
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violation with the IPVS marks and the director's ipvsadm view on show (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('region', { name: 'Trace' }).getByRole('listitem').filter({ hasText: 'the wrr scheduler chose' }).click();
    const director = page.getByRole('region', { name: 'Canvas' }).getByLabel('director (router)');
    await untilStill(director);
    await director.click();
    await page.getByRole('tab', { name: 'ipvsadm -L -n', exact: true }).click();
    await expect(page.getByRole('note', { name: 'ipvsadm -L -n: modelled, not recorded' })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}
