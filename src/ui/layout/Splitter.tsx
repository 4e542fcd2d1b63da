import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';

/*
 * A pane's resize handle (ARIA window splitter): drag it, or focus it and press the arrows
 * (Shift: bigger steps), Home and End. Its value is the size in CSS pixels of the pane it
 * controls, read back from the page, so it also shows what CSS made of a remembered size.
 */

const STEP = 16;
const BIG_STEP = 64;

interface Props {
  label: string;
  /** The pane whose size this handle sets. */
  pane: RefObject<HTMLElement | null>;
  paneId: string;
  /** `vertical`: a vertical bar between columns, setting a width; `horizontal`: a height. */
  orientation: 'vertical' | 'horizontal';
  /**
   * Which way the pane grows as the handle moves right or down: -1 for a pane after the
   * handle (the inspector on the right, the playback area below), +1 for one before it.
   */
  grows: 1 | -1;
  min: number;
  max: number;
  onResize(size: number): void;
}

export function Splitter({ label, pane, paneId, orientation, grows, min, max, onResize }: Props) {
  const [size, setSize] = useState<number | undefined>();
  const drag = useRef<{ start: number; size: number } | null>(null);
  const horizontal = orientation === 'horizontal';

  useEffect(() => {
    const el = pane.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const read = () => setSize(Math.round(horizontal ? el.offsetHeight : el.offsetWidth));
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [pane, horizontal]);

  const clamp = (v: number) => Math.round(Math.max(min, Math.min(max, v)));
  const current = () => {
    const el = pane.current;
    return el ? (horizontal ? el.offsetHeight : el.offsetWidth) : (size ?? min);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const by = e.shiftKey ? BIG_STEP : STEP;
    // The arrows move the handle: along its own axis they mean nothing.
    const forward = horizontal ? 'ArrowDown' : 'ArrowRight';
    const back = horizontal ? 'ArrowUp' : 'ArrowLeft';
    let next: number | undefined;
    if (e.key === forward) next = current() + grows * by;
    else if (e.key === back) next = current() - grows * by;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    if (next === undefined) return;
    e.preventDefault();
    onResize(clamp(next));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    drag.current = { start: horizontal ? e.clientY : e.clientX, size: current() };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    onResize(clamp(d.size + grows * ((horizontal ? e.clientY : e.clientX) - d.start)));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-controls={paneId}
      aria-orientation={orientation}
      aria-valuemin={min}
      aria-valuemax={Math.max(min, max)}
      aria-valuenow={size ?? min}
      aria-valuetext={size === undefined ? undefined : `${size} pixels`}
      className={`splitter splitter--${orientation}`}
      title={`${label}: drag, or focus and use the arrow keys`}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}
