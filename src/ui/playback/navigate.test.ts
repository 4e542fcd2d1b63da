import { describe, expect, it } from 'vitest';
import { ignoresPlaybackKeys, isLastVisible, keyAction, moveStep, positionOf, rowWindow, type TargetLike } from './navigate';

const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const some = [2, 5, 9];

describe('stepping', () => {
  it('moves one or ten steps and stops at the ends', () => {
    expect(moveStep(all, 3, 1)).toBe(4);
    expect(moveStep(all, 3, -1)).toBe(2);
    expect(moveStep(all, 3, 10)).toBe(11);
    expect(moveStep(all, 3, -10)).toBe(0);
    expect(moveStep(all, 11, 1)).toBe(11);
  });

  it('moves through the filtered events only', () => {
    expect(moveStep(some, 2, 1)).toBe(5);
    expect(moveStep(some, 5, -1)).toBe(2);
    expect(moveStep(some, 3, 1)).toBe(5); // from a hidden step: the next shown one
    expect(moveStep(some, 7, -1)).toBe(5);
    expect(moveStep(some, 0, -1)).toBe(2);
    expect(moveStep(some, 11, 1)).toBe(9);
    expect(moveStep([], 4, 1)).toBe(4);
  });

  it('knows positions and the end', () => {
    expect(positionOf(some, 5)).toBe(1);
    expect(positionOf(some, 4)).toBe(-1);
    expect(isLastVisible(some, 9)).toBe(true);
    expect(isLastVisible(some, 5)).toBe(false);
  });
});

describe('keys', () => {
  it('maps space, arrows (shift: 10) and Home/End', () => {
    expect(keyAction(' ', false)).toEqual({ kind: 'toggle' });
    expect(keyAction('ArrowRight', true)).toEqual({ kind: 'move', delta: 10 });
    expect(keyAction('ArrowLeft', false)).toEqual({ kind: 'move', delta: -1 });
    expect(keyAction('Home', false)).toEqual({ kind: 'first' });
    expect(keyAction('End', false)).toEqual({ kind: 'last' });
    expect(keyAction('a', false)).toBeUndefined();
  });

  const el = (tagName: string, inside: string[] = [], editable = false): TargetLike => ({
    tagName,
    isContentEditable: editable,
    closest: (selector: string) => (selector.split(',').some((s) => inside.includes(s.trim())) ? {} : null),
  });

  it('leaves keys to fields, editors, contenteditable and resize handles', () => {
    const move = { kind: 'move', delta: 1 } as const;
    expect(ignoresPlaybackKeys(el('INPUT'), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('SELECT'), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('TEXTAREA'), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('DIV', ['.cm-editor']), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('DIV', [], true), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('DIV', ['[role="separator"]']), move)).toBe(true);
    expect(ignoresPlaybackKeys(el('BODY'), move)).toBe(false);
    expect(ignoresPlaybackKeys(null, move)).toBe(false);
  });

  it('leaves space to buttons, which it already clicks', () => {
    expect(ignoresPlaybackKeys(el('BUTTON', ['button']), { kind: 'toggle' })).toBe(true);
    expect(ignoresPlaybackKeys(el('BUTTON', ['button']), { kind: 'move', delta: 1 })).toBe(false);
    expect(ignoresPlaybackKeys(el('LI'), { kind: 'toggle' })).toBe(false);
    // Presentation steps with Space: a focused button still gets its own Space.
    expect(ignoresPlaybackKeys(el('BUTTON', ['button']), { kind: 'move', delta: 1 }, ' ')).toBe(true);
    expect(ignoresPlaybackKeys(el('BODY'), { kind: 'move', delta: 1 }, ' ')).toBe(false);
  });

  it('takes space on the Run button, so a second press plays the trace instead of running again', () => {
    expect(ignoresPlaybackKeys(el('BUTTON', ['button', '[data-space-plays]']), { kind: 'toggle' })).toBe(false);
  });
});

describe('the rows in view', () => {
  it('covers the viewport plus the overscan, within the list', () => {
    expect(rowWindow(5000, 30, 0, 300, 12)).toEqual([0, 22]);
    expect(rowWindow(5000, 30, 3000, 300, 12)).toEqual([88, 122]);
    expect(rowWindow(5000, 30, 149_700, 300, 12)).toEqual([4978, 5000]);
    expect(rowWindow(0, 30, 0, 300)).toEqual([0, 0]);
  });
});
