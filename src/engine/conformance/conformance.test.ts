import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { compareWithKernel, formatDiffs, readRecording, recordedFlows } from './compare';
import { maskChance } from './normalise';
import { modelledFlow } from './modelled';

/*
 * The simulator against the real kernel: every recorded flow (fixtures/kernel, made by
 * scripts/kernel/record.ts in network namespaces) must give the same exit status and the
 * same frames on every port, in order, after normalising what the kernel picks at random.
 */

const root = fileURLToPath(new URL('../../../fixtures/kernel', import.meta.url));
const flows = recordedFlows(root);
/** Scenarios recorded for the conformance suite only (not built-in lessons). */
const extra = fileURLToPath(new URL('../../../fixtures/scenarios', import.meta.url));
const scenarioText = (name: string): string | undefined =>
  BUILTIN_SCENARIOS[name] ?? (existsSync(`${extra}/${name}.json`) ? readFileSync(`${extra}/${name}.json`, 'utf8') : undefined);

const extraNames = existsSync(extra) ? readdirSync(extra).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)) : [];

/**
 * Flows modelled, not recorded (README): the kernel's trace would go through IPVS or a device this
 * kernel cannot build, so the recorder leaves them out. Decided by running the simulator
 * (conformance/modelled.ts), only for scenarios with such a device or command.
 */
const modelled = [...new Set([...Object.keys(BUILTIN_SCENARIOS), ...extraNames])].sort().flatMap((name) => {
  const parsed = parseScenario(scenarioText(name)!);
  if (!parsed.ok) return [];
  return parsed.scenario.flows.map((f) => ({ scenario: name, flow: f.index, run: f.run, features: modelledFlow(parsed.scenario, f.index) })).filter((f) => f.features.length);
});
const isModelled = (scenario: string, flow: number) => modelled.some((m) => m.scenario === scenario && m.flow === flow);

describe('kernel conformance (recorded captures)', () => {
  it('has recordings for every flow of every built-in scenario (except those modelled, not recorded)', () => {
    for (const [name, text] of Object.entries(BUILTIN_SCENARIOS)) {
      const parsed = parseScenario(text);
      if (!parsed.ok) throw new Error(name);
      for (const f of parsed.scenario.flows) {
        if (isModelled(name, f.index)) continue;
        expect(flows.some((r) => r.scenario === name && r.flow === f.index), `${name} flow ${f.index}`).toBe(true);
      }
    }
  });

  // Each modelled flow is listed as skipped, and none has a recording (the recorder writes none).
  for (const m of modelled) it.skip(`${m.scenario} flow ${m.flow} (${m.run}): modelled, not recorded (${m.features.join(', ')})`, () => {});
  if (modelled.length) {
    it(`keeps no recording of the ${modelled.length} modelled flows`, () => {
      const recorded = modelled.filter((m) => flows.some((r) => r.scenario === m.scenario && r.flow === m.flow));
      expect(recorded.map((m) => `${m.scenario} flow ${m.flow}`)).toEqual([]);
    });
  }

  for (const f of flows) {
    it(`${f.scenario} flow ${f.flow}: same exit and same frames per port as Linux`, () => {
      const text = scenarioText(f.scenario);
      expect(text, `scenario ${f.scenario}`).toBeDefined();
      const parsed = parseScenario(text!);
      if (!parsed.ok) throw new Error(f.scenario);
      const sim = runFlow(parsed.scenario, f.flow);
      const rec = readRecording(f.dir, [...sim.captures.keys()]);
      const result = compareWithKernel(sim, rec);
      expect(sim.exit, 'exit status').toBe(rec.exit);
      expect(result.diffs.length, `frames differ:\n${formatDiffs(result.diffs)}`).toBe(0);
      // The comparison is not vacuous: the kernel saw frames, or (a flow that puts none on a
      // wire: `ip route get`, a lookup answered on lo) it printed what we print.
      if (!result.ports.some((p) => p.kernel.length > 0)) expect(maskChance(sim.stdout), 'stdout of a flow with no frames').toBe(maskChance(rec.stdout));
    });
  }
});
