import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceInsides, deviceViews, runScenario } from '../api';

/*
 * What the canvas is told a device holds: its namespaces and interfaces, with the links
 * between them as the kernel keeps them (a veth's peer, a bridge port's master, IFLA_LINK),
 * after the config ran.
 */

const containers = readFileSync(new URL('../../../e2e/fixtures/containers.json', import.meta.url), 'utf8');
const docOf = (config: string[], kind: 'host' | 'switch' = 'host') => JSON.stringify({ hairpin: 1, devices: { box: { kind, ports: { eth0: null, eth1: null }, config } }, links: [], flows: [], title: 't' });

describe('deviceInsides: the namespaces and interfaces inside a device', () => {
  it('names each namespace with its trace label and lists its interfaces (lo left out), veth ends pointing at each other across namespaces', () => {
    const r = deviceInsides(containers);
    expect(Object.keys(r)).toEqual(['box']);
    const box = (r as Record<string, import('./inside').DeviceInside>).box!;
    expect(box.namespaces.map((n) => [n.label, n.name, n.interfaces.map((i) => i.name)])).toEqual([
      ['box', undefined, ['eth0', 'br0', 'veth1', 'veth2']],
      ['box/ns1', 'ns1', ['ceth1']],
      ['box/ns2', 'ns2', ['ceth2']],
    ]);
    const [init, ns1] = box.namespaces;
    expect(init!.interfaces.find((i) => i.name === 'eth0')).toMatchObject({ type: 'ether', port: true, addresses: ['192.168.1.1/24'] });
    expect(init!.interfaces.find((i) => i.name === 'br0')).toMatchObject({ type: 'bridge', port: false, addresses: ['10.0.0.1/24'], running: true });
    expect(init!.interfaces.find((i) => i.name === 'veth1')).toMatchObject({ type: 'veth', master: 'br0', peer: { ns: 'box/ns1', name: 'ceth1' } });
    expect(ns1!.interfaces[0]).toMatchObject({ type: 'veth', addresses: ['10.0.0.2/24'], peer: { ns: 'box', name: 'veth1' }, up: true, running: true });
    expect(box.notRecorded).toEqual([]);
  });

  it('a device with only its ports holds nothing to draw; a switch’s own bridge is the switch itself', () => {
    expect(deviceInsides(docOf(['ip addr add 10.0.0.1/24 dev eth0']))).toEqual({});
    expect(deviceInsides(docOf([], 'switch'))).toEqual({});
    // A bridge made by the config is drawn, in a switch too.
    const made = deviceInsides(docOf(['ip link add br1 type bridge'], 'switch')) as Record<string, import('./inside').DeviceInside>;
    expect(made.box!.namespaces[0]!.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1', 'br0', 'br1']);
  });

  it('an empty namespace is drawn; a dummy device is marked modelled, not recorded (the test kernel has no dummy module)', () => {
    const r = deviceInsides(docOf(['ip netns add empty', 'ip -n empty link add d0 type dummy'])) as Record<string, import('./inside').DeviceInside>;
    expect(r.box!.namespaces.map((n) => [n.label, n.interfaces.map((i) => `${i.name} ${i.type}`)])).toEqual([
      ['box', ['eth0 ether', 'eth1 ether']],
      ['box/empty', ['d0 dummy']],
    ]);
    expect(r.box!.notRecorded).toEqual(['dummy']);
  });

  it('a veth pair made inside a namespace (ip -n ns1 link add) has both ends there', () => {
    const r = deviceInsides(docOf(['ip netns add ns1', 'ip -n ns1 link add a type veth peer name b'])) as Record<string, import('./inside').DeviceInside>;
    const ns1 = r.box!.namespaces[1]!;
    expect(ns1.interfaces.map((i) => [i.name, i.peer])).toEqual([
      ['b', { ns: 'box/ns1', name: 'a' }],
      ['a', { ns: 'box/ns1', name: 'b' }],
    ]);
  });

  it('a bridge port in hairpin mode says so (bridge link set … hairpin on)', () => {
    const r = deviceInsides(docOf(['ip link add br0 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br0', 'bridge link set dev eth1 hairpin on'])) as Record<string, import('./inside').DeviceInside>;
    const ifs = r.box!.namespaces[0]!.interfaces;
    expect(ifs.find((i) => i.name === 'eth1')).toMatchObject({ master: 'br0', hairpin: true });
    expect(ifs.find((i) => i.name === 'eth0')!.hairpin).toBeUndefined();
  });

  it('a port the config renamed and moved into a namespace carries its scenario name, which its link uses', () => {
    const r = deviceInsides(docOf(['ip link set eth1 name wan0', 'ip netns add ns1', 'ip link set wan0 netns ns1'])) as Record<string, import('./inside').DeviceInside>;
    const ns1 = r.box!.namespaces.find((n) => n.name === 'ns1')!;
    expect(ns1.interfaces).toEqual([expect.objectContaining({ name: 'wan0', port: true, scenarioPort: 'eth1' })]);
    expect(r.box!.namespaces[0]!.interfaces.find((i) => i.name === 'eth0')).not.toHaveProperty('scenarioPort');
  });

  it('a scenario that does not parse says why', () => {
    expect(deviceInsides('{"hairpin": 1}')).toEqual({ error: 'title: required, but missing' });
  });
});

describe('deviceViews of a namespace (as ip netns exec NAME runs the tool)', () => {
  it('ip addr and ip route are the namespace’s own', () => {
    const views = deviceViews({ doc: containers, flow: 0 }, 'box/ns1');
    if ('error' in views) throw new Error(views.error);
    expect(views['ip addr']).toContain('inet 10.0.0.2/24 scope global ceth1');
    expect(views['ip addr']).not.toContain('192.168.1.1');
    expect(views['ip route']).toContain('default via 10.0.0.1 dev ceth1');
  });

  it('at a step of the run: the namespace’s neighbour table after its ping to ns2', () => {
    const run = runScenario({ doc: containers, flow: 0 });
    if (!run.ok) throw new Error('does not load');
    const views = deviceViews({ doc: containers, flow: 0 }, 'box/ns1', run.events.length - 1);
    if ('error' in views) throw new Error(views.error);
    expect(views['ip neigh']).toMatch(/^10\.0\.0\.3 dev ceth1 lladdr \S+ REACHABLE \n$/);
    // At boot it had none.
    const boot = deviceViews({ doc: containers, flow: 0 }, 'box/ns1');
    expect('error' in boot ? boot.error : boot['ip neigh']).toBe('');
  });

  it('a namespace that does not exist is an error naming it', () => {
    expect(deviceViews({ doc: containers, flow: 0 }, 'box/ns9')).toEqual({ error: 'no network namespace "box/ns9"' });
  });
});
