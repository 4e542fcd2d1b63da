import type { ScenarioDoc } from '../../engine/scenario/types';
import { linkPeers, portLayout, toDoc, toFlow, type Point, type PortLayout } from './geometry';
import type { InsideLayout } from './inside/layout';

/*
 * A device drawn with what it holds inside (namespaces, bridges) is bigger than the document's
 * positions were laid out for. Rather than move anything in the document (the positions are
 * the author's, and the format has no sizes), the canvas spreads the whole drawing evenly, by
 * the least factor at which no grown device covers another: the arrangement stays as drawn,
 * only wider apart. Positions go back to the document divided by the same factor.
 */

/** Room a device takes beyond its card for its port labels: beside it, above and below it (canvas.css, estimate.ts). */
const PORTS_X = 150;
const PORTS_Y = 22;
/** A device's card with nothing inside. */
const CARD = { width: 180, height: 60 };
const GAP = 24;
/** Two devices at the same place cannot be parted by spreading; nor is a drawing spread without end. */
const MAX_SPREAD = 3;

/** How far a device reaches from its centre on each side: half its card, and its port labels on that side. */
interface Reach {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function reachOf(layout: InsideLayout | undefined, sides: PortLayout): Reach {
  const card = layout ?? CARD;
  return {
    left: card.width / 2 + (sides.left.length ? PORTS_X : 0),
    right: card.width / 2 + (sides.right.length ? PORTS_X : 0),
    top: card.height / 2 + (sides.top.length ? PORTS_Y : 0),
    bottom: card.height / 2 + (sides.bottom.length ? PORTS_Y : 0),
  };
}

/** The least factor (1 or more) by which the positions must grow so no device with an inside covers another. */
export function spreadFactor(doc: ScenarioDoc, layouts: ReadonlyMap<string, InsideLayout>): number {
  if (!layouts.size) return 1;
  const peers = linkPeers(doc);
  const all = Object.entries(doc.devices).map(([id, d]) => ({ id, at: toFlow(d.at), reach: reachOf(layouts.get(id), portLayout(doc, id, peers)) }));
  let factor = 1;
  for (const a of all) {
    if (!layouts.has(a.id)) continue;
    for (const b of all) {
      if (b === a || (layouts.has(b.id) && b.id < a.id)) continue;
      const dx = b.at.x - a.at.x;
      const dy = b.at.y - a.at.y;
      // Apart along either axis is enough: the cheaper one. What must fit between the centres
      // is what each reaches towards the other.
      const sx = dx ? ((dx > 0 ? a.reach.right + b.reach.left : a.reach.left + b.reach.right) + GAP) / Math.abs(dx) : Infinity;
      const sy = dy ? ((dy > 0 ? a.reach.bottom + b.reach.top : a.reach.top + b.reach.bottom) + GAP) / Math.abs(dy) : Infinity;
      const need = Math.min(sx, sy);
      if (need !== Infinity) factor = Math.max(factor, need);
    }
  }
  return Math.min(factor, MAX_SPREAD);
}

const cache = new WeakMap<ScenarioDoc, { layouts: ReadonlyMap<string, InsideLayout>; factor: number }>();

/** spreadFactor, once per document and layouts. */
export function spreadOf(doc: ScenarioDoc, layouts: ReadonlyMap<string, InsideLayout>): number {
  const known = cache.get(doc);
  if (known?.layouts === layouts) return known.factor;
  const factor = spreadFactor(doc, layouts);
  cache.set(doc, { layouts, factor });
  return factor;
}

/** Where a document position is drawn. */
export function spreadToFlow(at: readonly [number, number] | undefined, factor: number): Point {
  const p = toFlow(at);
  return factor === 1 ? p : { x: p.x * factor, y: p.y * factor };
}

/** The document position of a place on the canvas. */
export function spreadToDoc(p: Point, factor: number): [number, number] {
  return toDoc(factor === 1 ? p : { x: p.x / factor, y: p.y / factor });
}
