import { create } from 'zustand';

/*
 * The message a share action leaves for the user (a link that would not open, a file that
 * would not import, a confirmation). A store, not component state, because the startup code
 * in main.tsx reports before React has rendered anything.
 */

export interface Notice {
  kind: 'error' | 'info';
  /** Short, e.g. "This link could not be opened". */
  title: string;
  /** What is wrong, as a sentence; may span lines (several errors in a file). */
  detail: string;
}

interface NoticeState {
  notice?: Notice;
  show(notice: Notice): void;
  dismiss(): void;
}

export const useShareNotice = create<NoticeState>()((set) => ({
  notice: undefined,
  show: (notice) => set({ notice }),
  dismiss: () => set({ notice: undefined }),
}));
