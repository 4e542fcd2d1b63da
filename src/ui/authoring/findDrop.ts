import { boxOf } from '../../engine/trace/netns-label';
import type { TraceEvent } from '../../engine/trace/types';
import { verdict, type RunResult } from '../../engine/trace/verdict';

/*
 * "Find it", for a "which device drops it?" question: the drop a run's verdict is about (the
 * most telling one, as the summary under the run names it), else the trace's last drop. Pure, so
 * the unit test runs what the button runs.
 */

/** The device (a namespace's event counts for its device) and the drop event, or undefined when nothing was dropped. */
export function dropOf(run: RunResult): { device: string; event: TraceEvent } | undefined {
  const seq = verdict(run).seq;
  const told = seq !== undefined ? run.events[seq] : undefined;
  const event = told?.kind === 'drop' ? told : run.events.findLast((e) => e.kind === 'drop');
  return event ? { device: boxOf(event.device), event } : undefined;
}
