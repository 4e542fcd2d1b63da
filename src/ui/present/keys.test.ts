import { describe, expect, it } from 'vitest';
import type { TargetLike } from '../playback/navigate';
import { escapeLeaves, isPresentShortcut, isTyping, lessonKeysApply, lessonStepKey, presentKeyAction } from './keys';

/** An element as far as the checks see it: its tag and the selectors of its ancestors it matches. */
function el(tagName: string, inside: string[] = [], editable = false): TargetLike {
  return { tagName, isContentEditable: editable, closest: (sel: string) => (sel.split(', ').some((s) => inside.includes(s)) ? {} : null) };
}

describe('presentation keys', () => {
  it('step forward with what a clicker sends: PageDown, ArrowRight, Space', () => {
    for (const key of ['PageDown', 'ArrowRight', ' ']) expect(presentKeyAction(key, false)).toEqual({ kind: 'move', delta: 1 });
  });

  it('step back with PageUp, ArrowLeft and Shift+Space', () => {
    expect(presentKeyAction('PageUp', false)).toEqual({ kind: 'move', delta: -1 });
    expect(presentKeyAction('ArrowLeft', false)).toEqual({ kind: 'move', delta: -1 });
    expect(presentKeyAction(' ', true)).toEqual({ kind: 'move', delta: -1 });
  });

  it('keep Shift+arrows’ ten steps, and Home/End for the first and last event', () => {
    expect(presentKeyAction('ArrowRight', true)).toEqual({ kind: 'move', delta: 10 });
    expect(presentKeyAction('ArrowLeft', true)).toEqual({ kind: 'move', delta: -10 });
    expect(presentKeyAction('PageDown', true)).toEqual({ kind: 'move', delta: 1 });
    expect(presentKeyAction('Home', false)).toEqual({ kind: 'first' });
    expect(presentKeyAction('End', false)).toEqual({ kind: 'last' });
  });

  it('leave other keys alone (Space never toggles play while presenting)', () => {
    expect(presentKeyAction('a', false)).toBeUndefined();
    expect(presentKeyAction('Escape', false)).toBeUndefined();
    expect(presentKeyAction('ArrowDown', false)).toBeUndefined();
  });

  it('enter with Shift+P only', () => {
    const key = (key: string, mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(isPresentShortcut(key('P', { shiftKey: true }))).toBe(true);
    expect(isPresentShortcut(key('p'))).toBe(false);
    expect(isPresentShortcut(key('P', { shiftKey: true, ctrlKey: true }))).toBe(false);
    expect(isPresentShortcut(key('F5'))).toBe(false);
  });
});

describe('lesson step keys', () => {
  const key = (key: string, mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

  it('N is the next step and P the previous one, caps lock or not', () => {
    expect(lessonStepKey(key('n'))).toBe('next');
    expect(lessonStepKey(key('N'))).toBe('next');
    expect(lessonStepKey(key('p'))).toBe('previous');
    expect(lessonStepKey(key('P'))).toBe('previous');
  });

  it('leave Shift+P (presenting), the browser’s Ctrl+N/Ctrl+P, and the clicker’s keys alone', () => {
    expect(lessonStepKey(key('P', { shiftKey: true }))).toBeUndefined();
    expect(lessonStepKey(key('n', { ctrlKey: true }))).toBeUndefined();
    expect(lessonStepKey(key('p', { metaKey: true }))).toBeUndefined();
    for (const k of ['PageDown', 'PageUp', 'ArrowRight', ' ']) expect(lessonStepKey(key(k))).toBeUndefined();
  });

  it('are not the trace stepping keys', () => {
    for (const k of ['n', 'N', 'p', 'P']) expect(presentKeyAction(k, false)).toBeUndefined();
  });
});

describe('where the keys are typing', () => {
  it('fields, the config editor and editable text are typing; buttons and the page are not', () => {
    expect(isTyping(el('input'))).toBe(true);
    expect(isTyping(el('textarea'))).toBe(true);
    expect(isTyping(el('div', ['.cm-editor']))).toBe(true);
    expect(isTyping(el('div', [], true))).toBe(true);
    expect(isTyping(el('button'))).toBe(false);
    expect(isTyping(el('body'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });

  it('Escape leaves presentation unless typing or inside a dialog or menu (they close first)', () => {
    expect(escapeLeaves(el('body'))).toBe(true);
    expect(escapeLeaves(el('button'))).toBe(true);
    expect(escapeLeaves(el('input'))).toBe(false);
    expect(escapeLeaves(el('button', ['dialog']))).toBe(false);
    expect(escapeLeaves(el('button', ['[role="menu"]']))).toBe(false);
  });

  it('N and P go through the lesson on the page and on buttons, not while typing nor in a dialog or menu', () => {
    expect(lessonKeysApply(el('body'))).toBe(true);
    expect(lessonKeysApply(el('button'))).toBe(true);
    expect(lessonKeysApply(el('input'))).toBe(false);
    expect(lessonKeysApply(el('div', ['.cm-editor']))).toBe(false);
    expect(lessonKeysApply(el('button', ['dialog']))).toBe(false);
    expect(lessonKeysApply(el('button', ['[role="menu"]']))).toBe(false);
  });
});
