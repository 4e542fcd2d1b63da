import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/api';
import { parseScenario } from '../engine/scenario';
import { scenarioJson } from '../engine/scenario/text';
import type { ScenarioDoc } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { runFlow } from '../engine/sim/run';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { PAIRS, builtinLesson, locateSteps } from '.';
import { PICTURE_HEIGHT, PICTURE_WIDTH, pictureOf } from './picture';
import { applySolution, questionRequest, verdictOf } from './question';

/*
 * The built-in lessons against the engine: each is a format 2 file whose lesson is inside, saved
 * by the app byte for byte as it ships; every step points at an event that happens in the real
 * trace of its flow, in trace order; every question fails on the scenario as shipped and passes
 * once fixed (by the fixed twin, or by the lesson's own answer).
 */

const doc = (name: string): ScenarioDoc => {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!, `${name}.json`);
  if (!parsed.ok) throw new Error(`${name} does not parse: ${parsed.errors[0]!.message}`);
  return parsed.scenario.doc;
};

const traces = new Map<string, TraceEvent[]>();
function trace(name: string, flow: number): TraceEvent[] {
  const key = `${name}#${flow}`;
  if (!traces.has(key)) {
    const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
    if (!parsed.ok) throw new Error(`${name} does not parse`);
    traces.set(key, runFlow(parsed.scenario, flow).events);
  }
  return traces.get(key)!;
}

describe('built-in lessons', () => {
  for (const name of Object.keys(BUILTIN_SCENARIOS)) {
    describe(name, () => {
      const lesson = builtinLesson(name)!;

      it('is a format 2 file with its lesson inside, and the app saves it as the same bytes', () => {
        const parsed = parseScenario(BUILTIN_SCENARIOS[name]!, `${name}.json`);
        expect(parsed.ok && parsed.warnings).toEqual([]);
        expect(doc(name).hairpin).toBe(2);
        expect(lesson.summary).toBeTruthy();
        expect(scenarioJson(doc(name))).toBe(BUILTIN_SCENARIOS[name]);
      });

      it('every step finds its event, in trace order', () => {
        const steps = lesson.steps ?? [];
        const at = locateSteps(steps, (f) => trace(name, f));
        steps.forEach((s, i) => expect(at[i], `step ${i + 1}: ${s.text}`).toBeGreaterThanOrEqual(0));
        // Flows in order, and within a flow, events in order (locateSteps only searches forward).
        for (let i = 1; i < steps.length; i++) expect(steps[i]!.flow).toBeGreaterThanOrEqual(steps[i - 1]!.flow);
        expect(steps.length).toBeGreaterThanOrEqual(4);
      });

      it('has a picture inside its box with every link', () => {
        const q = lesson.questions?.[0];
        const p = pictureOf(doc(name), q?.kind === 'exit' ? q.on : undefined);
        expect(p.nodes).toHaveLength(Object.keys(doc(name).devices).length);
        expect(p.links).toHaveLength(doc(name).links.length);
        for (const n of p.nodes) {
          expect(n.x).toBeGreaterThanOrEqual(0);
          expect(n.x).toBeLessThanOrEqual(PICTURE_WIDTH);
          expect(n.y).toBeGreaterThanOrEqual(0);
          expect(n.y).toBeLessThanOrEqual(PICTURE_HEIGHT);
        }
      });

      for (const q of lesson.questions ?? []) {
        if (q.kind !== 'exit') continue;
        it(`question fails as shipped: ${q.run} on ${q.on}`, () => {
          const d = doc(name);
          if (q.flow !== undefined) expect({ on: d.flows[q.flow]!.on, run: d.flows[q.flow]!.run }).toEqual({ on: q.on, run: q.run });
          expect(q.hints?.length).toBeGreaterThan(0);
          expect(verdictOf(runScenario(questionRequest(q, d)), q.exit).passed).toBe(false);
        });

        it('question passes with the lesson’s answer', () => {
          expect(q.answer?.edits).toBeDefined();
          const fixed = applySolution(doc(name), q.answer!.edits!);
          const res = runScenario(questionRequest(q, fixed));
          if (res.ok) expect(res.configIssues).toEqual([]);
          expect(verdictOf(res, q.exit)).toEqual({ passed: true, exit: q.exit ?? 0 });
        });
      }
    });
  }

  for (const pair of PAIRS) {
    it(`${pair.broken} → ${pair.fixed}: the question passes on the fixed twin`, () => {
      expect(verdictOf(runScenario(questionRequest(pair, doc(pair.fixed))))).toEqual({ passed: true, exit: 0 });
      expect(builtinLesson(pair.broken)!.state).toBe('broken');
      expect(builtinLesson(pair.fixed)!.state).toBe('fixed');
    });
  }
});
