import type { ScenarioDoc } from '../../engine/scenario/types';
import { toDoc, toFlow, type Point } from './geometry';
import type { InsideLayout } from './inside/layout';

/*
 * A device drawn with what it holds inside (namespaces, bridges) is bigger than the document's
 * positions were laid out for. Rather than move anything in the document (the positions are
 * the author's, and the format has no sizes), the canvas spreads the whole drawing evenly, by
 * the least factor at which no grown device covers another: the arrangement stays as drawn,
 * only wider apart. Positions go back to the document divided by the same factor.
 */

/** Room a device takes beyond its card: its port labels on the sides, above and below. */
const PORTS_X = 130;
const PORTS_Y = 26;
/** A device with nothing inside, with its port labels (estimate.ts's figures, roughly). */
const PLAIN = { width: 150 + 2 * PORTS_X, height: 56 + 2 * PORTS_Y };
const GAP = 24;
/** Two devices at the same place cannot be parted by spreading; nor is a drawing spread without end. */
const MAX_SPREAD = 3;

function sizeOf(layout: InsideLayout | undefined): { width: number; height: number } {
  return layout ? { width: layout.width + 2 * PORTS_X, height: layout.height + 2 * PORTS_Y } : PLAIN;
}

/** The least factor (1 or more) by which the positions must grow so no device with an inside covers another. */
export function spreadFactor(doc: ScenarioDoc, layouts: ReadonlyMap<string, InsideLayout>): number {
  if (!layouts.size) return 1;
  const all = Object.entries(doc.devices).map(([id, d]) => ({ id, at: toFlow(d.at), size: sizeOf(layouts.get(id)) }));
  let factor = 1;
  for (const a of all) {
    if (!layouts.has(a.id)) continue;
    for (const b of all) {
      if (b === a || (layouts.has(b.id) && b.id < a.id)) continue;
      const dx = Math.abs(a.at.x - b.at.x);
      const dy = Math.abs(a.at.y - b.at.y);
      // Apart along either axis is enough: the cheaper one.
      const sx = dx ? ((a.size.width + b.size.width) / 2 + GAP) / dx : Infinity;
      const sy = dy ? ((a.size.height + b.size.height) / 2 + GAP) / dy : Infinity;
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
