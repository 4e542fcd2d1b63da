import { useEffect, useState } from 'react';

/*
 * False until the page has drawn the frame after this component's mount, then true: what waits
 * for it mounts in a task of its own. The diagram does (Canvas.tsx): React Flow measures the
 * page as it mounts (a layout of the whole page, forced in the middle of the script), and a
 * large document's canvas derives its geometry; mounted with the rest of the page, all of it
 * made one task of well over 100 ms when a 10,000-device link opened (issue 19). A lesson-sized
 * document's diagram does not wait (Canvas.tsx).
 */
export function useAfterFirstFrame(): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs before that frame is drawn; a task it posts runs after.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setDrawn(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return drawn;
}
