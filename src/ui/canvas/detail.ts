import { getViewportForBounds, type FitViewOptions, type Rect } from '@xyflow/react';
import { NODE_SIZE } from './layout';
import type { Point } from './geometry';

/*
 * A large document at every zoom. Below CARD_MIN_ZOOM a device's card is a few pixels and its
 * labels are unreadable: the canvas draws every device as a dot and every link as a line on
 * one bitmap instead (DotLayer), which costs the same at 10 devices as at 10,000 in view. A
 * lesson never gets there: its whole fits above that zoom, which stays its least zoom.
 *
 * Where a document opens: the whole, when the whole is readable at CARD_MIN_ZOOM or more (every
 * lesson). A larger one would open as a smudge of dots (a 100-router row and a 9,800-host
 * column fit whole at about 1/1000): it opens instead, readable, on where its first flow
 * starts, the flow's device and as many of its nearest neighbours as fit; the zoom-out button and "fit view"
 * reach the whole from there.
 */

/** Today's least zoom for every document, and the least at which devices are drawn as cards. */
export const CARD_MIN_ZOOM = 0.2;
/** A large document opens on its first flow's device and at most this many of its nearest neighbours. */
export const NEAR_DEVICES = 12;
/** The least zoom a large document opens at: cards with labels a person can read. */
export const OPEN_ZOOM = 0.6;
/** Zooming out may go this much further than the whole, so the whole sits inside a margin. */
const WHOLE_MARGIN = 0.8;
/** However large the extent, a zoom above zero (React Flow's transform divides by it). */
const LEAST_ZOOM = 1e-4;

export type Detail = 'cards' | 'dots';

export function detailAt(zoom: number): Detail {
  return zoom < CARD_MIN_ZOOM ? 'dots' : 'cards';
}

/** The rectangle holding every device's card around its centre, or undefined for none. */
export function extentOf(centres: Iterable<Point>, size = NODE_SIZE): Rect | undefined {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of centres) {
    if (p.x < x0) x0 = p.x;
    if (p.x > x1) x1 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.y > y1) y1 = p.y;
  }
  if (x0 === Infinity) return undefined;
  return { x: x0 - size.width / 2, y: y0 - size.height / 2, width: x1 - x0 + size.width, height: y1 - y0 + size.height };
}

export interface View {
  width: number;
  height: number;
}

/** The zoom at which `box` fills the view less the fit's padding. */
export function zoomToFit(box: Rect, view: View, padding: FitViewOptions['padding']): number {
  return getViewportForBounds(box, view.width, view.height, 0, Infinity, padding ?? 0).zoom;
}

/** The least zoom: low enough to see the whole (with a margin), never above CARD_MIN_ZOOM. */
export function minZoomFor(whole: Rect | undefined, view: View, padding: FitViewOptions['padding']): number {
  if (!whole || !view.width || !view.height) return CARD_MIN_ZOOM;
  return Math.max(LEAST_ZOOM, Math.min(CARD_MIN_ZOOM, zoomToFit(whole, view, padding) * WHOLE_MARGIN));
}

/**
 * Device ids by distance from `start` on the canvas (ties in document order), `start` first;
 * the nearest `most` of them when given (found in one pass: a 10,000-device document is not
 * sorted whole to find its 12 nearest).
 */
export function byDistance(centres: ReadonlyMap<string, Point>, start: string, most = Infinity): string[] {
  const from = centres.get(start);
  if (!from) return [];
  const near: [string, number][] = [];
  const distance = (p: Point) => (p.x - from.x) ** 2 + (p.y - from.y) ** 2;
  if (most >= centres.size) {
    for (const [id, p] of centres) if (id !== start) near.push([id, distance(p)]);
    near.sort((a, b) => a[1] - b[1]);
    return [start, ...near.map(([id]) => id)];
  }
  for (const [id, p] of centres) {
    if (id === start) continue;
    const d = distance(p);
    if (near.length >= most && d >= near[near.length - 1]![1]) continue;
    // After those as near or nearer: ties keep document order.
    let i = near.length;
    while (i > 0 && near[i - 1]![1] > d) i--;
    near.splice(i, 0, [id, d]);
    if (near.length > most) near.pop();
  }
  return [start, ...near.map(([id]) => id)];
}

/**
 * `start` and as many of its nearest devices (at most NEAR_DEVICES) as the view holds at
 * OPEN_ZOOM: the neighbourhood a large document opens on.
 */
export function neighbourhood(centres: ReadonlyMap<string, Point>, start: string, view: View, padding: FitViewOptions['padding']): string[] {
  const ids = byDistance(centres, start, NEAR_DEVICES);
  const kept: string[] = [];
  for (const id of ids) {
    const box = extentOf([...kept, id].map((k) => centres.get(k)!))!;
    if (kept.length && zoomToFit(box, view, padding) < OPEN_ZOOM) break;
    kept.push(id);
  }
  return kept;
}

/**
 * How to fit the document at open: `options` as given when the whole fits at CARD_MIN_ZOOM or
 * more; otherwise fitted to the first flow's device (or the first device) and the neighbours
 * the view holds readable (zoomed no further out than OPEN_ZOOM).
 */
export function openingFit(centres: ReadonlyMap<string, Point>, start: string | undefined, view: View, options: FitViewOptions): FitViewOptions {
  const whole = extentOf(centres.values());
  if (!whole || !view.width || !view.height || zoomToFit(whole, view, options.padding) >= CARD_MIN_ZOOM) return options;
  const from = start !== undefined && centres.has(start) ? start : centres.keys().next().value!;
  return { ...options, nodes: neighbourhood(centres, from, view, options.padding).map((id) => ({ id })), minZoom: OPEN_ZOOM };
}
