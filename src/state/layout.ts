import { create } from 'zustand';
import { browserStorage } from '../persist/storage';

/*
 * How the user arranged the panes: the inspector's width, the height of the playback area,
 * and which of them are collapsed. A
 * preference of this browser, not part of any document: kept in localStorage, never undone.
 */

export interface PaneSizes {
  /** Inspector width beside the canvas, in CSS pixels; undefined: the default (30%). */
  inspectorWidth?: number;
  /** Height of the playback area (bar, trace, packet, summary). */
  playbackHeight?: number;
  inspectorCollapsed: boolean;
  playbackCollapsed: boolean;
}

export interface LayoutState extends PaneSizes {
  set(patch: Partial<PaneSizes>): void;
}

const KEY = 'hairpin.layout';

/** A stored pane size in whole CSS pixels, or undefined when it is not a positive finite number. */
export function paneSize(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined;
}

/** The saved sizes, keeping only fields of the right type (the stored text may be anything). */
export function readPaneSizes(text: string | null): PaneSizes {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    raw = {};
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    inspectorWidth: paneSize(o.inspectorWidth),
    playbackHeight: paneSize(o.playbackHeight),
    inspectorCollapsed: o.inspectorCollapsed === true,
    playbackCollapsed: o.playbackCollapsed === true,
  };
}

function load(): PaneSizes {
  try {
    return readPaneSizes(browserStorage()?.getItem(KEY) ?? null);
  } catch {
    return readPaneSizes(null);
  }
}

export const useLayout = create<LayoutState>()((set, get) => ({
  ...load(),
  set(patch) {
    set(patch);
    const { inspectorWidth, playbackHeight, inspectorCollapsed, playbackCollapsed } = get();
    try {
      browserStorage()?.setItem(KEY, JSON.stringify({ inspectorWidth, playbackHeight, inspectorCollapsed, playbackCollapsed }));
    } catch {
      // A full or refused storage: the sizes last for this visit only.
    }
  },
}));
