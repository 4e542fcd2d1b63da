import { create } from 'zustand';
import { useDocument } from './document';

/*
 * What startup has to tell the user about the document it opened: a lesson name that does not
 * exist, a saved pointer that could not be followed, or that their edited copy of a lesson is
 * shown rather than the original. A store because startup runs before React renders.
 */

export interface StartupNoticeState {
  notice?: {
    text: string;
    /** One thing the user may want instead, e.g. "Open the original". */
    action?: { label: string; run(): void };
    /** The document it is about: once another is opened, the notice no longer applies. */
    generation: number;
  };
  show(text: string, action?: { label: string; run(): void }): void;
  dismiss(): void;
}

export const useStartupNotice = create<StartupNoticeState>()((set) => ({
  show: (text, action) => set({ notice: { text, action, generation: useDocument.getState().generation } }),
  dismiss: () => set({ notice: undefined }),
}));
