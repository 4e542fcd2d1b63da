import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { freeSpot, linkPeers, peerOf, portLayout, splitEnd, toDoc, toFlow } from './geometry';

const doc: ScenarioDoc = {
  hairpin: 2,
  title: 't',
  devices: {
    pc1: { kind: 'host', at: [0, 300], ports: { eth0: null } },
    pc2: { kind: 'host', at: [200, 300], ports: { eth0: null } },
    lan: { kind: 'switch', at: [100, 200], ports: { p1: null, p2: null, p3: null, p4: null } },
    router: { kind: 'router', at: [100, 100], ports: { eth0: null, eth1: null } },
    side: { kind: 'host', at: [400, 200], ports: { eth0: null } },
  },
  links: [
    ['pc1:eth0', 'lan:p1'],
    ['pc2:eth0', 'lan:p2'],
    ['router:eth1', 'lan:p3'],
    ['side:eth0', 'lan:p4'],
  ],
  flows: [],
};

describe('coordinates', () => {
  it('scales document units to pixels and back', () => {
    expect(toFlow([100, 50])).toEqual({ x: 200, y: 70 });
    expect(toDoc({ x: 201, y: 69 })).toEqual([101, 49]);
    expect(toFlow(undefined)).toEqual({ x: 0, y: 0 });
  });

  it('splits ends and finds peers', () => {
    expect(splitEnd('lan:p1')).toEqual(['lan', 'p1']);
    expect(peerOf(doc, 'lan', 'p3')).toBe('router:eth1');
    expect(peerOf(doc, 'router', 'eth0')).toBeUndefined();
  });
});

describe('portLayout', () => {
  it('puts each port on the side facing its peer, ordered by the peers', () => {
    expect(portLayout(doc, 'lan')).toEqual({ top: ['p3'], right: ['p4'], bottom: ['p1', 'p2'], left: [] });
    expect(portLayout(doc, 'pc1')).toEqual({ top: ['eth0'], right: [], bottom: [], left: [] });
    expect(portLayout(doc, 'side')).toEqual({ top: [], right: [], bottom: [], left: ['eth0'] });
  });

  it('gives the same layout with the peers looked up once for every device', () => {
    const peers = linkPeers(doc);
    for (const id of Object.keys(doc.devices)) expect(portLayout(doc, id, peers)).toEqual(portLayout(doc, id));
  });

  it('puts the first unlinked port on top when the top is free, the rest at the bottom', () => {
    expect(portLayout(doc, 'router')).toEqual({ top: ['eth0'], right: [], bottom: ['eth1'], left: [] });
    const bare: ScenarioDoc = { ...doc, links: [] };
    expect(portLayout(bare, 'lan')).toEqual({ top: ['p1'], right: [], bottom: ['p2', 'p3', 'p4'], left: [] });
    const cloud: ScenarioDoc = { ...bare, devices: { isp: { kind: 'cloud', at: [0, 0], ports: { eth0: null } } } };
    expect(portLayout(cloud, 'isp')).toEqual({ top: [], right: [], bottom: ['eth0'], left: [] });
  });
});

describe('freeSpot', () => {
  it('keeps the wanted spot when it is free', () => {
    expect(freeSpot({ x: 0, y: 0 }, [{ x: 500, y: 0 }])).toEqual({ x: 0, y: 0 });
  });

  it('moves away from a device already there, to the nearest free spot', () => {
    const p = freeSpot({ x: 0, y: 0 }, [{ x: 0, y: 0 }], { x: 200, y: 100 });
    expect(Math.abs(p.x) >= 200 || Math.abs(p.y) >= 100).toBe(true);
    expect(Math.hypot(p.x, p.y)).toBeLessThanOrEqual(200);
  });

  it('finds room in a crowd', () => {
    const taken = [-1, 0, 1].flatMap((i) => [-1, 0, 1].map((j) => ({ x: i * 100, y: j * 50 })));
    const p = freeSpot({ x: 0, y: 0 }, taken, { x: 200, y: 100 });
    expect(taken.every((t) => Math.abs(t.x - p.x) >= 200 || Math.abs(t.y - p.y) >= 100)).toBe(true);
  });
});
