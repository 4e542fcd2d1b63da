import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maskChance } from '../conformance/normalise';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { recordLine, whenText } from './dig-format';

/*
 * dig, host, ping-by-name and nc -u print what the real tools printed in the recorded lab
 * (fixtures/kernel/dns-lan: BIND 9.18.49 dig/host, iputils ping, netcat-openbsd 1.219, dnsmasq
 * 2.90). Only what depends on chance or the clock is masked: DNS ids, dig's WHEN and query
 * time, ping's round-trip times.
 */

const dir = fileURLToPath(new URL('../../../fixtures', import.meta.url));
const text = readFileSync(`${dir}/scenarios/dns-lan.json`, 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('dns-lan.json does not parse');
const scenario = parsed.scenario;

const mask = maskChance;

describe('DNS tools print what the real ones print (dns-lan recordings)', () => {
  scenario.flows.forEach((flow, i) => {
    const rec = `${dir}/kernel/dns-lan/flow${i}/result.json`;
    it.skipIf(!existsSync(rec))(`flow ${i}: ${flow.run}`, () => {
      const kernel = JSON.parse(readFileSync(rec, 'utf8')) as { exit: number; stdout: string; stderr: string };
      const sim = runFlow(scenario, i);
      expect(sim.exit).toBe(kernel.exit);
      expect(mask(sim.stdout)).toBe(mask(kernel.stdout));
      expect(mask(sim.stderr)).toBe(mask(kernel.stderr));
    });
  });
});

describe('dig output format', () => {
  it('pads record fields with tabs to BIND tab stops 24/32/40/48', () => {
    const line = recordLine({ name: 'web', type: 1, class: 1, ttl: 0, data: { kind: 'address', address: 0x0a000050 } });
    expect(line).toBe('web.\t\t\t0\tIN\tA\t10.0.0.80');
  });
  it('prints the virtual wall clock from Thu Jan 01 00:00:00 UTC 2026', () => {
    expect(whenText(0)).toBe('Thu Jan 01 00:00:00 UTC 2026');
    expect(whenText(61.5e9)).toBe('Thu Jan 01 00:01:01 UTC 2026');
  });
});
