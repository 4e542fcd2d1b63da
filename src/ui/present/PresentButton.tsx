import { useEffect, useState } from 'react';
import { usePresentation } from '../../state/presentation';
import { PRESENT_SHORTCUT } from './keys';
import { enterPresentation, exitPresentation, toggleFullScreen } from './presenting';

/*
 * The header's way in and out of presentation mode: "Present" (Shift+P), and while presenting
 * "Exit presentation" (Escape) with "Full screen" beside it where the browser offers one.
 */

function useFullScreen(): boolean {
  const [on, setOn] = useState(() => typeof document !== 'undefined' && !!document.fullscreenElement);
  useEffect(() => {
    const change = () => setOn(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', change);
    return () => document.removeEventListener('fullscreenchange', change);
  }, []);
  return on;
}

export function PresentButton() {
  const presenting = usePresentation((s) => s.presenting);
  const fullScreen = useFullScreen();
  if (!presenting) {
    return (
      <button type="button" className="present-button" data-present-button onClick={enterPresentation} aria-keyshortcuts={PRESENT_SHORTCUT} title={`Present: large type, the canvas beside the packet, keyboard and clicker stepping (${PRESENT_SHORTCUT})`}>
        Present
      </button>
    );
  }
  return (
    <>
      {document.fullscreenEnabled && (
        <button type="button" aria-pressed={fullScreen} onClick={toggleFullScreen} title="The browser's full screen (Escape leaves it)">
          Full screen
        </button>
      )}
      <button type="button" className="primary present-exit" onClick={exitPresentation} aria-keyshortcuts="Escape" title="Back to the normal layout (Escape)">
        Exit presentation
      </button>
    </>
  );
}
