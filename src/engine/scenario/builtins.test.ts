import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from './parse';
import type { Scenario } from './types';

function load(name: string): Scenario {
  const source = BUILTIN_SCENARIOS[name];
  if (source === undefined) throw new Error(`no built-in ${name}`);
  const result = parseScenario(source, `${name}.json`);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.scenario;
}

function mac(scenario: Scenario, device: string, port: string): string | undefined {
  return scenario.devices.find((d) => d.id === device)?.ports.find((p) => p.name === port)?.mac;
}

describe('built-in scenarios', () => {
  it('are the twenty-six lessons, as raw JSON text', () => {
    expect(Object.keys(BUILTIN_SCENARIOS)).toHaveLength(26);
    for (const source of Object.values(BUILTIN_SCENARIOS)) expect(source.trimStart().startsWith('{')).toBe(true);
  });

  it.each(Object.keys(BUILTIN_SCENARIOS))('%s parses with no errors or warnings', (name) => {
    const result = parseScenario(BUILTIN_SCENARIOS[name]!, `${name}.json`);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each(Object.keys(BUILTIN_SCENARIOS))('%s: every null port gets 02:00 + device index + port index', (name) => {
    const scenario = load(name);
    const doc = JSON.parse(BUILTIN_SCENARIOS[name]!);
    const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0').match(/../g)!.join(':');
    Object.entries<any>(doc.devices).forEach(([id, device], i) => {
      const d = scenario.devices[i]!;
      expect([d.id, d.index]).toEqual([id, i + 1]);
      Object.keys(device.ports).forEach((port, j) => expect(mac(scenario, id, port)).toBe(`02:00:${hex(i + 1, 3)}:${hex(j + 1, 1)}`));
    });
  });

  it('gives hairpin-nat-broken its documented MACs and wiring', () => {
    const s = load('hairpin-nat-broken');
    expect(s.devices.map((d) => `${d.index}:${d.id}:${d.kind}`)).toEqual(['1:pc1:host', '2:pc2:host', '3:lan:switch', '4:router:router', '5:remote:cloud']);
    expect(mac(s, 'router', 'eth1')).toBe('02:00:00:00:04:02');
    expect(mac(s, 'router', 'eth0')).toBe('02:00:00:00:04:01');
    expect(mac(s, 'lan', 'p3')).toBe('02:00:00:00:03:03');
    const router = s.devices[3]!;
    expect(router.ports[1]).toEqual({ name: 'eth1', mac: '02:00:00:00:04:02', peer: { device: 'lan', port: 'p3' } });
    expect(router.at).toEqual([100, 100]);
    expect(router.config[0]).toBe('sysctl -w net.ipv4.ip_forward=1');
    expect(s.links[2]).toEqual({ a: { device: 'router', port: 'eth1' }, b: { device: 'lan', port: 'p3' } });
    expect(s.flows[1]).toEqual({ index: 1, on: 'pc2', run: 'nc -z -w 2 50.60.70.80 8080', title: 'hairpin from the LAN fails', expect: { exit: 1 } });
    expect(s.title).toBe('Hairpin NAT, broken');
    expect(s.doc.hairpin).toBe(2);
    expect(s.doc.devices.router?.ports).toEqual({ eth0: null, eth1: null });
  });

  it('leaves unlinked ports without a peer and a config-less switch with no lines', () => {
    const s = load('hairpin-nat-fixed');
    expect(s.devices.find((d) => d.id === 'lan')!.config).toEqual([]);
    const multi = load('multi-wan');
    expect(multi.devices.every((d) => d.ports.every((p) => p.peer))).toBe(true);
  });
});
