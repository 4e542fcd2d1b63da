import { useStoreApi, type ReactFlowState, type Rect } from '@xyflow/react';
import { startTransition, useEffect, useState } from 'react';
import { detailAt } from './detail';
import { serves, viewRect, windowAround } from './flow-window';

/*
 * The window of a very large document that React Flow is given (flow-window.ts), following the
 * view: a new one only once the view nears the old one's edge, so a pan or a zoom replaces it
 * now and then, not at every frame. None while zoomed out to dots (DotLayer draws them all).
 * A new window is a transition: React draws it in a task of its own, after what the view
 * change itself redraws (the devices a fit is made of, which include those in view when a
 * document opens, are there already).
 */

export function useFlowWindow(enabled: boolean): Rect | undefined {
  const store = useStoreApi();
  const [flowWindow, setWindow] = useState<Rect>();
  useEffect(() => {
    if (!enabled) return;
    const follow = (s: ReactFlowState) => {
      if (!s.width || !s.height || detailAt(s.transform[2]) === 'dots') return startTransition(() => setWindow(undefined));
      const view = viewRect(s.transform, s.width, s.height);
      startTransition(() => setWindow((w) => (serves(w, view) ? w : windowAround(view))));
    };
    follow(store.getState());
    return store.subscribe((s, before) => {
      if (s.transform !== before.transform || s.width !== before.width || s.height !== before.height) follow(s);
    });
  }, [enabled, store]);
  return enabled ? flowWindow : undefined;
}
