import { useMemo } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { locateSteps } from '../../lessons/match';
import type { Step } from '../../lessons';
import { runCurrent } from '../../state/actions';
import { runIsOutOfDate, useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';

/*
 * Going to a lesson step, shared by the lesson panel's list and presentation's Previous/Next:
 * a step points at an event of one flow's trace; when the trace on screen is not a current run
 * of that flow, the flow runs first, then playback stops at the event. The position helpers
 * (where each step is in the trace on screen, which step the current event belongs to, which
 * step is next or previous) are pure.
 */

/** Where each step is in `events`, the trace of flow `flow`: -1 for another flow's step, or one that does not occur. */
export function locateInFlow(steps: readonly Step[], flow: number, events: readonly TraceEvent[]): number[] {
  return locateSteps(steps, (f) => (f === flow ? events : undefined));
}

/**
 * The step the event at `at` belongs to: the step located last at or before it (a step runs
 * until the next one's event). Undefined before the first located step.
 */
export function stepAt(located: readonly number[], at: number): number | undefined {
  let best: number | undefined;
  located.forEach((where, i) => {
    if (where >= 0 && where <= at && (best === undefined || where > located[best]!)) best = i;
  });
  return best;
}

/**
 * The step after the current one, in the lesson's order. Without a current step (no run of a
 * step's flow yet, or before its first step), the first step located after the event on screen,
 * else the lesson's first. Undefined at the last step.
 */
export function nextStep(count: number, located: readonly number[], at: number): number | undefined {
  const current = stepAt(located, at);
  if (current !== undefined) return current + 1 < count ? current + 1 : undefined;
  let ahead: number | undefined;
  located.forEach((where, i) => {
    if (where > at && (ahead === undefined || where < located[ahead]!)) ahead = i;
  });
  return ahead ?? (count > 0 ? 0 : undefined);
}

/** The step before the current one; undefined at the first or without a current step. */
export function previousStep(located: readonly number[], at: number): number | undefined {
  const current = stepAt(located, at);
  return current !== undefined && current > 0 ? current - 1 : undefined;
}

/**
 * Where each step is in the trace on screen, when that trace is a current run of a flow (not a
 * typed command, not out of date); all -1 otherwise. Follows the run and the flow chosen.
 */
export function useStepsOnScreen(steps: readonly Step[]): number[] {
  const run = useSession((s) => s.run);
  // A typed command's run or an injected packet's is not the flow's.
  const custom = useSession((s) => s.custom ?? s.packet);
  const flowIndex = useSession((s) => s.flowIndex);
  const outOfDate = useRunOutOfDate();
  const shown = run.status === 'done' && !custom && !outOfDate ? run.result.events : undefined;
  return useMemo(() => (shown ? locateInFlow(steps, flowIndex, shown) : steps.map(() => -1)), [steps, shown, flowIndex]);
}

export type JumpOutcome = { ok: true; at: number } | { ok: false; message: string };

/**
 * Shows step `i`'s event: runs its flow first when the trace on screen is not a current run of
 * it (`onRun` is told, so a button can say "running"), then stops playback there. A step whose
 * flow is gone, a run that fails, or an event the run no longer has is a message, not a throw.
 */
export async function jumpToStep(steps: readonly Step[], i: number, onRun?: () => void): Promise<JumpOutcome> {
  const target = steps[i];
  if (!target) return { ok: false, message: `The lesson has no step ${i + 1}.` };
  if (target.flow >= useDocument.getState().doc.flows.length) {
    return { ok: false, message: `This step is about flow ${target.flow}, which the scenario no longer has.` };
  }
  const s = useSession.getState();
  const ready = s.run.status === 'done' && !s.custom && !s.packet && s.flowIndex === target.flow && !runIsOutOfDate();
  if (!ready) {
    onRun?.();
    s.setFlow(target.flow);
    await runCurrent();
  }
  const after = useSession.getState();
  if (after.run.status !== 'done') {
    return { ok: false, message: after.run.status === 'error' ? `The run failed: ${after.run.message}` : 'The run did not finish.' };
  }
  const at = locateInFlow(steps, target.flow, after.run.result.events)[i]!;
  if (at < 0) return { ok: false, message: 'This step does not happen in this run: the config has changed since the lesson was written.' };
  after.setPlaying(false);
  after.setStep(at);
  return { ok: true, at };
}
