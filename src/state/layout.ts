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

/** A stored JSON object's fields; {} when the text is absent, not JSON or not an object (it may be anything). */
export function storedFields(text: string | null): Record<string, unknown> {
  try {
    const raw: unknown = text ? JSON.parse(text) : {};
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The text this browser keeps under `key`; null when there is none, or no storage. */
export function storedText(key: string): string | null {
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; a full or refused storage keeps it for this visit only. */
export function keep(key: string, value: object): void {
  try {
    browserStorage()?.setItem(key, JSON.stringify(value));
  } catch {
    // The sizes last for this visit only.
  }
}

/** The saved sizes, keeping only fields of the right type. */
export function readPaneSizes(text: string | null): PaneSizes {
  const o = storedFields(text);
  return {
    inspectorWidth: paneSize(o.inspectorWidth),
    playbackHeight: paneSize(o.playbackHeight),
    inspectorCollapsed: o.inspectorCollapsed === true,
    playbackCollapsed: o.playbackCollapsed === true,
  };
}

export const useLayout = create<LayoutState>()((set, get) => ({
  ...readPaneSizes(storedText(KEY)),
  set(patch) {
    set(patch);
    const { inspectorWidth, playbackHeight, inspectorCollapsed, playbackCollapsed } = get();
    keep(KEY, { inspectorWidth, playbackHeight, inspectorCollapsed, playbackCollapsed });
  },
}));
