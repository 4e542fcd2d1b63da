import { expect, test } from '@playwright/test';
import { choose, dropScenario, untilStill } from './support';

/*
 * The LOG target's line: in the trace where the rule matched, in the router's dmesg view at the
 * trace's step, and from `dmesg` typed in the command box.
 */

const doc = {
  hairpin: 1,
  title: 'A router that logs what it forwards',
  devices: {
    client: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
    router: {
      kind: 'router',
      ports: { eth0: null, eth1: null },
      config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'iptables -A FORWARD -p icmp -j LOG --log-prefix "fwd: "', 'iptables -A OUTPUT -p icmp -j LOG --log-prefix "out: "'],
    },
    server: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1'] },
  },
  links: [
    ['client:eth0', 'router:eth0'],
    ['router:eth1', 'server:eth0'],
  ],
  flows: [{ on: 'client', run: 'ping -c 1 -W 1 10.0.2.2', expect: { exit: 0 }, title: 'a logged ping' }],
};

test('a LOG rule: its line in the trace, in the dmesg view at that step, and from dmesg in the command box', async ({ page }) => {
  await page.goto('/');
  await dropScenario(page, doc, 'log.json');
  await page.getByRole('button', { name: 'Run' }).click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const logged = trace.getByRole('listitem').filter({ hasText: 'LOG (kernel log, see dmesg): fwd: IN=eth0 OUT=eth1' }).first();
  await expect(logged).toBeVisible();
  await expect(logged).toContainText('SRC=10.0.1.2 DST=10.0.2.2 LEN=84 TOS=0x00 PREC=0x00 TTL=63');
  await logged.click();

  const router = page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)');
  await untilStill(router);
  await router.click();
  await page.getByRole('tab', { name: 'dmesg' }).click();
  const view = page.getByRole('region', { name: 'dmesg' });
  await expect(view).toContainText(/\[ {4}0\.\d{6}\] fwd: IN=eth0 OUT=eth1 MAC=/);
  // The README's "modelled, not recorded": the test kernel cannot show this line.
  await expect(page.getByRole('tabpanel').getByText(/^Modelled, not recorded: the LOG line/)).toBeVisible();
  await page.screenshot({ path: 'test-results/dmesg-view.png' });

  await choose(page, 'Run on device', 'router');
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill('ping -c 1 -W 1 10.0.2.2 >/dev/null; dmesg -t');
  await command.press('Enter');
  const output = page.getByRole('region', { name: 'Summary' }).getByLabel('Command output');
  await expect(output).toHaveText(/^out: IN= OUT=eth1 SRC=10\.0\.2\.1 DST=10\.0\.2\.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ DF PROTO=ICMP TYPE=8 CODE=0 ID=\d+ SEQ=1\s*$/);
});
