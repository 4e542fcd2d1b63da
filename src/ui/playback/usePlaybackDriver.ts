import { useEffect } from 'react';
import { useSession } from '../../state/session';
import { advance, perform } from './control';
import { ignoresPlaybackKeys, keyAction, type KeyAction } from './navigate';

/*
 * What moves playback without a click: the clock that advances the step while playing, and
 * the keyboard (space, arrows, Shift+arrows, Home, End) anywhere on the page except where
 * typing happens.
 */

/**
 * While playing, one step every 1/speed seconds on the animation clock; a frame that comes
 * late catches up (at most a few steps, so a tab in the background does not leap to the end).
 */
export function usePlaybackClock(): void {
  const playing = useSession((s) => s.playing);
  const speed = useSession((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const interval = 1000 / speed;
    let last = performance.now();
    let owed = 0;
    let frame = requestAnimationFrame(function tick(now) {
      owed += now - last;
      last = now;
      let steps = Math.min(4, Math.floor(owed / interval));
      owed = steps === 4 ? 0 : owed - steps * interval;
      while (steps-- > 0) {
        if (!advance()) return;
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed]);
}

/**
 * Global playback keys, active only when there is a trace to play; `map` says what a key does
 * (presentation mode maps them its own way: present/keys.ts). The listener runs in the
 * capture phase: React Flow claims Space on the window (pan activation) and marks it handled,
 * so a bubbling listener registered after the canvas would never see it. Elements that own
 * these keys (fields, editors, sliders, tabs, canvas nodes) are left alone by the check.
 */
export function usePlaybackKeys(enabled: boolean, map: (key: string, shift: boolean) => KeyAction | undefined = keyAction): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const action = map(e.key, e.shiftKey);
      if (!action) return;
      const target = e.target instanceof Element ? e.target : null;
      if (ignoresPlaybackKeys(target, action, e.key)) return;
      e.preventDefault();
      perform(action);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled, map]);
}
