import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import type { InsideLayout } from './inside/layout';
import { spreadFactor, spreadToDoc, spreadToFlow } from './spread';

/*
 * A device that grew to hold its namespaces must not cover its neighbours: the canvas spreads
 * the drawing by the least factor that parts them, and moves go back to the document unspread.
 */

const doc = (at: Record<string, [number, number]>): ScenarioDoc =>
  ({ hairpin: 1, title: 't', devices: Object.fromEntries(Object.entries(at).map(([id, p]) => [id, { kind: 'host', at: p, ports: {} }])), links: [], flows: [] }) as unknown as ScenarioDoc;
const inside = (width: number, height: number): InsideLayout => ({ width, height, parts: [], links: [], notRecorded: [] });

describe('spreadFactor', () => {
  it('is 1 while no device has an inside, or when the grown device has room', () => {
    const d = doc({ a: [0, 0], b: [100, 0] });
    expect(spreadFactor(d, new Map())).toBe(1);
    expect(spreadFactor(doc({ a: [0, 0], b: [1000, 0] }), new Map([['a', inside(400, 200)]]))).toBe(1);
  });

  it('parts a grown device from its neighbour along the cheaper axis, so that their boxes just clear', () => {
    // 100 units apart side by side: 200 px on the canvas.
    const d = doc({ a: [0, 0], b: [100, 0] });
    const f = spreadFactor(d, new Map([['a', inside(400, 200)]]));
    const [pa, pb] = [spreadToFlow(d.devices.a!.at, f), spreadToFlow(d.devices.b!.at, f)];
    // Neither has ports: half of each card (400 and 180 wide) and the gap between.
    expect(pb.x - pa.x).toBeCloseTo(400 / 2 + 180 / 2 + 24, 6);
    expect(pb.y).toBe(pa.y);
  });

  it('port labels beside a device take room too', () => {
    const d = doc({ a: [0, 0], b: [150, 0] });
    (d.devices.a as { ports: object }).ports = { eth0: null };
    (d.devices.b as { ports: object }).ports = { eth0: null };
    (d as { links: [string, string][] }).links = [['a:eth0', 'b:eth0']];
    const f = spreadFactor(d, new Map([['a', inside(400, 200)]]));
    // a's eth0 on its right, b's on its left, facing each other.
    expect(spreadToFlow(d.devices.b!.at, f).x - spreadToFlow(d.devices.a!.at, f).x).toBeCloseTo(400 / 2 + 150 + 150 + 180 / 2 + 24, 6);
  });

  it('two devices on the same spot cannot be parted by spreading; the factor is bounded', () => {
    expect(spreadFactor(doc({ a: [0, 0], b: [0, 0] }), new Map([['a', inside(400, 200)]]))).toBe(1);
    expect(spreadFactor(doc({ a: [0, 0], b: [1, 1] }), new Map([['a', inside(400, 200)]]))).toBe(3);
  });

  it('a place on the spread canvas goes back to the document position it came from', () => {
    expect(spreadToDoc(spreadToFlow([120, -40], 2.5), 2.5)).toEqual([120, -40]);
  });
});
