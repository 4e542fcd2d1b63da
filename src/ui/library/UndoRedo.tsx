import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useDocument } from '../../state/document';

/*
 * Undo and redo of the document (zundo keeps the history of the document only), as buttons and
 * as Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on macOS) anywhere on the page. Text fields keep their
 * own undo, and the config editor handles these keys itself (and undoes the document there).
 */

export function undo(): void {
  useDocument.temporal.getState().undo();
}

export function redo(): void {
  useDocument.temporal.getState().redo();
}

/** Where the browser or an editor already gives the keys a meaning of their own. */
function ownsUndoKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.cm-editor')) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset'].includes(target.type);
  return false;
}

/** A modal dialog (rename, share) is in front: the document behind it is not what the user is at. */
function modalOpen(): boolean {
  return [...document.querySelectorAll('dialog[open]')].some((d) => d.matches(':modal'));
}

/** Which history step a key press asks for, if any. */
export function undoKeyAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return undefined;
}

function useUndoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The config editor already undid (it prevents the default); never undo twice.
      if (e.defaultPrevented || ownsUndoKeys(e.target) || modalOpen()) return;
      const action = undoKeyAction(e);
      if (!action) return;
      e.preventDefault();
      if (action === 'undo') undo();
      else redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function UndoRedo() {
  useUndoKeys();
  const canUndo = useStore(useDocument.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useDocument.temporal, (s) => s.futureStates.length > 0);
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl+';
  return (
    <span className="undo-redo" role="group" aria-label="History">
      <button type="button" onClick={undo} disabled={!canUndo} title={`Undo (${mod}Z)`} aria-keyshortcuts={mac ? 'Meta+Z' : 'Control+Z'}>
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title={`Redo (${mod}Shift+Z)`} aria-keyshortcuts={mac ? 'Meta+Shift+Z' : 'Control+Shift+Z Control+Y'}>
        Redo
      </button>
    </span>
  );
}
