import type { TraceEvent } from '../../engine/trace/types';
import { useSession, type TraceFilter } from '../../state/session';
import { filterEvents, isFilterEmpty } from './classify';
import { isLastVisible, moveStep, type KeyAction } from './navigate';

/*
 * Playback commands shared by the buttons, the keyboard, the clock and the trace list. They
 * read and write the session store directly, so they work outside React renders too.
 */

let cache: { events: readonly TraceEvent[]; key: string; visible: number[] } | undefined;
const everyIndex = new WeakMap<readonly TraceEvent[], number[]>();

/** The trace indexes the filters let through (every index when no filter is on), memoised. */
export function visibleSteps(events: readonly TraceEvent[], filter: TraceFilter): number[] {
  if (isFilterEmpty(filter)) {
    let all = everyIndex.get(events);
    if (!all) everyIndex.set(events, (all = events.map((_, i) => i)));
    return all;
  }
  const key = `${filter.device ?? ''}|${filter.protocol ?? ''}|${filter.kind ?? ''}`;
  if (cache?.events !== events || cache.key !== key) cache = { events, key, visible: filterEvents(events, filter) };
  return cache.visible;
}

/** The events of the finished run, or undefined. */
export function currentEvents(): readonly TraceEvent[] | undefined {
  const run = useSession.getState().run;
  return run.status === 'done' ? run.result.events : undefined;
}

function visibleNow(): number[] {
  const events = currentEvents();
  return events ? visibleSteps(events, useSession.getState().filter) : [];
}

export function stepBy(delta: number): void {
  const s = useSession.getState();
  const visible = visibleNow();
  if (visible.length) s.setStep(moveStep(visible, s.step, delta));
}

export function stepToEnd(end: 'first' | 'last'): void {
  const visible = visibleNow();
  if (visible.length) useSession.getState().setStep(end === 'first' ? visible[0]! : visible[visible.length - 1]!);
}

/** Play from where we are; from the last step, play starts over from the first. */
export function togglePlay(): void {
  const s = useSession.getState();
  if (s.playing) return s.setPlaying(false);
  const visible = visibleNow();
  if (!visible.length) return;
  if (isLastVisible(visible, s.step)) s.setStep(visible[0]!);
  s.setPlaying(true);
}

/** One tick of the clock: the next step, or stop at the end. Returns whether it moved. */
export function advance(): boolean {
  const s = useSession.getState();
  const visible = visibleNow();
  if (!visible.length || isLastVisible(visible, s.step)) {
    s.setPlaying(false);
    return false;
  }
  s.setStep(moveStep(visible, s.step, 1));
  return true;
}

export function perform(action: KeyAction): void {
  switch (action.kind) {
    case 'toggle':
      return togglePlay();
    case 'move':
      useSession.getState().setPlaying(false);
      return stepBy(action.delta);
    case 'first':
    case 'last':
      useSession.getState().setPlaying(false);
      return stepToEnd(action.kind);
  }
}

export const SPEEDS = [1, 2, 4, 8, 16, 32] as const;
