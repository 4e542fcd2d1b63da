import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/api';
import { parseScenario } from '../engine/scenario';
import type { ScenarioDoc } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { runFlow } from '../engine/sim/run';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { LESSONS, PAIRS, locateSteps } from '.';
import { PICTURE_HEIGHT, PICTURE_WIDTH, pictureOf } from './picture';
import { applySolution, questionRequest, verdictOf } from './question';

/*
 * The lessons against the engine: every step points at an event that happens in the real
 * trace of its flow, in trace order, and every question fails on the scenario as shipped and
 * passes once fixed (by the fixed twin, or by the lesson's own solution).
 */

const doc = (name: string): ScenarioDoc => JSON.parse(BUILTIN_SCENARIOS[name]!) as ScenarioDoc;

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

describe('lessons', () => {
  it('has one lesson per built-in scenario, in the same order', () => {
    expect(Object.keys(LESSONS)).toEqual(Object.keys(BUILTIN_SCENARIOS));
  });

  for (const lesson of Object.values(LESSONS)) {
    describe(lesson.name, () => {
      it('every step finds its event, in trace order', () => {
        const flows = doc(lesson.name).flows.length;
        const at = locateSteps(lesson.steps, (f) => (f < flows ? trace(lesson.name, f) : undefined));
        lesson.steps.forEach((s, i) => expect(at[i], `step ${i + 1}: ${s.text}`).toBeGreaterThanOrEqual(0));
        // Flows in order, and within a flow, events in order (locateSteps only searches forward).
        for (let i = 1; i < lesson.steps.length; i++) expect(lesson.steps[i]!.flow).toBeGreaterThanOrEqual(lesson.steps[i - 1]!.flow);
        expect(lesson.steps.length).toBeGreaterThanOrEqual(4);
      });

      it('has a picture inside its box with every link', () => {
        const p = pictureOf(doc(lesson.name), lesson.question?.on);
        expect(p.nodes).toHaveLength(Object.keys(doc(lesson.name).devices).length);
        expect(p.links).toHaveLength(doc(lesson.name).links.length);
        for (const n of p.nodes) {
          expect(n.x).toBeGreaterThanOrEqual(0);
          expect(n.x).toBeLessThanOrEqual(PICTURE_WIDTH);
          expect(n.y).toBeGreaterThanOrEqual(0);
          expect(n.y).toBeLessThanOrEqual(PICTURE_HEIGHT);
        }
      });

      const q = lesson.question;
      if (!q) return;
      it(`question fails as shipped: ${q.run} on ${q.on}`, () => {
        const d = doc(lesson.name);
        if (q.flow !== undefined) expect({ on: d.flows[q.flow]!.on, run: d.flows[q.flow]!.run }).toEqual({ on: q.on, run: q.run });
        const v = verdictOf(runScenario(questionRequest(q, d)));
        expect(v.passed).toBe(false);
      });

      it('question passes with the lesson’s solution', () => {
        expect(q.solution).toBeDefined();
        const fixed = applySolution(doc(lesson.name), q.solution!);
        const res = runScenario(questionRequest(q, fixed));
        if (res.ok) expect(res.configIssues).toEqual([]);
        expect(verdictOf(res)).toEqual({ passed: true, exit: 0 });
      });
    });
  }

  for (const pair of PAIRS) {
    it(`${pair.broken} → ${pair.fixed}: the question passes on the fixed twin`, () => {
      const q = LESSONS[pair.broken]!.question!;
      expect(verdictOf(runScenario(questionRequest(q, doc(pair.fixed))))).toEqual({ passed: true, exit: 0 });
      expect(LESSONS[pair.broken]!.state).toBe('broken');
      expect(LESSONS[pair.fixed]!.state).toBe('fixed');
    });
  }
});
