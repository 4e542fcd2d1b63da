import { beforeEach, describe, expect, it } from 'vitest';
import { answersShown, useTeaching } from './teaching';

/* Who sees a question's answers: the teacher always; a student as the link says, by default once passed. */

describe('teaching view', () => {
  beforeEach(() => useTeaching.getState().setView('teacher'));

  it('the teacher sees every answer', () => {
    expect(answersShown(useTeaching.getState(), 0, 0)).toBe(true);
  });

  it('a student sees a question’s answer once that question is passed, on that document only', () => {
    const t = useTeaching.getState();
    t.setView('student');
    expect(answersShown(useTeaching.getState(), 5, 0)).toBe(false);
    t.pass(5, 0);
    expect(answersShown(useTeaching.getState(), 5, 0)).toBe(true);
    expect(answersShown(useTeaching.getState(), 5, 1)).toBe(false);
    // Another document (a new generation) starts over.
    expect(answersShown(useTeaching.getState(), 6, 0)).toBe(false);
  });

  it('the teacher’s link may show a student the answers from the start, or never', () => {
    useTeaching.getState().setView('student', 'always');
    expect(answersShown(useTeaching.getState(), 0, 0)).toBe(true);
    useTeaching.getState().setView('student', 'never');
    useTeaching.getState().pass(0, 0);
    expect(answersShown(useTeaching.getState(), 0, 0)).toBe(false);
  });

  it('a click while choosing answers the question waiting for it, once', () => {
    const t = useTeaching.getState();
    t.choose(1);
    t.answer('router');
    t.answer('pc1');
    expect(useTeaching.getState().chosen).toEqual({ 1: 'router' });
    expect(useTeaching.getState().choosing).toBeUndefined();
    t.forget();
    expect(useTeaching.getState().chosen).toEqual({});
  });
});
