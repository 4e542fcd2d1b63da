import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../engine/scenario/types';
import { firstFailingLine } from './culprit';

const host = (config: string[]) => ({ kind: 'host' as const, ports: { eth0: null }, config });
const doc = (devices: Record<string, string[]>): ScenarioDoc => ({ hairpin: 2, title: 't', devices: Object.fromEntries(Object.entries(devices).map(([id, c]) => [id, host(c)])), links: [], flows: [] });

/** A boot that throws whenever a config holds `bad` (as an engine bug would on that line). */
const bootsUnless = (bad: string) => {
  let calls = 0;
  const boots = async (d: ScenarioDoc) => {
    calls++;
    return !Object.values(d.devices).some((dev) => dev.config?.includes(bad));
  };
  return { boots, calls: () => calls };
};

describe('the config line a crashing boot is about', () => {
  it('names the device, the 1-based line and its text, in document order', async () => {
    const d = doc({ a: ['ip addr add 10.0.0.1/24 dev eth0', 'ip link set eth0 up'], b: ['ip addr add 10.0.0.2/24 dev eth0', 'ip addr flush dev eth0', 'ip route add default via 10.0.0.1'] });
    expect(await firstFailingLine(d, bootsUnless('ip addr flush dev eth0').boots)).toEqual({ device: 'b', line: 2, text: 'ip addr flush dev eth0' });
  });

  it('finds it in a few boots however long the config (binary search)', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `ip addr add 10.${i >> 8}.${i & 255}.1/32 dev eth0`);
    lines[2777] = 'boom';
    const probe = bootsUnless('boom');
    expect(await firstFailingLine(doc({ a: lines }), probe.boots)).toMatchObject({ device: 'a', line: 2778 });
    expect(probe.calls()).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(4000)));
  });

  it('points at nothing when the whole config boots (the command failed) or no config boots at all', async () => {
    const d = doc({ a: ['ip link set eth0 up'] });
    expect(await firstFailingLine(d, async () => true)).toBeUndefined();
    expect(await firstFailingLine(d, async () => false)).toBeUndefined();
  });
});
