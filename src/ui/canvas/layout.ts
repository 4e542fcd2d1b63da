import type { ScenarioDoc } from '../../engine/scenario/types';
import { treePositions } from './treeLayout';

/*
 * Auto-layout for documents that do not say where their devices are, top to bottom, the
 * internet at the top and hosts at the bottom. Small documents get dagre (its crossing
 * reduction reads best; loaded on first use, so the first page load does not carry it); large
 * ones the linear tree layout, as dagre takes seconds over a thousand devices.
 */

/** Roughly how much room a device takes on the canvas, in pixels, with its port labels. */
export const NODE_SIZE = { width: 190, height: 90 };
/** Above this many devices, the tree layout. */
export const LARGE_LAYOUT = 80;

export function needsLayout(doc: ScenarioDoc): boolean {
  for (const id in doc.devices) if (!doc.devices[id]!.at) return true;
  return false;
}

/** Every device's centre, in document units. */
export async function layoutPositions(doc: ScenarioDoc): Promise<Record<string, [number, number]>> {
  if (Object.keys(doc.devices).length > LARGE_LAYOUT) return treePositions(doc, { ...NODE_SIZE, nodesep: 40, ranksep: 55 });
  const { dagrePositions } = await import('./dagreLayout');
  return dagrePositions(doc);
}

/** The document with every device placed (a new object; the input is untouched). */
export async function withLayout(doc: ScenarioDoc): Promise<ScenarioDoc> {
  const at = await layoutPositions(doc);
  const devices: ScenarioDoc['devices'] = {};
  for (const [id, d] of Object.entries(doc.devices)) devices[id] = { ...d, at: at[id] };
  return { ...doc, devices };
}
