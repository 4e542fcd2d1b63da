import type { ScenarioDoc } from '../engine/scenario/types';
import { needsLayout, withLayout } from '../ui/canvas/layout';

/*
 * A document the worker reads for the page (a share link, an imported file) crosses placed:
 * when it does not say where its devices are, the worker lays it out, with the same layout the
 * page used to make (so the same positions), and the page draws it once. Laying out 9,999
 * devices on the page, after drawing them unplaced, held its main thread for hundreds of
 * milliseconds (issue 19); undo never sees the unplaced document, as before.
 */

/** `doc` with every device placed: the same object when it already is. */
export async function placed(doc: ScenarioDoc): Promise<ScenarioDoc> {
  return needsLayout(doc) ? withLayout(doc) : doc;
}

/** A read's answer (a link's or a file's) with its document placed; a refusal as it is. */
export async function placedAnswer<T extends { ok: true; doc: ScenarioDoc } | { ok: false }>(read: T): Promise<T> {
  if (!read.ok) return read;
  return { ...read, doc: await placed((read as { doc: ScenarioDoc }).doc) };
}
