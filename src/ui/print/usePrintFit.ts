import { getViewportForBounds, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';

/*
 * The browser lays out a printed page without running ResizeObserver, so the diagram would print
 * with the screen's pan and zoom, cut off or tiny in the handout's box. Before printing, the
 * view is fitted to that box (its size is print.css's .canvas-area); after, the screen's comes back.
 */

/** print.css's canvas box, 180 mm × 110 mm, in CSS pixels (96 per inch). */
export const PRINT_CANVAS = { width: (180 * 96) / 25.4, height: (110 * 96) / 25.4 };

export function usePrintFit(): void {
  const { getNodes, getNodesBounds, getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    let screen: ReturnType<typeof getViewport> | undefined;
    const before = () => {
      const nodes = getNodes();
      if (!nodes.length) return;
      screen = getViewport();
      void setViewport(getViewportForBounds(getNodesBounds(nodes), PRINT_CANVAS.width, PRINT_CANVAS.height, 0.1, 1.3, '24px'));
    };
    const after = () => {
      if (screen) void setViewport(screen);
      screen = undefined;
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, [getNodes, getNodesBounds, getViewport, setViewport]);
}
