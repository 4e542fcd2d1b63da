import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/api';
import { builtinLesson } from '../../lessons';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { locateInFlow, nextStep, previousStep, stepAt } from './jumpToStep';

/*
 * Which lesson step the event on screen belongs to, and where Previous/Next go. A step runs
 * from its event until the next step's; the steps of another flow are not in this trace.
 */

describe('the step an event belongs to', () => {
  // Steps 0 and 3 are another flow's (-1); 1, 2 and 4 are at events 5, 9 and 20.
  const located = [-1, 5, 9, -1, 20];

  it('is the step located last at or before it', () => {
    expect(stepAt(located, 5)).toBe(1);
    expect(stepAt(located, 8)).toBe(1);
    expect(stepAt(located, 9)).toBe(2);
    expect(stepAt(located, 19)).toBe(2);
    expect(stepAt(located, 400)).toBe(4);
  });

  it('is none before the first located step, or when no step is in this trace', () => {
    expect(stepAt(located, 4)).toBeUndefined();
    expect(stepAt([-1, -1], 10)).toBeUndefined();
  });
});

describe('Next and Previous', () => {
  const located = [-1, 5, 9, -1, 20];

  it('follow the lesson’s order, into another flow’s step too', () => {
    expect(nextStep(5, located, 5)).toBe(2);
    expect(nextStep(5, located, 12)).toBe(3);
    expect(previousStep(located, 20)).toBe(3);
    expect(previousStep(located, 9)).toBe(1);
    expect(previousStep(located, 6)).toBe(0);
  });

  it('stop at the ends', () => {
    expect(nextStep(5, located, 25)).toBeUndefined();
    expect(previousStep([3, 8], 4)).toBeUndefined();
  });

  it('without a current step: Next is the first step ahead in this trace, else the lesson’s first; Previous is none', () => {
    expect(nextStep(5, located, 2)).toBe(1);
    expect(nextStep(5, [-1, -1, -1, -1, -1], 0)).toBe(0);
    expect(previousStep(located, 2)).toBeUndefined();
    expect(nextStep(0, [], 0)).toBeUndefined();
  });
});

describe('in a built-in lesson’s trace', () => {
  it('hairpin NAT: each step of the hairpin flow is its own event, and stepping Next from the first walks them in order', () => {
    const steps = builtinLesson('hairpin-nat-broken')!.steps!;
    const r = runScenario({ doc: BUILTIN_SCENARIOS['hairpin-nat-broken']!, flow: 1 });
    if (!r.ok) throw new Error('scenario does not load');
    const located = locateInFlow(steps, 1, r.events);
    // Step 1 is the port forward from the internet (flow 0): not in this trace.
    expect(located[0]).toBe(-1);
    expect(located.slice(1).every((at) => at >= 0)).toBe(true);
    expect(r.events[located[1]!]).toMatchObject({ device: 'pc2', kind: 'arp-request' });
    const walked: number[] = [];
    for (let i: number | undefined = 1; i !== undefined; i = nextStep(steps.length, located, located[i]!)) walked.push(i);
    expect(walked).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(previousStep(located, located[1]!)).toBe(0);
  });
});
