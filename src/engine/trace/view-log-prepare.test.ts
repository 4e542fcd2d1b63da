import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { manyRoutes } from '../generate/large';
import { recordScenario } from '../api';
import { PREPARED_DEVICES } from './view-log';

/*
 * Right after a run the worker prints ahead, in slices, the views a step of the run's devices
 * would print from the end state (ViewLog.prepare), so the first step the user takes with a
 * device selected is a lookup, not a 100,000-route table printed while they wait. Counted by
 * the views printed (tools/views.ts runView), never timed.
 */

const printed = vi.hoisted(() => ({ views: 0 }));
vi.mock('../tools/views', async (importOriginal) => {
  const views = await importOriginal<typeof import('../tools/views')>();
  return {
    ...views,
    runView: (...a: Parameters<typeof views.runView>) => {
      printed.views++;
      return views.runView(...a);
    },
  };
});

/** Views printed while `f` runs. */
function counting<T>(f: () => T): { printed: number; answer: T } {
  const before = printed.views;
  const answer = f();
  return { printed: printed.views - before, answer };
}

describe("a run's views printed ahead", () => {
  it("the run's device and those its frames crossed: their steps' views are then looked up, printing nothing, and the same as without", () => {
    const doc = BUILTIN_SCENARIOS['home-lan']!;
    // Flow 2: pc1 pings 8.8.8.8 through the lan switch and the router to isp; pc2 hears the ARP broadcasts only.
    const run = () => recordScenario({ doc, flow: 1 }, undefined, undefined);
    const { response, recorded } = run();
    if (!response.ok || !recorded) throw new Error('the lesson did not run');
    const ahead = counting(() => [...recorded.prepare()].length);
    // One generator step per view printed.
    expect(ahead.printed).toBe(ahead.answer);
    expect(ahead.printed).toBeGreaterThan(0);
    const step = response.events.length >> 1;
    for (const device of ['pc1', 'lan', 'router', 'isp', 'pc2']) {
      const looked = counting(() => recorded.views(device, step));
      expect(looked.printed, device).toBe(0);
      expect(looked.answer, device).toEqual(run().recorded!.views(device, step));
    }
    // Printed once: preparing again prints nothing.
    expect(counting(() => [...recorded.prepare()].length).printed).toBe(0);
  });

  it('a router with many routes on the path (the bench has 100,000): its `ip route` is printed ahead, and the first step shows the whole table', () => {
    const doc = JSON.stringify(manyRoutes(2_000));
    const { response, recorded } = recordScenario({ doc, flow: 0 });
    if (!response.ok || !recorded) throw new Error('did not run');
    const steps = recorded.prepare();
    // Slices end between views: a request arriving meanwhile waits for one view at most.
    let views = 0;
    while (!steps.next().done) views++;
    expect(views).toBeGreaterThan(0);
    const first = counting(() => recorded.views('r1', 0));
    expect(first.printed).toBe(0);
    const routes = 'ip route' in first.answer ? first.answer['ip route'].split('\n').filter((l) => / via 192\.168\.1\.2 /.test(l)) : [];
    expect(routes).toHaveLength(2_000);
  });

  it('a network larger than a path: at most PREPARED_DEVICES devices are printed ahead', () => {
    // Every host on one switch: an ARP broadcast crosses all of them.
    const hosts = PREPARED_DEVICES + 8;
    const devices: Record<string, unknown> = { sw: { kind: 'switch', ports: Object.fromEntries(Array.from({ length: hosts }, (_, i) => [`p${i}`, null])) } };
    const links: [string, string][] = [];
    for (let i = 0; i < hosts; i++) {
      devices[`h${i}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add 10.0.0.${i + 1}/24 dev eth0`] };
      links.push([`h${i}:eth0`, `sw:p${i}`]);
    }
    const doc = JSON.stringify({ hairpin: 2, title: 'one broadcast domain', devices, links, flows: [{ on: 'h0', run: `ping -c 1 -W 1 10.0.0.${hosts}` }] });
    const { response, recorded } = recordScenario({ doc, flow: 0 });
    if (!response.ok || !recorded) throw new Error('did not run');
    [...recorded.prepare()];
    const step = response.events.length - 1;
    const unprepared = Array.from({ length: hosts }, (_, i) => `h${i}`).filter((h) => counting(() => recorded.views(h, step)).printed > 0);
    // The ones past the limit print when first asked, as before.
    expect(unprepared.length).toBeGreaterThanOrEqual(hosts + 1 - PREPARED_DEVICES);
    expect(unprepared).not.toContain('h0');
  });
});
