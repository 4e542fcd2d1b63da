import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { routerChain } from './chain';

describe('router chain generator', () => {
  it('a ping and a TCP connection cross a 200-router chain, in about as many events as hops (bench/ times it)', () => {
    const parsed = parseScenario(JSON.stringify(routerChain(200)));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const ping = runFlow(parsed.scenario, 0);
    expect(ping.exit).toBe(0);
    expect(ping.stdout).toContain('ttl=55');
    // Request and reply each cross 201 links: about 400 frames, plus ARP on every one of them.
    expect(ping.network.hops).toBeLessThan(1_600);
    expect(ping.network.scheduler.executed).toBeLessThan(4_000);
    expect(runFlow(parsed.scenario, 1).exit).toBe(0);
  });

  it('with the default TTL 64, TCP crosses 60 routers but not 70 (ip_default_ttl)', () => {
    for (const [n, exit] of [[60, 0], [70, 1]] as const) {
      const parsed = parseScenario(JSON.stringify(routerChain(n, 64)));
      if (!parsed.ok) throw new Error('parse');
      const r = runFlow(parsed.scenario, 1);
      expect(r.exit, `${n} routers`).toBe(exit);
    }
  });
});
