import type { KeyAction, TargetLike } from '../playback/navigate';

/*
 * The keys of presentation mode. A presenter's clicker sends PageDown/PageUp (some send the
 * arrows), and the room expects Space to go on as it does in slides: in presentation every one
 * of them steps through the trace, forward or back; Home and End go to the first and last
 * event. Shift+P enters (F5 reloads the page in browsers, and a bare letter is typed into the
 * command box); Escape leaves. With a lesson open, N and P go to its next and previous step
 * (letters: a clicker's keys already step through the events, and a bare letter is free once
 * focus is off the command box). Pure: no React, no DOM.
 */

/** What the Present button's tooltip and aria-keyshortcuts name. */
export const PRESENT_SHORTCUT = 'Shift+P';

/** The playback action of a key press in presentation, or undefined when presentation does not take it. */
export function presentKeyAction(key: string, shift: boolean): KeyAction | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
      return { kind: 'move', delta: shift && key === 'ArrowRight' ? 10 : 1 };
    case 'ArrowLeft':
    case 'PageUp':
      return { kind: 'move', delta: shift && key === 'ArrowLeft' ? -10 : -1 };
    case ' ':
    case 'Spacebar':
      return { kind: 'move', delta: shift ? -1 : 1 };
    case 'Home':
      return { kind: 'first' };
    case 'End':
      return { kind: 'last' };
    default:
      return undefined;
  }
}

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Shift+P, and nothing else held (Ctrl+Shift+P is the browser's private window in Firefox). */
export function isPresentShortcut(e: KeyLike): boolean {
  return e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === 'P' || e.key === 'p');
}

/** What the lesson step buttons' tooltips and aria-keyshortcuts name. */
export const NEXT_STEP_SHORTCUT = 'N';
export const PREVIOUS_STEP_SHORTCUT = 'P';

/** Which way N and P go through a lesson's steps, nothing else held (Shift+P is presenting's own, and a caps lock's N is still N). */
export function lessonStepKey(e: KeyLike): 'next' | 'previous' | undefined {
  if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.key === 'n' || e.key === 'N') return 'next';
  if (e.key === 'p' || e.key === 'P') return 'previous';
  return undefined;
}

/** Where a key press is typing: a field, the config editor, anything editable. */
const TYPING = 'input, select, textarea, .cm-editor, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="spinbutton"]';
/** Where Escape already means something: a dialog or a menu closes with it. */
const CLOSES_ON_ESCAPE = 'dialog, [role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]';

export function isTyping(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'select' || tag === 'textarea') return true;
  return !!target.closest?.(TYPING);
}

/** Whether the page, not a field, dialog or menu, has a key pressed at `target` (those own their keys; Escape closes a dialog first). */
function pageHasKey(target: TargetLike | null | undefined): boolean {
  return !isTyping(target) && !target?.closest?.(CLOSES_ON_ESCAPE);
}

/** Whether Escape at `target` leaves presentation: not while typing, nor inside something Escape closes. */
export function escapeLeaves(target: TargetLike | null | undefined): boolean {
  return pageHasKey(target);
}

/** Whether N and P at `target` go through the lesson: not while typing, nor inside a dialog or menu. */
export function lessonKeysApply(target: TargetLike | null | undefined): boolean {
  return pageHasKey(target);
}
