import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { encodeIpv4, ipv4Length } from './ipv4';

describe('ipv4Length', () => {
  it('equals the encoded total length of every packet in real traces (TCP options, ICMP quotes included)', () => {
    let checked = 0;
    for (const [name, flow] of [['hairpin-nat-broken', 1], ['home-lan', 1], ['home-lan', 2]] as const) {
      const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
      if (!parsed.ok) throw new Error(name);
      for (const e of runFlow(parsed.scenario, flow).events) {
        const p = e.packet ?? (e.frame?.payload.kind === 'ipv4' ? e.frame.payload : undefined);
        if (!p) continue;
        expect(ipv4Length(p)).toBe(encodeIpv4(p).length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
