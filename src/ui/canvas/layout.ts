import type { ScenarioDoc } from '../../engine/scenario/types';
import { treePositions } from './treeLayout';
import { deviceCount, deviceIds } from '../../state/device-ids';

/*
 * Auto-layout for documents that do not say where their devices are, top to bottom, the
 * internet at the top and hosts at the bottom. Small documents get dagre (its crossing
 * reduction reads best; loaded on first use); large ones the linear tree layout, as dagre
 * takes seconds over a thousand devices. Computed in the engine worker (worker/placing.ts),
 * never on the page: placing 9,999 devices held the main thread for 100 ms and more (issue 19).
 */

/** Roughly how much room a device takes on the canvas, in pixels, with its port labels. */
export const NODE_SIZE = { width: 190, height: 90 };
/** Above this many devices, the tree layout. */
export const LARGE_LAYOUT = 80;

/** Per devices object (never mutated): the canvas asks at every render, and a large one has 10,000 devices to look at. */
const unplaced = new WeakMap<ScenarioDoc['devices'], boolean>();

export function needsLayout(doc: ScenarioDoc): boolean {
  let answer = unplaced.get(doc.devices);
  if (answer === undefined) {
    answer = false;
    for (const id of deviceIds(doc)) {
      if (doc.devices[id]!.at) continue;
      answer = true;
      break;
    }
    unplaced.set(doc.devices, answer);
  }
  return answer;
}

/**
 * Layouts computed by this module so far, wherever it runs: on the page, a browser test reads
 * it (window.__hairpinPageLayouts) to see that the page lays out nothing itself.
 */
export const layoutsMade = { count: 0 };
if (typeof window !== 'undefined') (window as unknown as { __hairpinPageLayouts?: typeof layoutsMade }).__hairpinPageLayouts = layoutsMade;

export type Positions = Record<string, [number, number]>;

/** Every device's centre, in document units. */
export async function layoutPositions(doc: ScenarioDoc): Promise<Positions> {
  layoutsMade.count++;
  if (deviceCount(doc) > LARGE_LAYOUT) return treePositions(doc, { ...NODE_SIZE, nodesep: 40, ranksep: 55 });
  const { dagrePositions } = await import('./dagreLayout');
  return dagrePositions(doc);
}

/** The document with every device placed (a new object; the input is untouched). */
export async function withLayout(doc: ScenarioDoc): Promise<ScenarioDoc> {
  return placedAt(doc, await layoutPositions(doc));
}

/** The document with its devices at `at` (a new object; the input is untouched). */
export function placedAt(doc: ScenarioDoc, at: Positions): ScenarioDoc {
  const devices: ScenarioDoc['devices'] = {};
  for (const id in doc.devices) devices[id] = { ...doc.devices[id]!, at: at[id] };
  return { ...doc, devices };
}
