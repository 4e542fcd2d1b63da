import { create } from 'zustand';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';
import type { LessonResult } from '../../state/lesson';

/*
 * Whether the lesson panel is the lesson editor, and which step's text takes the focus next (a
 * step just made with "Use as step"). A view of the page, not part of the document: not undone.
 * Opening another document (a load, not an edit) leaves the editor.
 */
export const useLessonEditing = create<{ editing: boolean; focusStep?: number; setEditing(editing: boolean): void; focusOn(step: number | undefined): void }>()((set) => ({
  editing: false,
  setEditing: (editing) => set({ editing, focusStep: undefined }),
  focusOn: (focusStep) => set({ focusStep }),
}));

useDocument.subscribe((next, prev) => {
  if (next.generation !== prev.generation) useLessonEditing.getState().setEditing(false);
});

/** Applies one lesson edit (state/lesson.ts) as one undo step; the reason when it was refused. */
export function editLesson(edit: (doc: ScenarioDoc) => LessonResult | ScenarioDoc): string | undefined {
  return useDocument.getState().editLesson(edit);
}
