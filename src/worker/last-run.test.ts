import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { parseIp4 } from '../engine/addr/ipv4';
import { deviceViews, injectViews, networksBuilt, recordInjection, recordScenario, type InjectRequest, type RunRequest } from '../engine/api';
import { injectKey, LastRun, runKey } from './last-run';

/*
 * The worker keeps its last run with the views it printed at every step: stepping through that
 * run with a device selected answers each step without booting or simulating anything, and
 * answers what a replay stopped at that step prints.
 */

const homeLan = BUILTIN_SCENARIOS['home-lan']!;

describe('the last run answers its steps', () => {
  it('every step of a lesson flow, on every device: no network is built, and each answer is the replay\'s at that step', () => {
    const req: RunRequest = { doc: homeLan, flow: 0 };
    const { response, recorded } = recordScenario(req);
    if (!response.ok) throw new Error('the lesson does not run');
    const last = new LastRun();
    last.keep(runKey(req), recorded);
    const devices = [...new Set(response.events.map((e) => e.device))];
    const built = networksBuilt();
    const answers = [];
    for (let step = 0; step < response.events.length; step++) for (const device of devices) answers.push(last.views(runKey({ ...req }), device, step));
    // Stepping built (booted) no network: nothing was simulated again.
    expect(networksBuilt()).toBe(built);
    expect(answers.every((a) => a !== undefined && !('error' in a))).toBe(true);
    for (const step of [0, Math.floor(response.events.length / 2), response.events.length - 1]) {
      expect(last.views(runKey(req), devices[0]!, step)).toEqual(deviceViews(req, devices[0]!, step));
    }
  });

  it('another request (another flow, seed or document) is not the kept run: the worker replays it', () => {
    const req: RunRequest = { doc: homeLan, flow: 0 };
    const last = new LastRun();
    last.keep(runKey(req), recordScenario(req).recorded);
    expect(last.views(runKey({ ...req, flow: 1 }), 'pc1', 0)).toBeUndefined();
    expect(last.views(runKey({ ...req, seed: 2 }), 'pc1', 0)).toBeUndefined();
    expect(last.views(runKey({ ...req, doc: homeLan.replace('pc1', 'pc9') }), 'pc1', 0)).toBeUndefined();
    expect(last.views(runKey(req), 'nope', 0)).toEqual({ error: 'no device "nope"' });
  });

  it("an injected packet's run: its steps are looked up too, as injectViews replays them", () => {
    const vps = BUILTIN_SCENARIOS['vps-slash32']!;
    const req: InjectRequest = { doc: vps, spec: { device: 'vps', inPort: 'eth0', proto: 'tcp', src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('91.99.148.215')!, dport: 22 } };
    const { response, recorded } = recordInjection(req);
    if (!response.ok) throw new Error('the injection does not run');
    const last = new LastRun();
    last.keep(injectKey(req), recorded);
    const built = networksBuilt();
    const answers = response.events.map((_, step) => last.views(injectKey(req), 'vps', step));
    expect(networksBuilt()).toBe(built);
    answers.forEach((a, step) => expect(a, `step ${step}`).toEqual(injectViews(req, 'vps', step)));
    // A run request is never the injection's.
    expect(last.views(runKey({ doc: vps }), 'vps', 0)).toBeUndefined();
  });
});
