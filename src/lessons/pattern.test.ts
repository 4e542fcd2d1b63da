import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import type { EventPattern } from '../engine/scenario/types';
import { runFlow } from '../engine/sim/run';
import type { TraceEvent } from '../engine/trace/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { locateSteps, matches } from './match';
import { patternOf } from './pattern';

/*
 * "Use as step" against real traces of built-in scenarios: for every event of a flow, the
 * pattern made for it finds that very event (the first match after the previous step of the
 * flow, as the lesson panel finds it), and it names no more than it needs.
 */

function trace(name: string, flow: number): TraceEvent[] {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return runFlow(parsed.scenario, flow).events;
}

const locate = (events: readonly TraceEvent[], patterns: readonly EventPattern[]) =>
  locateSteps(patterns.map((event) => ({ flow: 0, event })), () => events);

describe('patternOf on real traces', () => {
  for (const [name, flow] of [
    ['hairpin-nat-broken', 1],
    ['home-lan', 0],
    ['k8s-clusterip-iptables', 0],
    ['nft-home-router', 0],
  ] as const) {
    it(`${name}, flow ${flow}: every event, as the first step, is found where it is`, () => {
      const events = trace(name, flow);
      expect(events.length).toBeGreaterThan(10);
      let unique = 0;
      events.forEach((e, i) => {
        const p = patternOf(events, i);
        if (!p) {
          // Only an event that looks exactly like an earlier one has no pattern of its own.
          expect(events.slice(0, i).some((x) => x.device === e.device && x.kind === e.kind && JSON.stringify(x.reason) === JSON.stringify(e.reason)), `#${i}`).toBe(true);
          return;
        }
        unique++;
        expect(locate(events, [p]), `#${i} ${JSON.stringify(p)}`).toEqual([i]);
      });
      expect(unique).toBeGreaterThan(events.length / 2);
    });

    it(`${name}, flow ${flow}: every event after a step on an earlier event is found (the "second SYN" needs no counting)`, () => {
      const events = trace(name, flow);
      const first = patternOf(events, 0)!;
      for (let i = 1; i < events.length; i++) {
        const p = patternOf(events, i, [first]);
        if (p) expect(locate(events, [first, p]), `#${i}`).toEqual([0, i]);
      }
    });
  }

  it('a step following another of the same flow needs fewer facts: the search starts after it', () => {
    const events = trace('hairpin-nat-broken', 1);
    // The router's second nf_hook event: alone, its pattern must tell it from the first; after a step on the first, not.
    const hooks = events.map((e, i) => (e.device === 'router' && e.reason.code === 'nf_hook' ? i : -1)).filter((i) => i >= 0);
    const alone = patternOf(events, hooks[1]!)!;
    const after = patternOf(events, hooks[1]!, [patternOf(events, hooks[0]!)!])!;
    expect(Object.keys(after.reason!).length).toBeLessThanOrEqual(Object.keys(alone.reason!).length);
    expect(locate(events, [alone])).toEqual([hooks[1]]);
  });

  it('writes addresses as people do ("192.168.1.2"), and names only the facts it needs', () => {
    const events = trace('hairpin-nat-broken', 1);
    const patterns = events.map((_, i) => patternOf(events, i));
    const text = JSON.stringify(patterns);
    expect(text).not.toMatch(/"(ip|addr|target|sender|src|dst|gateway)":\d/);
    // The router's neighbour entry for pc1 (after its entry for pc2): told apart by the address alone.
    const i = events.findIndex((e) => e.device === 'router' && e.kind === 'arp-cache' && 'ip' in e.reason && e.reason.ip === 0xc0a80102);
    expect(patterns[i]).toEqual({ device: 'router', port: 'eth1', kind: 'arp-cache', reason: { code: 'neigh_state', ip: '192.168.1.2' } });
    // The first DNAT needs nothing but its code.
    const nat = events.findIndex((e) => e.kind === 'nat');
    expect(patterns[nat]).toEqual({ device: 'router', kind: 'nat', reason: { code: 'nat' } });
  });

  it('gives none for an event that is not there, or before the previous step', () => {
    const events = trace('home-lan', 0);
    expect(patternOf(events, events.length)).toBeUndefined();
    const last = patternOf(events, events.length - 1)!;
    expect(patternOf(events, 0, [last])).toBeUndefined();
  });
});
