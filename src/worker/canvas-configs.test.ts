import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { isForwarding, portAddresses, portNames } from '../ui/canvas/addresses';
import { CanvasConfigs } from './canvas-configs';

/*
 * The canvas's labels read in the worker: the same addresses (`ip addr` as the kernel keeps
 * them), renamed ports (dev_change_name) and forwarding (net.ipv4.ip_forward) the page used to
 * read itself, for every built-in lesson and fixture scenario; each config text read once.
 */

function scenarios(): [string, string][] {
  const fixtures = readdirSync('fixtures/scenarios').filter((f) => f.endsWith('.json'));
  const e2e = readdirSync('e2e/fixtures').filter((f) => f.endsWith('.json'));
  return [
    ...Object.entries(BUILTIN_SCENARIOS),
    ...fixtures.map((f): [string, string] => [`fixtures/${f}`, readFileSync(`fixtures/scenarios/${f}`, 'utf8')]),
    ...e2e.map((f): [string, string] => [`e2e/fixtures/${f}`, readFileSync(`e2e/fixtures/${f}`, 'utf8')]),
  ];
}

describe('CanvasConfigs', () => {
  it.each(scenarios())('%s: the same addresses, port names and forwarding as read on the page', (name, text) => {
    const parsed = parseScenario(text, name);
    if (!parsed.ok) throw new Error(`${name} does not parse: ${parsed.errors[0]!.message}`);
    const devices = Object.values(parsed.scenario.doc.devices);
    const configs = devices.map((d) => d.config ?? []);
    const facts = new CanvasConfigs().facts(configs);
    expect(facts).toEqual(configs.map((c) => ({ addresses: portAddresses(c), names: portNames(c), forwarding: isForwarding(c) })));
  });

  it('labels a router: its addresses, a port renamed, and forwarding on', () => {
    const [facts] = new CanvasConfigs().facts([['ip addr add 10.0.0.1/24 dev eth1', 'ip link set eth1 name wan0', 'ip addr add 10.0.1.1/24 dev wan0', 'sysctl -w net.ipv4.ip_forward=1']]);
    expect(facts).toEqual({ addresses: { eth1: ['10.0.0.1/24', '10.0.1.1/24'] }, names: { eth1: 'wan0' }, forwarding: true });
  });

  it('reads each config text once: a text sent again (another array, an undo) is not parsed again', () => {
    const configs = new CanvasConfigs();
    const a = ['ip addr add 10.0.0.1/24 dev eth0'];
    const first = configs.facts([a, ['sysctl -w net.ipv4.ip_forward=1']]);
    expect(configs.read).toBe(2);
    const again = configs.facts([[...a], ['ip addr add 10.0.0.2/24 dev eth0']]);
    expect(configs.read).toBe(3);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toEqual({ addresses: { eth0: ['10.0.0.2/24'] }, names: {}, forwarding: false });
  });

  it('keeps two configs apart whose lines only join to the same text', () => {
    const configs = new CanvasConfigs();
    const [one, two] = configs.facts([['ip addr add 10.0.0.1/24 dev eth0\nip addr add 10.0.0.2/24 dev eth0'], ['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.0.2/24 dev eth0']]);
    expect(configs.read).toBe(2);
    expect(two).toEqual({ addresses: { eth0: ['10.0.0.1/24', '10.0.0.2/24'] }, names: {}, forwarding: false });
    expect(one).toEqual(configs.facts([['ip addr add 10.0.0.1/24 dev eth0\nip addr add 10.0.0.2/24 dev eth0']])[0]);
  });
});
