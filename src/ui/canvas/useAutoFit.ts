import { useReactFlow, type FitViewOptions } from '@xyflow/react';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useDocument } from '../../state/document';
import { useInsidesNow } from './insides';
import { needsLayout } from './layout';

/*
 * Keeping the diagram in view without fighting the user: a newly opened scenario is fitted
 * whole (an empty one is centred at zoom 1), and while the user has not panned or zoomed by
 * hand, the fit follows the canvas when its size changes (panes resizing, styles arriving).
 * Entering or leaving presentation fits it again, by the options the canvas gives for it.
 */

export function useAutoFit(wrapper: RefObject<HTMLDivElement | null>, options: FitViewOptions, presenting = false) {
  const { fitView, setViewport } = useReactFlow();
  const doc = useDocument((s) => s.doc);
  const origin = useDocument((s) => s.origin);
  const userMoved = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Read when the fit happens: the options follow the canvas's size, which just changed.
  const latest = useRef(options);
  latest.current = options;

  const refit = useCallback(
    (animate: boolean) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const r = wrapper.current?.getBoundingClientRect();
        if (!r || !r.width || !r.height) return;
        const empty = !Object.keys(useDocument.getState().doc.devices).length;
        if (empty) void setViewport({ x: r.width / 2, y: r.height / 2, zoom: 1 });
        else void fitView({ ...latest.current, duration: animate ? 250 : 0 });
      }, 60);
    },
    [wrapper, fitView, setViewport],
  );

  // A newly opened scenario is shown whole (again once placed, if it came without positions).
  const shown = `${origin ?? ''}\n${doc.title}\n${needsLayout(doc)}`;
  const lastShown = useRef(shown);
  useEffect(() => {
    if (lastShown.current === shown) return;
    lastShown.current = shown;
    userMoved.current = false;
    refit(true);
  }, [shown, refit]);

  // Devices grew to hold what is inside them (the worker's answer comes after the first fit).
  const layouts = useInsidesNow().layouts;
  const lastLayouts = useRef(layouts);
  useEffect(() => {
    if (lastLayouts.current === layouts) return;
    lastLayouts.current = layouts;
    if (!userMoved.current) refit(true);
  }, [layouts, refit]);

  // The canvas changed size: fit again, unless the user chose the view.
  useEffect(() => {
    const el = wrapper.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = '';
    const observer = new ResizeObserver(([entry]) => {
      const size = `${Math.round(entry?.contentRect.width ?? 0)}x${Math.round(entry?.contentRect.height ?? 0)}`;
      if (size === last) return;
      const first = !last;
      last = size;
      if (!first && !userMoved.current) refit(false);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [wrapper, refit]);

  // New options (the canvas turned narrow or wide): fit again by them, unless the user chose the view.
  const lastOptions = useRef(options);
  useEffect(() => {
    if (lastOptions.current === options) return;
    lastOptions.current = options;
    if (!userMoved.current) refit(false);
  }, [options, refit]);

  // Entering or leaving presentation is a new layout for the room: shown whole again, even after a pan by hand.
  const lastPresenting = useRef(presenting);
  useEffect(() => {
    if (lastPresenting.current === presenting) return;
    lastPresenting.current = presenting;
    userMoved.current = false;
    refit(true);
  }, [presenting, refit]);

  useEffect(() => () => clearTimeout(timer.current), []);

  /** For React Flow's onMoveStart: a move with an event is the user's own. */
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userMoved.current = true;
  }, []);
  return { onMoveStart };
}
