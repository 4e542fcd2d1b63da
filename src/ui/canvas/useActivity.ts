import type { TraceEvent } from '../../engine/trace/types';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { stepActivity, type StepActivity } from './traffic';

/*
 * The trace activity at the current step, shared by every edge and the overlay: computed once
 * per (trace, step, links) however many components ask.
 */

const NONE: readonly TraceEvent[] = [];
let last: { events: readonly TraceEvent[]; step: number; links: unknown; value: StepActivity } | undefined;

function activityFor(events: readonly TraceEvent[], step: number, links: readonly (readonly [string, string])[]): StepActivity {
  if (last && last.events === events && last.step === step && last.links === links) return last.value;
  const value = stepActivity(events, step, links);
  last = { events, step, links, value };
  return value;
}

/** The events of the finished run, or none. */
export function useEvents(): readonly TraceEvent[] {
  return useSession((s) => (s.run.status === 'done' ? s.run.result.events : NONE));
}

export function useActivity(): StepActivity {
  const events = useEvents();
  const step = useSession((s) => s.step);
  const links = useDocument((s) => s.doc.links);
  return activityFor(events, step, links);
}

/** How long a frame takes to cross a link on screen: shorter while playing fast. */
export function useTravelMs(): { ms: number; loop: boolean } {
  const playing = useSession((s) => s.playing);
  const speed = useSession((s) => s.speed);
  return playing ? { ms: Math.max(160, Math.min(900, 850 / Math.max(speed, 0.1))), loop: false } : { ms: 1100, loop: true };
}
