import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { layoutPositions, needsLayout, withLayout } from './layout';

const doc: ScenarioDoc = {
  hairpin: 1,
  title: 't',
  devices: {
    pc1: { kind: 'host', ports: { eth0: null } },
    pc2: { kind: 'host', ports: { eth0: null } },
    lan: { kind: 'switch', ports: { p1: null, p2: null, p3: null } },
    router: { kind: 'router', ports: { eth0: null, eth1: null } },
    isp: { kind: 'cloud', ports: { eth0: null } },
  },
  links: [
    ['pc1:eth0', 'lan:p1'],
    ['lan:p2', 'pc2:eth0'],
    ['lan:p3', 'router:eth1'],
    ['router:eth0', 'isp:eth0'],
  ],
  flows: [],
};

describe('auto-layout', () => {
  it('is needed when a device has no position', () => {
    expect(needsLayout(doc)).toBe(true);
    expect(needsLayout(withLayout(doc))).toBe(false);
  });

  it('ranks top to bottom: cloud, router, switch, hosts side by side', () => {
    const at = layoutPositions(doc);
    const y = (id: string) => at[id]![1];
    expect(y('isp')).toBeLessThan(y('router'));
    expect(y('router')).toBeLessThan(y('lan'));
    expect(y('lan')).toBeLessThan(y('pc1'));
    expect(y('pc1')).toBe(y('pc2'));
    expect(at.pc1![0]).not.toBe(at.pc2![0]);
  });

  it('leaves the input alone and keeps everything else', () => {
    const laid = withLayout(doc);
    expect(doc.devices.pc1!.at).toBeUndefined();
    expect(laid.links).toBe(doc.links);
    expect(laid.devices.router!.ports).toEqual(doc.devices.router!.ports);
  });

  it('places devices without links too', () => {
    const at = layoutPositions({ ...doc, links: [] });
    expect(new Set(Object.values(at).map((p) => p.join(','))).size).toBe(5);
  });
});

describe('auto-layout of a big scenario', () => {
  it('places thousands of devices on a grid at once, routers above hosts, none on top of another', () => {
    const devices: ScenarioDoc['devices'] = {};
    for (let i = 0; i < 5000; i++) devices[`h${i}`] = { kind: 'host', ports: { eth0: null } };
    devices.r = { kind: 'router', ports: { eth0: null } };
    const links: ScenarioDoc['links'] = Array.from({ length: 2500 }, (_, i) => [`h${2 * i}:eth0`, `h${2 * i + 1}:eth0`]);
    const started = performance.now();
    const at = layoutPositions({ hairpin: 1, title: 'big', devices, links, flows: [] });
    expect(performance.now() - started).toBeLessThan(500);
    expect(Object.keys(at)).toHaveLength(5001);
    expect(new Set(Object.values(at).map((p) => p.join(','))).size).toBe(5001);
    expect(at.r![1]).toBeLessThan(at.h4999![1]);
  });
});
