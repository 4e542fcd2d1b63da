import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { switchTree } from '../../engine/generate/large';
import { LARGE_LAYOUT, layoutPositions, needsLayout, withLayout } from './layout';

const doc: ScenarioDoc = {
  hairpin: 2,
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
  it('is needed when a device has no position', async () => {
    expect(needsLayout(doc)).toBe(true);
    expect(needsLayout(await withLayout(doc))).toBe(false);
  });

  it('ranks top to bottom: cloud, router, switch, hosts side by side', async () => {
    const at = await layoutPositions(doc);
    const y = (id: string) => at[id]![1];
    expect(y('isp')).toBeLessThan(y('router'));
    expect(y('router')).toBeLessThan(y('lan'));
    expect(y('lan')).toBeLessThan(y('pc1'));
    expect(y('pc1')).toBe(y('pc2'));
    expect(at.pc1![0]).not.toBe(at.pc2![0]);
  });

  it('leaves the input alone and keeps everything else', async () => {
    const laid = await withLayout(doc);
    expect(doc.devices.pc1!.at).toBeUndefined();
    expect(laid.links).toBe(doc.links);
    expect(laid.devices.router!.ports).toEqual(doc.devices.router!.ports);
  });

  it('places devices without links too', async () => {
    const at = await layoutPositions({ ...doc, links: [] });
    expect(new Set(Object.values(at).map((p) => p.join(','))).size).toBe(5);
  });

  it('places a thousand devices in tree order, each parent above its children, none overlapping', async () => {
    const big = switchTree(3, 10);
    expect(Object.keys(big.devices).length).toBeGreaterThan(LARGE_LAYOUT);
    const at = await layoutPositions(big);
    const [x, y] = [(id: string) => at[id]![0], (id: string) => at[id]![1]];
    expect(y('s1')).toBeLessThan(y('s2'));
    expect(y('s2')).toBeLessThan(y('s3'));
    expect(y('s3')).toBeLessThan(y('h1'));
    // s3 is the first leaf switch: its ten hosts form a grid of four columns below it, s3 centred above.
    expect(y('h1')).toBe(y('h4'));
    expect(y('h5')).toBeGreaterThan(y('h1'));
    expect(x('h5')).toBe(x('h1'));
    expect(Math.abs(x('s3') - (x('h1') + x('h4')) / 2)).toBeLessThanOrEqual(1);
    // The next leaf switch's hosts start to the right of s3's.
    expect(x('h11')).toBeGreaterThan(x('h4'));
    const spots = new Set(Object.values(at).map((p) => p.join(',')));
    expect(spots.size).toBe(Object.keys(big.devices).length);
  });
});

describe('auto-layout of a big scenario', () => {
  it('places thousands of devices at once, routers above hosts, none on top of another', async () => {
    const devices: ScenarioDoc['devices'] = {};
    for (let i = 0; i < 5000; i++) devices[`h${i}`] = { kind: 'host', ports: { eth0: null } };
    devices.r = { kind: 'router', ports: { eth0: null } };
    const links: ScenarioDoc['links'] = Array.from({ length: 2500 }, (_, i) => [`h${2 * i}:eth0`, `h${2 * i + 1}:eth0`]);
    const at = await layoutPositions({ hairpin: 2, title: 'big', devices, links, flows: [] });
    expect(Object.keys(at)).toHaveLength(5001);
    expect(new Set(Object.values(at).map((p) => p.join(','))).size).toBe(5001);
    expect(at.r![1]).toBeLessThan(at.h4999![1]);
  });
});
