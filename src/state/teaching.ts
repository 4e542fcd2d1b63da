import { create } from 'zustand';

/*
 * Who is looking at the lesson, and what they have earned. A link can open a lesson in student
 * view: its answers ("One answer", "What changed", the fixed twin) stay hidden until the
 * question is passed, unless the teacher's link says to show them from the start or never.
 * Session state: not part of the document, not undone. A pass counts for the document it was
 * earned on (its generation): opening another one starts over.
 */

export type Audience = 'teacher' | 'student';
/** When a student sees a question's answers. */
export type Reveal = 'passed' | 'always' | 'never';

export interface TeachingState {
  audience: Audience;
  reveal: Reveal;
  /** Questions passed, by index, on the document of this generation. */
  passed: { generation: number; questions: readonly number[] };
  /** A "which device drops it?" question waiting for a click on a device or a trace row. */
  choosing?: number;
  /** The device each such question was answered with. */
  chosen: Readonly<Record<number, string>>;
  setView(audience: Audience, reveal?: Reveal): void;
  pass(generation: number, question: number): void;
  choose(question: number | undefined): void;
  /** A device clicked while choosing: it becomes that question's answer. */
  answer(device: string): void;
  /** Another document: nothing chosen, nothing being chosen. */
  forget(): void;
}

const VIEW_KEY = 'hairpin.view';

/** The view a link opened this tab in: a reload keeps a student in student view. */
function storedView(): { audience: Audience; reveal: Reveal } {
  try {
    const v = JSON.parse(globalThis.sessionStorage?.getItem(VIEW_KEY) ?? 'null') as { audience?: unknown; reveal?: unknown } | null;
    if (v?.audience === 'student') return { audience: 'student', reveal: v.reveal === 'always' || v.reveal === 'never' ? v.reveal : 'passed' };
  } catch {
    // No storage, or a damaged value: the default view.
  }
  return { audience: 'teacher', reveal: 'passed' };
}

function storeView(view: { audience: Audience; reveal: Reveal }): void {
  try {
    if (view.audience === 'teacher') globalThis.sessionStorage?.removeItem(VIEW_KEY);
    else globalThis.sessionStorage?.setItem(VIEW_KEY, JSON.stringify(view));
  } catch {
    // Storage refused: the view lasts until the tab is reloaded.
  }
}

export const useTeaching = create<TeachingState>()((set, get) => ({
  ...storedView(),
  passed: { generation: -1, questions: [] },
  chosen: {},
  setView: (audience, reveal = 'passed') => {
    storeView({ audience, reveal });
    set({ audience, reveal });
  },
  pass: (generation, question) =>
    set((s) => {
      const before = s.passed.generation === generation ? s.passed.questions : [];
      return before.includes(question) ? {} : { passed: { generation, questions: [...before, question] } };
    }),
  choose: (choosing) => set({ choosing }),
  answer: (device) => {
    const q = get().choosing;
    if (q !== undefined) set((s) => ({ chosen: { ...s.chosen, [q]: device }, choosing: undefined }));
  },
  forget: () => set({ chosen: {}, choosing: undefined }),
}));

/** Whether question `i`'s answers show: always to the teacher; to a student as the link says. */
export function answersShown(t: Pick<TeachingState, 'audience' | 'reveal' | 'passed'>, generation: number, i: number): boolean {
  if (t.audience === 'teacher' || t.reveal === 'always') return true;
  if (t.reveal === 'never') return false;
  return t.passed.generation === generation && t.passed.questions.includes(i);
}

/** The hook form of answersShown, for the current document. */
export function useAnswersShown(generation: number, i: number): boolean {
  return useTeaching((t) => answersShown(t, generation, i));
}
