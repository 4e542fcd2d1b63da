/*
 * Where a step key, a step button or the playback clock goes next. With filters on, stepping
 * and playing move through the events the trace list shows (`visible`, trace indexes in
 * order); with no filter `visible` is every index. Pure: no React, no DOM.
 */

/** First index in the sorted `list` that is >= `value` (list.length when none). */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The step `delta` visible events away from `step` (negative: back), clamped to the first and
 * last visible event. From a step the filters hide, one step forward is the next visible event.
 */
export function moveStep(visible: readonly number[], step: number, delta: number): number {
  if (visible.length === 0) return step;
  const at = lowerBound(visible, step);
  const exact = visible[at] === step;
  let pos: number;
  if (delta > 0) pos = (exact ? at : at - 1) + delta;
  else if (delta < 0) pos = at + delta;
  else pos = exact ? at : Math.min(at, visible.length - 1);
  return visible[Math.max(0, Math.min(visible.length - 1, pos))]!;
}

/** Position of `step` in `visible`, or -1 when the filters hide it. */
export function positionOf(visible: readonly number[], step: number): number {
  const at = lowerBound(visible, step);
  return visible[at] === step ? at : -1;
}

export function isLastVisible(visible: readonly number[], step: number): boolean {
  return visible.length === 0 || step >= visible[visible.length - 1]!;
}

export type KeyAction = { kind: 'toggle' } | { kind: 'move'; delta: number } | { kind: 'first' } | { kind: 'last' };

/** The playback action of a key press, or undefined when playback does not take that key. */
export function keyAction(key: string, shift: boolean): KeyAction | undefined {
  switch (key) {
    case ' ':
    case 'Spacebar':
      return { kind: 'toggle' };
    case 'ArrowRight':
      return { kind: 'move', delta: shift ? 10 : 1 };
    case 'ArrowLeft':
      return { kind: 'move', delta: shift ? -10 : -1 };
    case 'Home':
      return { kind: 'first' };
    case 'End':
      return { kind: 'last' };
    default:
      return undefined;
  }
}

/** The little of an Element the keyboard check needs (so the check runs in Node tests). */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  closest?(selector: string): unknown;
}

/**
 * Where typing happens, or where the arrows already mean something (a canvas node moves with
 * them): playback keys there belong to the element, not to playback.
 */
const EDITING = 'input, select, textarea, .cm-editor, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="slider"], [role="combobox"], [role="spinbutton"], [role="listbox"], [role="tablist"], [role="menu"], [role="menubar"], [role="tree"], [role="grid"], [role="radiogroup"], [role="separator"], .react-flow__node, .react-flow__edge';
/** Elements that Space already activates. */
const ACTIVATED_BY_SPACE = 'button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="menuitem"], [role="tab"], [role="option"]';
/**
 * Buttons where Space plays instead: focus stays on Run after a click, and a second Space
 * would throw the trace away and run again instead of playing it.
 */
export const SPACE_PLAYS = '[data-space-plays]';

/**
 * Whether a global key press should leave playback alone because of where focus is. `key`: the
 * key pressed, when Space may step rather than toggle (presentation): a button keeps its Space.
 */
export function ignoresPlaybackKeys(target: TargetLike | null | undefined, action: KeyAction, key?: string): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'select' || tag === 'textarea') return true;
  if (target.closest?.(EDITING)) return true;
  const space = action.kind === 'toggle' || key === ' ' || key === 'Spacebar';
  if (space && target.closest?.(ACTIVATED_BY_SPACE) && !target.closest?.(SPACE_PLAYS)) return true;
  return false;
}

/** Positions [start, end) of the fixed-height rows a viewport shows, with `overscan` rows either side. */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, height: number, overscan = 12): [number, number] {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return [Math.min(start, end), end];
}
