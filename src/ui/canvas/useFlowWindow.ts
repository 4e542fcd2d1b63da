import { useStoreApi, type ReactFlowState, type Rect } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { detailAt } from './detail';
import { serves, viewRect, windowAround } from './flow-window';

/*
 * The window of a very large document that React Flow is given (flow-window.ts), following the
 * view: a new one only once the view nears the old one's edge, so a pan or a zoom replaces it
 * now and then, not at every frame. None while zoomed out to dots (DotLayer draws them all).
 */

export function useFlowWindow(enabled: boolean): Rect | undefined {
  const store = useStoreApi();
  const [flowWindow, setWindow] = useState<Rect>();
  useEffect(() => {
    if (!enabled) return;
    const follow = (s: ReactFlowState) => {
      if (!s.width || !s.height || detailAt(s.transform[2]) === 'dots') return setWindow(undefined);
      const view = viewRect(s.transform, s.width, s.height);
      setWindow((w) => (serves(w, view) ? w : windowAround(view)));
    };
    follow(store.getState());
    return store.subscribe((s, before) => {
      if (s.transform !== before.transform || s.width !== before.width || s.height !== before.height) follow(s);
    });
  }, [enabled, store]);
  return enabled ? flowWindow : undefined;
}
