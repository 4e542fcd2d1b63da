import { create } from 'zustand';
import { keep, paneSize, storedFields, storedText } from './layout';

/*
 * Presentation mode (a teacher projecting the playground): whether it is on, and how the
 * presenter arranged its panes. Being on is session state: not part of the document, not
 * undone, not remembered across visits. The pane sizes are a preference of this browser, kept
 * apart from the normal layout's (state/layout.ts), so presenting leaves the desk's sizes alone.
 */

export interface PresentSizes {
  /** Width of the packet pane beside the canvas, in CSS pixels; undefined: the default. */
  packetWidth?: number;
  /** Height of the trace area under the canvas (playback bar, trace, summary). */
  traceHeight?: number;
  packetCollapsed: boolean;
  traceCollapsed: boolean;
}

export interface PresentationState extends PresentSizes {
  presenting: boolean;
  setPresenting(presenting: boolean): void;
  set(patch: Partial<PresentSizes>): void;
}

const KEY = 'hairpin.presentation';

/** The saved presentation sizes, keeping only fields of the right type (the stored text may be anything). */
export function readPresentSizes(text: string | null): PresentSizes {
  const o = storedFields(text);
  return {
    packetWidth: paneSize(o.packetWidth),
    traceHeight: paneSize(o.traceHeight),
    packetCollapsed: o.packetCollapsed === true,
    traceCollapsed: o.traceCollapsed === true,
  };
}

export const usePresentation = create<PresentationState>()((set, get) => ({
  ...readPresentSizes(storedText(KEY)),
  presenting: false,
  setPresenting: (presenting) => set({ presenting }),
  set(patch) {
    set(patch);
    const { packetWidth, traceHeight, packetCollapsed, traceCollapsed } = get();
    keep(KEY, { packetWidth, traceHeight, packetCollapsed, traceCollapsed });
  },
}));
