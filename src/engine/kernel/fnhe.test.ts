import { describe, expect, it } from 'vitest';
import { configCommand } from '../command/testing';
import { run, scenarioOf, tcpdump } from '../sim/testing';
import { applyConfig, type KernelConfigCommand } from '../netlink/config';
import { RT_TABLE_MAIN } from './fib';
import { REDIRECT_LIFETIME_NS } from './fnhe';
import { Stack, type KernelEnv } from './stack';
import { why } from '../trace/why';

/*
 * __ip_do_redirect (net/ipv4/route.c): h's gateway r1 forwards h's packets for 10.0.9.0/24 to
 * r2 on the same LAN and sends h a redirect. What h does with it is what these check; the
 * accepted cases are also compared with the kernel (fixtures/scenarios/kernel-redirect.json).
 */
const lan = (hConfig: string[] = []) =>
  scenarioOf(
    {
      h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1', ...hConfig] },
      r1: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip route add 10.0.9.0/24 via 10.0.1.3'] },
      r2: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.3/24 dev eth0', 'ip addr add 10.0.9.1/24 dev eth1'] },
      sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      s: { ports: ['eth0'], config: ['ip addr add 10.0.9.2/24 dev eth0', 'ip route add default via 10.0.9.1'] },
    },
    [
      ['h:eth0', 'sw:p1'],
      ['r1:eth0', 'sw:p2'],
      ['r2:eth0', 'sw:p3'],
      ['r2:eth1', 's:eth0'],
    ],
  );
const PINGS = 'ping -c 1 -W 1 10.0.1.3 && ping -c 3 -i 0.2 -W 1 10.0.9.2';
/** Echo requests to s that r1 forwarded (r1's port sees each twice: in, and out again to r2). */
const viaR1 = (r: ReturnType<typeof run>) => tcpdump(r, 'r1:eth0').filter((l) => l.includes('10.0.1.2 > 10.0.9.2: ICMP echo request')).length / 2;
const redirectWhy = (r: ReturnType<typeof run>) => r.events.filter((e) => e.device === 'h' && e.kind === 'redirect').map((e) => why(e));

describe('ICMP redirects received (route exceptions)', () => {
  it('accepted from the current gateway when the new one is known: later packets skip r1', () => {
    const r = run(lan(), 'h', PINGS);
    expect(r.exit).toBe(0);
    expect(viaR1(r)).toBe(1);
    expect(redirectWhy(r)[0]).toContain('ICMP redirect accepted: packets to 10.0.9.2 now go to 10.0.1.3');
  });

  it('ip route get and ip route show cache print the exception as the kernel does', () => {
    const r = run(lan(), 'h', `${PINGS} && ip route get 10.0.9.2 && ip route show cache && ip route get 10.0.9.3`);
    expect(r.stdout.slice(r.stdout.indexOf('10.0.9.2 via'))).toBe(
      '10.0.9.2 via 10.0.1.3 dev eth0 src 10.0.1.2 uid 0 \n    cache <redirected> expires 299sec \n' +
        '10.0.9.2 via 10.0.1.3 dev eth0 \n    cache <redirected> expires 299sec \n' +
        '10.0.9.3 via 10.0.1.1 dev eth0 src 10.0.1.2 uid 0 \n    cache \n',
    );
  });

  it('accept_redirects 0 (conf/all and the device): ignored, every packet goes through r1', () => {
    const r = run(lan(['sysctl -w net.ipv4.conf.all.accept_redirects=0', 'sysctl -w net.ipv4.conf.eth0.accept_redirects=0']), 'h', PINGS);
    expect(viaR1(r)).toBe(3);
    expect(redirectWhy(r)[0]).toContain('accept_redirects is off for eth0');
  });

  it('shared_media 0 with secure_redirects: only a gateway h already uses is accepted', () => {
    const strict = ['sysctl -w net.ipv4.conf.all.shared_media=0', 'sysctl -w net.ipv4.conf.eth0.shared_media=0'];
    const refused = run(lan(strict), 'h', PINGS);
    expect(viaR1(refused)).toBe(3);
    expect(redirectWhy(refused)[0]).toContain('10.0.1.3 is not a gateway of any route on eth0 (secure_redirects)');
    expect(viaR1(run(lan([...strict, 'ip route add 10.0.77.0/24 via 10.0.1.3']), 'h', PINGS))).toBe(1);
  });

  it('a route change drops the exception (rt_cache_flush); so does its 300 s lifetime', () => {
    let now = 0;
    const env: KernelEnv = { now: () => now, schedule: () => 0, cancel: () => undefined, transmit: () => undefined, trace: () => undefined, tracing: () => false, random: () => 0.5 };
    const h = new Stack('h', env, [{ name: 'eth0', mac: '02:00:00:00:01:01', linked: true }]);
    const apply = (line: string) => applyConfig(h, configCommand(line) as KernelConfigCommand);
    for (const line of ['ip link set eth0 up', 'ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1']) apply(line);
    const viaDefault = () => h.ipv4.fibTables.get(RT_TABLE_MAIN)!.all().find((r) => r.gateway === 0x0a000101)!;
    h.fnhe.set(viaDefault(), 0x0a000902, 0x0a000103);
    expect(h.fnhe.gatewayFor(viaDefault(), 0x0a000902)).toBe(0x0a000103);
    expect(h.fnhe.gatewayFor(viaDefault(), 0x0a000903)).toBeUndefined();
    apply('ip route add 10.0.55.0/24 via 10.0.1.1');
    expect(h.fnhe.gatewayFor(viaDefault(), 0x0a000902)).toBeUndefined();
    h.fnhe.set(viaDefault(), 0x0a000902, 0x0a000103);
    now = REDIRECT_LIFETIME_NS + 1;
    expect(h.fnhe.gatewayFor(viaDefault(), 0x0a000902)).toBeUndefined();
  });
});
