import { boxOf } from '../../engine/trace/netns-label';
import type { TraceEvent } from '../../engine/trace/types';
import { verdict, type RunResult } from '../../engine/trace/verdict';

/*
 * "Find it", for a "which device drops it?" question: the drop a run's verdict is about (the
 * most telling one, as the summary under the run names it), else the trace's last drop. Pure, so
 * the unit test runs what the button runs.
 */

/** The device (a namespace's event counts for its device), the drop event and its step, or undefined when nothing was dropped. */
export function dropOf(run: RunResult): { device: string; event: TraceEvent; step: number } | undefined {
  const seq = verdict(run).seq;
  const step = seq !== undefined && run.events[seq]?.kind === 'drop' ? seq : run.events.findLastIndex((e) => e.kind === 'drop');
  const event = run.events[step];
  return event ? { device: boxOf(event.device), event, step } : undefined;
}
