import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { useSession } from '../../state/session';
import { useTeaching } from '../../state/teaching';
import { visibleSteps } from './control';
import { positionOf, rowWindow } from './navigate';
import { TraceFilters } from './TraceFilters';
import { ROW_HEIGHT, TraceRow } from './TraceRow';

/*
 * The trace: every event of the run, filtered by device, protocol and kind. Click a row (or
 * focus it and press Enter) to jump there; ↑/↓ move the focus between rows. The current step
 * is highlighted and kept in view. Long traces (400 events and more: a thousand rows cost the
 * browser half a second of layout) render only the rows in view plus the current and focused
 * ones; the list keeps its full height, so every event is reachable by scrolling.
 */

export const VIRTUALIZE_AT = 400;

const namespaced = new WeakMap<readonly TraceEvent[], boolean>();

/** Whether events happen in namespaces inside devices: their places (`box/ns1:ceth1`) need a wider column. */
function hasNamespaces(events: readonly TraceEvent[]): boolean {
  let known = namespaced.get(events);
  if (known === undefined) namespaced.set(events, (known = events.some((e) => e.device.includes('/'))));
  return known;
}

/**
 * Where to scroll to show the row at `pos` in a viewport at `top` of `height`, or undefined
 * when it shows already: the least needed (keyboard focus), or, with `centre`, the row in the
 * middle, so playback shows what comes next. Works from the last measured scroll position, so
 * stepping does not force a layout.
 */
function revealTop(top: number, height: number, pos: number, centre = false, rowHeight = ROW_HEIGHT): number | undefined {
  const row = pos * rowHeight;
  if (row >= top && row + rowHeight <= top + height) return undefined;
  if (centre) return Math.max(0, row - (height - rowHeight) / 2);
  return row < top ? row : row + rowHeight - height;
}

/** `rowHeight`: taller rows for larger type (presentation mode); the default is TraceRow's. */
export function TraceList({ rowHeight = ROW_HEIGHT }: { rowHeight?: number } = {}) {
  const run = useSession((s) => s.run);
  const step = useSession((s) => s.step);
  const filter = useSession((s) => s.filter);
  const events = run.status === 'done' ? run.result.events : [];
  const visible = visibleSteps(events, filter);
  const count = visible.length;
  const currentPos = positionOf(visible, step);

  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  const [focusPos, setFocusPos] = useState<number | undefined>(undefined);
  const focusPending = useRef(false);

  const viewRef = useRef(view);
  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const next = { top: el.scrollTop, height: el.clientHeight };
    viewRef.current = next;
    setView((v) => (v.top === next.top && v.height === next.height ? v : next));
  }, []);
  const scrollTo = useCallback((pos: number, centre: boolean) => {
    const el = box.current;
    const { top, height } = viewRef.current;
    const to = el ? revealTop(top, height, pos, centre, rowHeight) : undefined;
    if (el && to !== undefined) {
      el.scrollTop = to;
      // Not read back (that would force a layout at every step while playing): the scroll
      // event measures again if the browser clamped it.
      const next = { top: to, height };
      viewRef.current = next;
      setView((v) => (v.top === next.top && v.height === next.height ? v : next));
    }
  }, [rowHeight]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // A new run or new filters: the focus starts again from the current step.
  useEffect(() => setFocusPos(undefined), [visible]);

  // Keep the current step in view whenever it changes.
  useLayoutEffect(() => {
    if (currentPos >= 0) scrollTo(currentPos, true);
  }, [currentPos, visible, scrollTo]);

  // After ↑/↓, focus the row that is now the focused one (it may have just been rendered).
  useEffect(() => {
    if (!focusPending.current || focusPos === undefined) return;
    focusPending.current = false;
    box.current?.querySelector<HTMLElement>(`[data-pos="${focusPos}"]`)?.focus();
  }, [focusPos]);

  const pick = useCallback((seq: number) => {
    const s = useSession.getState();
    s.setPlaying(false);
    s.setStep(seq);
    // Answering "which device drops it?" by the row where it happens.
    const teaching = useTeaching.getState();
    const event = s.run.status === 'done' ? s.run.result.events[seq] : undefined;
    if (teaching.choosing !== undefined && event) teaching.answer(event.device);
  }, []);

  const tabPos = focusPos ?? (currentPos >= 0 ? currentPos : 0);
  const onKeyDown = (e: React.KeyboardEvent) => {
    // Taken already by playback (presentation steps with PageDown/PageUp).
    if (e.defaultPrevented) return;
    const delta = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 10 : e.key === 'PageUp' ? -10 : 0;
    if (!delta || count === 0) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(count - 1, tabPos + delta));
    scrollTo(next, false);
    focusPending.current = true;
    setFocusPos(next);
  };

  const positions = new Set<number>();
  const [start, end] = count < VIRTUALIZE_AT ? [0, count] : rowWindow(count, rowHeight, view.top, view.height);
  for (let p = start; p < end; p++) positions.add(p);
  if (currentPos >= 0) positions.add(currentPos);
  if (tabPos < count) positions.add(tabPos);
  const rows = [...positions].sort((a, b) => a - b);

  return (
    <section className="pane trace-pane" role="region" aria-label="Trace">
      <div className="pane-head">
        <h2 className="pane-title">Trace</h2>
        <TraceFilters events={events} shown={count} />
      </div>
      {events.length > 0 && count > 0 && currentPos < 0 && <p className="trace-hidden-note">Step {step + 1} is hidden by the filters.</p>}
      <div className="trace-scroll" ref={box} onScroll={measure}>
        {events.length === 0 ? (
          <p className="pane-empty">{run.status === 'running' ? 'The trace appears when the run ends.' : 'The trace of a run appears here: every frame, route lookup, rule and rewrite, step by step.'}</p>
        ) : count === 0 ? (
          <p className="pane-empty">No event matches the filters.</p>
        ) : (
          <ul role="list" aria-label="Trace events" className={`trace-list${hasNamespaces(events) ? ' has-netns' : ''}`} style={{ height: count * rowHeight }} onKeyDown={onKeyDown}>
              {rows.map((pos) => {
                const index = visible[pos]!;
                return <TraceRow key={index} event={events[index]!} step={index} pos={pos} count={count} current={index === step} focusable={pos === tabPos} onPick={pick} height={rowHeight} />;
              })}
          </ul>
        )}
      </div>
    </section>
  );
}
