import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import type { ScenarioDoc } from '../scenario/types';
import { manyRoutes, manyRules, packCommands, rowAndColumn, star, switchTree, withIdle } from './large';

function runFirst(doc: ScenarioDoc) {
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
  const r = runFlow(parsed.scenario, 0);
  expect(r.configIssues).toEqual([]);
  return r;
}

describe('large scenario generators', () => {
  it('packCommands joins commands into lines under the limit', () => {
    expect(packCommands(['a', 'b', 'c'], 4)).toEqual(['a; b', 'c']);
    expect(packCommands([])).toEqual([]);
  });

  it('star: a ping crosses the switch', () => {
    for (const n of [2, 255]) {
      const doc = star(n);
      expect(Object.keys(doc.devices)).toHaveLength(n + 1);
      expect(runFirst(doc).exit).toBe(0);
    }
    expect(() => star(256)).toThrow(RangeError);
  });

  it('switchTree: a ping crosses the tree from the first leaf to the last', () => {
    const doc = switchTree(3, 3);
    expect(Object.keys(doc.devices)).toHaveLength(13 + 27);
    const r = runFirst(doc);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('1 received');
  });

  it('withIdle: the flows exit 0 and idle devices send nothing', () => {
    const doc = withIdle(100);
    expect(Object.keys(doc.devices)).toHaveLength(103);
    const r = runFirst(doc);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('10 received');
    expect(r.captures.get('a0:eth0')).toEqual([]);
  });

  it('rowAndColumn: the chain in a row, idle pairs in a column, and the ping crosses the chain', () => {
    const doc = rowAndColumn(3, 10);
    expect(Object.keys(doc.devices)).toHaveLength(3 + 2 + 10);
    expect([doc.devices.client!.at, doc.devices.r3!.at, doc.devices.server!.at]).toEqual([[0, 0], [600, 0], [800, 0]]);
    expect([doc.devices.a4!.at, doc.devices.b4!.at]).toEqual([[0, 500], [200, 500]]);
    const r = runFirst(doc);
    expect(r.exit).toBe(0);
    expect(r.captures.get('a4:eth0')).toEqual([]);
    // The issue's document: 100 routers and 9,800 hosts, within the format's 10,000 devices.
    expect(Object.keys(rowAndColumn(100, 9_800).devices)).toHaveLength(9_902);
  });

  it('manyRoutes: pings reach the last of many routes', () => {
    for (const n of [10, 10_000]) {
      const r = runFirst(manyRoutes(n));
      expect(r.exit, `${n} routes`).toBe(0);
      expect(r.stdout).toContain('10 received');
    }
  });

  it('manyRules: pings pass after every non-matching rule, even 10,000 and more of them', () => {
    for (const n of [0, 1000, 10_000]) {
      const r = runFirst(manyRules(n));
      expect(r.exit, `${n} rules`).toBe(0);
    }
  });
});
