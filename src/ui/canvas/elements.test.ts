import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { buildEdges, buildNodes, configFactsRead, isDeviceNode, type DeviceNode } from './elements';
import { CanvasConfigs } from '../../worker/canvas-configs';
import { NO_INSIDES, type Insides } from './insides';

/*
 * The devices' data for the canvas: what the worker said their namespaces use that the test
 * kernel lacks (an IPVS service, in the device's own namespace or one inside it) reaches the
 * device's card as its "modelled, not recorded" mark, and an unchanged answer keeps the data object.
 */

const doc = {
  hairpin: 1,
  title: 't',
  devices: {
    director: { kind: 'router', at: [0, 0], ports: { eth0: null } },
    node: { kind: 'host', at: [200, 0], ports: { eth0: null } },
    client: { kind: 'host', at: [400, 0], ports: { eth0: null } },
  },
  links: [],
  flows: [],
} as unknown as ScenarioDoc;

const modelledOf = (insides: Insides) => Object.fromEntries(buildNodes(doc, [], false, insides).filter(isDeviceNode).map((n) => [n.id, n.data.modelled]));

describe('buildNodes: the modelled-only features of each device', () => {
  it('gives a device the features of its own namespace and of those inside it, each once; others none', () => {
    const insides: Insides = { ...NO_INSIDES, modelled: new Map([['director', ['IPVS']], ['node/ns1', ['IPVS']], ['node/ns2', ['IPVS']]]) };
    expect(modelledOf(insides)).toEqual({ director: ['IPVS'], node: ['IPVS'], client: undefined });
    expect(modelledOf(NO_INSIDES)).toEqual({ director: undefined, node: undefined, client: undefined });
  });

  it('keeps the data object when a new answer says the same, and changes it when the features change', () => {
    const one: Insides = { ...NO_INSIDES, modelled: new Map([['director', ['IPVS']]]) };
    const first = buildNodes(doc, [], false, one);
    const again = buildNodes(doc, first, false, { ...NO_INSIDES, modelled: new Map([['director', ['IPVS']]]) });
    expect(again[0]!.data).toBe(first[0]!.data);
    const cleared = buildNodes(doc, first, false, NO_INSIDES);
    expect(cleared[0]!.data).not.toBe(first[0]!.data);
    expect((cleared[0]!.data as { modelled?: unknown }).modelled).toBeUndefined();
  });
});

describe('buildNodes: labels from the worker’s reading of the configs', () => {
  it('draws a device without its addresses, new port names or forwarding mark until the answer for its config is in, then with them', () => {
    const config = ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.0.1/24 dev eth0', 'ip link set eth0 name wan0'];
    const routed = { ...doc, devices: { ...doc.devices, director: { ...doc.devices.director!, config } } } as ScenarioDoc;
    const director = (nodes: ReturnType<typeof buildNodes>) => nodes.find((n): n is DeviceNode => isDeviceNode(n) && n.id === 'director')!.data;
    const before = buildNodes(routed);
    expect(director(before)).toMatchObject({ addresses: {}, names: {}, forwarding: false });
    configFactsRead.set(config, new CanvasConfigs().facts([config])[0]!);
    expect(director(buildNodes(routed, before))).toMatchObject({ addresses: { eth0: ['10.0.0.1/24'] }, names: { eth0: 'wan0' }, forwarding: true });
  });
});

describe('buildNodes and buildEdges for a window of a very large document', () => {
  const linked = { ...doc, links: [['director:eth0', 'node:eth0'], ['node:eth1', 'client:eth0']] } as ScenarioDoc;
  const only = new Set(['client', 'director']);

  it('build the devices in the window only, in document order, and the links whose both devices are in it', () => {
    expect(buildNodes(linked, [], true, NO_INSIDES, only).map((n) => n.id)).toEqual(['director', 'client']);
    expect(buildEdges(linked, [], NO_INSIDES, only)).toEqual([]);
    const more = new Set([...only, 'node']);
    expect(buildEdges(linked, [], NO_INSIDES, more).map((e) => e.data!.a)).toEqual(['director:eth0', 'node:eth1']);
  });

  it('take a device back as it was kept (its measured size), and leave one being dragged where the drag has it', () => {
    const first = buildNodes(linked, [], true, NO_INSIDES, only);
    const kept = new Map(first.map((n) => [n.id, { ...n, measured: { width: 200, height: 80 } }]));
    const again = buildNodes(linked, kept, true, NO_INSIDES, only);
    expect(again.map((n) => n.measured)).toEqual([{ width: 200, height: 80 }, { width: 200, height: 80 }]);
    expect(again[0]).toBe(kept.get('director'));
    const dragged = { ...kept.get('director')!, position: { x: 999, y: 9 }, dragging: true };
    expect(buildNodes(linked, new Map([...kept, ['director', dragged]]), true, NO_INSIDES, only)[0]).toBe(dragged);
    // Dragged in a document drawn whole, the document wins as before.
    expect(buildNodes(linked, [dragged], true, NO_INSIDES)[0]!.position).not.toEqual({ x: 999, y: 9 });
  });
});
