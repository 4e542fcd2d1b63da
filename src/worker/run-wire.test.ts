import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseIp4 } from '../engine/addr/ipv4';
import { runInjection, runScenario, type InjectResponse, type RunResponse } from '../engine/api';
import { parseScenario } from '../engine/scenario';
import { TCP_SYN } from '../engine/wire/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { packRun, transferablesOf, unpackRun, unpackRunNow, type PackedRun } from './run-wire';

/*
 * A run's answer as the page gets it from the worker (packed, posted, unpacked) is the answer
 * the engine gave: every flow of every built-in scenario and kernel suite, and injected
 * packets, equal in every value, with the same objects shared (a frame between its sent and
 * received events, a packet between its frame and the route that chose its way, a reason
 * between the events of one port).
 */

/** A long suite runs many flows. */
const SLOW = 120_000;

function scenarios(): [string, string][] {
  const fixtures = readdirSync('fixtures/scenarios').filter((f) => f.endsWith('.json'));
  return [...Object.entries(BUILTIN_SCENARIOS), ...fixtures.map((f): [string, string] => [`fixtures/${f}`, readFileSync(`fixtures/scenarios/${f}`, 'utf8')])];
}

/** As the worker posts it: a structured clone, its buffer transferred. */
function posted<T>(packed: PackedRun<T>): PackedRun<T> {
  return structuredClone(packed, { transfer: transferablesOf(packed) });
}

/**
 * Which objects are the same object: every object met in a walk (keys in sorted order, so the
 * walk is the same whatever order keys were added in), as the index of its first meeting.
 */
function sharing(value: unknown): number[] {
  const seen = new Map<object, number>();
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    const first = seen.get(v);
    out.push(first ?? seen.size);
    if (first !== undefined) return;
    seen.set(v, seen.size);
    if (v instanceof Uint8Array) return;
    for (const k of Object.keys(v).sort()) walk((v as Record<string, unknown>)[k]);
  };
  walk(value);
  return out;
}

function expectSame<T extends object>(original: T, label: string): void {
  const unpacked = unpackRunNow(posted(packRun(original)));
  expect(unpacked, label).toStrictEqual(original);
  expect(sharing(unpacked), `${label}: shared objects`).toEqual(sharing(original));
}

describe('a run through the wire to the page', () => {
  for (const [name, text] of scenarios()) {
    const parsed = parseScenario(text);
    if (!parsed.ok) continue;
    it(`${name}: every flow's answer unpacks to the answer the engine gave`, () => {
      parsed.scenario.flows.forEach((flow, index) => {
        const answer = runScenario({ doc: text, flow: index });
        expect(answer.ok).toBe(true);
        expectSame(answer, `${flow.title} (\`${flow.run}\` on ${flow.on})`);
      });
    }, SLOW);
  }

  it('an injected packet’s answer (its verdict beside the trace) and an error answer unpack the same', () => {
    const vps = BUILTIN_SCENARIOS['vps-slash32']!;
    const syn = { device: 'vps', inPort: 'eth0', proto: 'tcp' as const, src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('91.99.148.215')!, dport: 22, flags: TCP_SYN };
    const injected: InjectResponse = runInjection({ doc: vps, spec: syn });
    expect(injected.ok).toBe(true);
    expectSame(injected, 'SYN into vps:eth0');
    const refused = runInjection({ doc: vps, spec: { ...syn, device: 'nope' } });
    expect(refused.ok).toBe(false);
    expectSame(refused, 'no such device');
    expectSame(runScenario({ doc: '{' }), 'a document that does not parse');
  });

  it('an empty trace stays an empty trace', () => {
    const answer = runScenario({ doc: BUILTIN_SCENARIOS['home-lan']!, on: 'pc1', command: 'true' });
    if (!answer.ok) throw new Error('home-lan does not load');
    expect(answer.events.length).toBeGreaterThan(0);
    const none: RunResponse = { ...answer, events: [], ports: [] };
    expect(unpackRunNow(posted(packRun(none)))).toStrictEqual(none);
  });
});

describe('unpacking on the page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hands the thread back between slices of a long trace, and gives the same answer as in one go', async () => {
    const doc = BUILTIN_SCENARIOS['home-lan']!;
    const answer = runScenario({ doc, on: 'pc1', command: 'ping -c 60 -i 0.2 8.8.8.8' });
    if (!answer.ok) throw new Error('home-lan does not load');
    expect(answer.events.length).toBeGreaterThan(1_024);
    // A clock that moves 10 ms each time it is read: each look at it (every 512 events) ends a slice.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 10));
    let pauses = 0;
    const unpacked = await unpackRun(posted(packRun(answer)), async () => {
      pauses++;
    });
    expect(pauses).toBe(Math.floor(answer.events.length / 512));
    expect(unpacked).toStrictEqual(answer);
  });

  it('a short trace is unpacked without a pause', async () => {
    const answer = runScenario({ doc: BUILTIN_SCENARIOS['home-lan']!, on: 'pc1', command: 'true' });
    let pauses = 0;
    const unpacked = await unpackRun(posted(packRun(answer)), async () => {
      pauses++;
    });
    expect(pauses).toBe(0);
    expect(unpacked).toStrictEqual(answer);
  });
});
