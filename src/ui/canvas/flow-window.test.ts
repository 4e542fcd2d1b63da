import { describe, expect, it } from 'vitest';
import { withIdle } from '../../engine/generate/large';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { deviceCount } from '../../state/device-ids';
import { devicesIn, DEVICE_REACH, isWindowed, outermost, reachOf, serves, viewRect, windowAround, WINDOWED_ABOVE } from './flow-window';
import type { Point } from './geometry';

/*
 * The window of a very large document that React Flow holds: the devices near the view, both
 * ends of every link crossing it, and the outermost devices a fit of the whole is made of.
 */

const links = (pairs: [string, string][]): ScenarioDoc['links'] => pairs.map(([a, b]) => [`${a}:eth0`, `${b}:eth1`]);
const at = (entries: Record<string, [number, number]>) => new Map<string, Point>(Object.entries(entries).map(([id, [x, y]]) => [id, { x, y }]));

describe('the view and its window', () => {
  it('is the flow rectangle the transform shows, and twice its size around it', () => {
    const view = viewRect([-200, -100, 0.5], 1000, 600);
    expect(view).toEqual({ x: 400, y: 200, width: 2000, height: 1200 });
    expect(windowAround(view)).toEqual({ x: -600, y: -400, width: 4000, height: 2400 });
  });

  it('serves the view until it comes within a quarter view of the edge, or the view is zoomed far in', () => {
    const view = { x: 0, y: 0, width: 1000, height: 500 };
    const window = windowAround(view);
    expect(serves(undefined, view)).toBe(false);
    expect(serves(window, view)).toBe(true);
    // Panned a quarter view: still a quarter to spare.
    expect(serves(window, { ...view, x: 250 })).toBe(true);
    expect(serves(window, { ...view, x: 251 })).toBe(false);
    expect(serves(window, { ...view, y: -126 })).toBe(false);
    // Zoomed out a little: still inside; further, past the window.
    expect(serves(window, { x: -100, y: -50, width: 1200, height: 600 })).toBe(true);
    expect(serves(window, { x: -300, y: -150, width: 1600, height: 800 })).toBe(false);
    // Zoomed in to half the size: still; further, the window would hold many devices out of sight.
    expect(serves(window, { x: 250, y: 125, width: 500, height: 250 })).toBe(true);
    expect(serves(window, { x: 300, y: 150, width: 400, height: 200 })).toBe(false);
  });
});

describe('devicesIn', () => {
  const centres = at({ near: [100, 100], edge: [1000 + DEVICE_REACH.x - 1, 100], far: [5000, 100], farther: [9000, 100], above: [100, -3000], below: [100, 3000] });
  const window = { x: 0, y: 0, width: 1000, height: 500 };

  it('holds the devices whose card reaches into the window', () => {
    expect([...devicesIn(window, centres, [])].sort()).toEqual(['edge', 'near']);
  });

  it('holds both ends of a link crossing the window, however far they are', () => {
    expect([...devicesIn(window, centres, links([['above', 'below']]))].sort()).toEqual(['above', 'below', 'edge', 'near']);
    expect([...devicesIn(window, centres, links([['near', 'far']]))].sort()).toEqual(['edge', 'far', 'near']);
    // A link wholly beside the window is not.
    expect([...devicesIn(window, centres, links([['far', 'farther']]))].sort()).toEqual(['edge', 'near']);
  });

  it('reaches further for a device drawn big (what it holds inside)', () => {
    const reach = reachOf([{ width: 2000, height: 40 }]);
    expect(reach.x).toBeGreaterThan(DEVICE_REACH.x);
    expect(reach.y).toBe(DEVICE_REACH.y);
    expect([...devicesIn({ ...window, width: 3900 }, centres, [], reach)].sort()).toEqual(['edge', 'far', 'near']);
  });

  it('at 10,000 devices holds a few of them for a readable view', () => {
    const doc = withIdle(9_997);
    // As the tree layout spreads a row of pairs: 230 apart, rows 145 apart.
    const centres = new Map(Object.keys(doc.devices).map((id, i) => [id, { x: (i >> 1) * 230, y: (i & 1) * 145 }]));
    const held = devicesIn(windowAround(viewRect([0, 0, 0.6], 1280, 720)), centres, doc.links);
    expect(held.size).toBeGreaterThan(10);
    expect(held.size).toBeLessThan(100);
  });
});

describe('outermost', () => {
  it('is the leftmost, rightmost, top and bottom device, each once', () => {
    expect(outermost(at({ a: [0, 0], b: [10, 5], c: [-5, 20], d: [3, -4] })).sort()).toEqual(['b', 'c', 'd']);
    expect(outermost(at({ only: [1, 1] }))).toEqual(['only']);
    expect(outermost(new Map())).toEqual([]);
  });
});

describe('which documents are windowed', () => {
  it('those with more devices than the minimap draws', () => {
    expect(isWindowed(withIdle(9_997))).toBe(true);
    // withIdle(n) has 3 devices and n idle ones in pairs.
    const [under, over] = [withIdle(WINDOWED_ABOVE - 3), withIdle(WINDOWED_ABOVE - 1)];
    expect([deviceCount(under), deviceCount(over)]).toEqual([WINDOWED_ABOVE - 1, WINDOWED_ABOVE + 1]);
    expect(isWindowed(under)).toBe(false);
    expect(isWindowed(over)).toBe(true);
  });
});
