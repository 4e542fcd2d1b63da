import type { Rect } from '@xyflow/react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { splitEnd, type Point } from './geometry';
import { deviceCount } from '../../state/device-ids';

/*
 * Which devices React Flow holds for a very large document. React Flow keeps an internal copy of
 * every node and a lookup of every link, rebuilt whenever the arrays it is given change: at
 * 10,000 devices taking them in cost the page hundreds of milliseconds at once when a document
 * opened, and tens more at every measurement after (issue 19). Above WINDOWED_ABOVE devices it
 * is given only a window: the devices near the view (the view and half of it again on each
 * side, so a pan reaches no empty ground before the window follows), both ends of every link
 * crossing it, and the devices a fit is made of (the outermost on each side, which bound the
 * whole, and the ones a document opens on). It still draws only what is in view of those.
 */

/** Above this many devices, React Flow is given a window (the minimap, which draws every device, is not shown then). */
export const WINDOWED_ABOVE = 2_000;

/** Room a device's port labels take beside its card and above and below it (spread.ts's figures). */
const PORT_LABELS: Point = { x: 150, y: 22 };
/** How far a device's card and port labels reach from its centre, in flow units. */
export const DEVICE_REACH: Point = { x: 180 / 2 + PORT_LABELS.x, y: 60 / 2 + PORT_LABELS.y };

/** How far the biggest device reaches: a card drawn with what it holds inside (`cards`) is bigger. */
export function reachOf(cards: Iterable<{ width: number; height: number }>): Point {
  const reach = { ...DEVICE_REACH };
  for (const c of cards) {
    reach.x = Math.max(reach.x, c.width / 2 + PORT_LABELS.x);
    reach.y = Math.max(reach.y, c.height / 2 + PORT_LABELS.y);
  }
  return reach;
}

export function isWindowed(doc: ScenarioDoc): boolean {
  return deviceCount(doc) > WINDOWED_ABOVE;
}

/** The flow rectangle in view at React Flow's transform [x, y, zoom] on a canvas of width × height. */
export function viewRect([tx, ty, zoom]: readonly [number, number, number], width: number, height: number): Rect {
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

/** The window for a view: the view and half of it again on each side. */
export function windowAround(view: Rect): Rect {
  return { x: view.x - view.width / 2, y: view.y - view.height / 2, width: view.width * 2, height: view.height * 2 };
}

/**
 * Whether `window` still serves `view`: the view lies inside it with a quarter of the view to
 * spare on each side, and the window is not more than four times the view's width (zoomed in
 * far since, it would hold many devices out of sight).
 */
export function serves(window: Rect | undefined, view: Rect): boolean {
  if (!window) return false;
  const mx = view.width / 4;
  const my = view.height / 4;
  return (
    view.x - mx >= window.x &&
    view.y - my >= window.y &&
    view.x + view.width + mx <= window.x + window.width &&
    view.y + view.height + my <= window.y + window.height &&
    window.width <= view.width * 4
  );
}

/** Each link's two devices, made once per links array. */
const linkDevices = new WeakMap<ScenarioDoc['links'], [string, string][]>();
export function devicesOfLinks(links: ScenarioDoc['links']): [string, string][] {
  let out = linkDevices.get(links);
  if (!out) {
    out = links.map(([a, b]) => [splitEnd(a)[0], splitEnd(b)[0]]);
    linkDevices.set(links, out);
  }
  return out;
}

/**
 * The devices drawn in `window`: those whose card reaches into it, and both ends of every link
 * whose span (the box between its two devices' centres, widened by a card's reach) meets it,
 * as React Flow decides which links are in view. Linear in devices and links.
 */
export function devicesIn(window: Rect, centres: ReadonlyMap<string, Point>, links: ScenarioDoc['links'], reach: Point = DEVICE_REACH): Set<string> {
  const x0 = window.x - reach.x;
  const y0 = window.y - reach.y;
  const x1 = window.x + window.width + reach.x;
  const y1 = window.y + window.height + reach.y;
  const out = new Set<string>();
  for (const [id, p] of centres) if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1) out.add(id);
  for (const [a, b] of devicesOfLinks(links)) {
    if (out.has(a) && out.has(b)) continue;
    const pa = centres.get(a);
    const pb = centres.get(b);
    if (!pa || !pb) continue;
    if (Math.max(pa.x, pb.x) < x0 || Math.min(pa.x, pb.x) > x1 || Math.max(pa.y, pb.y) < y0 || Math.min(pa.y, pb.y) > y1) continue;
    out.add(a);
    out.add(b);
  }
  return out;
}

/** The outermost device on each side (by centre; the first in document order on a tie): the whole's bounds. */
export function outermost(centres: ReadonlyMap<string, Point>): string[] {
  let left: [string, number] | undefined;
  let right: [string, number] | undefined;
  let top: [string, number] | undefined;
  let bottom: [string, number] | undefined;
  for (const [id, p] of centres) {
    if (!left || p.x < left[1]) left = [id, p.x];
    if (!right || p.x > right[1]) right = [id, p.x];
    if (!top || p.y < top[1]) top = [id, p.y];
    if (!bottom || p.y > bottom[1]) bottom = [id, p.y];
  }
  return [...new Set([left, right, top, bottom].flatMap((e) => (e ? [e[0]] : [])))];
}
