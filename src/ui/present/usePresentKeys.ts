import { useEffect } from 'react';
import { usePresentation } from '../../state/presentation';
import { escapeLeaves, isPresentShortcut, isTyping } from './keys';
import { enterPresentation, exitPresentation } from './presenting';

/*
 * Shift+P presents and Escape stops presenting, anywhere on the page except where typing
 * happens (a field, the config editor). Escape in an open dialog or menu closes that first.
 * Stepping keys are playback's (usePlaybackKeys with present/keys.ts's map).
 */
export function usePresentKeys(): void {
  const presenting = usePresentation((s) => s.presenting);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const target = e.target instanceof Element ? e.target : null;
      if (!presenting && isPresentShortcut(e) && !isTyping(target)) {
        e.preventDefault();
        enterPresentation();
      } else if (presenting && e.key === 'Escape' && escapeLeaves(target) && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        exitPresentation();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting]);
}
