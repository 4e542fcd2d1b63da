import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { modelledFlow, modelledRun } from './modelled';

/*
 * A scenario mixing IPVS (and a dummy, kube-ipvs0 style) with a plain routed path: the kernel
 * records the routed flows; the ones whose trace reaches the director are modelled, not recorded.
 */
const text = readFileSync(new URL('../../../fixtures/scenarios/kernel-ipvs-mixed.json', import.meta.url), 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('kernel-ipvs-mixed does not parse');
const scenario = parsed.scenario;

describe('which flows of a mixed scenario the kernel records', () => {
  it('records the flows that never reach the IPVS director (client → router → web)', () => {
    expect(modelledFlow(scenario, 0)).toEqual([]);
    expect(modelledFlow(scenario, 1)).toEqual([]);
  });
  it('leaves out the VIP (IPVS NAT), the backend routed through the director, and ipvsadm -L on it', () => {
    expect(modelledFlow(scenario, 2)).toEqual(['IPVS', 'dummy']);
    // Routed through the director, never reaching IPVS: only the director's missing dummy counts.
    expect(modelledFlow(scenario, 3)).toEqual(['dummy']);
    expect(modelledFlow(scenario, 4)).toEqual(['IPVS', 'dummy']);
  });
  it('decides the same from a traced run passed in', () => {
    expect(modelledFlow(scenario, 2, runFlow(scenario, 2, { capture: false }))).toEqual(['IPVS', 'dummy']);
    expect(modelledFlow(scenario, 0, runFlow(scenario, 0, { capture: false }))).toEqual([]);
  });
  it('judges any command the same way (hairpin run --on)', () => {
    expect(modelledRun(scenario, 'web', 'ping -c 1 10.0.1.2')).toEqual([]);
    expect(modelledRun(scenario, 'backend', 'ping -c 1 10.0.1.2')).toEqual(['dummy']);
  });
});
