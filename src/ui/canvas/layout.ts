import dagre from '@dagrejs/dagre';
import type { DeviceKind, ScenarioDoc } from '../../engine/scenario/types';
import { splitEnd, toDoc } from './geometry';

/*
 * Auto-layout for documents that do not say where their devices are: dagre, top to bottom,
 * the internet at the top and hosts at the bottom (links are oriented cloud → router →
 * switch → host for ranking; the document's links have no direction).
 */

/** Roughly how much room a device takes on the canvas, in pixels, with its port labels. */
export const NODE_SIZE = { width: 190, height: 90 };

const RANK: Record<DeviceKind, number> = { cloud: 0, router: 1, switch: 2, host: 3 };

export function needsLayout(doc: ScenarioDoc): boolean {
  return Object.values(doc.devices).some((d) => !d.at);
}

/** Dagre takes seconds beyond this many devices (it grows faster than linearly): a grid instead. */
export const DAGRE_MAX_DEVICES = 500;

/** Rows by kind (the internet first, hosts last), in document order, about twice as wide as tall. */
function gridPositions(doc: ScenarioDoc): Record<string, [number, number]> {
  const ids = Object.keys(doc.devices).sort((a, b) => RANK[doc.devices[a]!.kind] - RANK[doc.devices[b]!.kind]);
  const columns = Math.ceil(Math.sqrt(ids.length * 2));
  const out: Record<string, [number, number]> = {};
  ids.forEach((id, i) => (out[id] = toDoc({ x: (i % columns) * (NODE_SIZE.width + 40), y: Math.floor(i / columns) * (NODE_SIZE.height + 55) })));
  return out;
}

/** Every device's centre, in document units, as dagre places them (a grid for a big scenario). */
export function layoutPositions(doc: ScenarioDoc): Record<string, [number, number]> {
  if (Object.keys(doc.devices).length > DAGRE_MAX_DEVICES) return gridPositions(doc);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 55, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = Object.keys(doc.devices);
  const index = new Map(ids.map((id, i) => [id, i]));
  for (const id of ids) g.setNode(id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  for (const [a, b] of doc.links) {
    const [da] = splitEnd(a);
    const [db] = splitEnd(b);
    const ka = doc.devices[da]?.kind;
    const kb = doc.devices[db]?.kind;
    if (!ka || !kb || da === db) continue;
    const down = RANK[ka] < RANK[kb] || (RANK[ka] === RANK[kb] && index.get(da)! < index.get(db)!);
    if (down) g.setEdge(da, db);
    else g.setEdge(db, da);
  }
  dagre.layout(g);
  const out: Record<string, [number, number]> = {};
  for (const id of ids) {
    const n = g.node(id);
    out[id] = toDoc({ x: n?.x ?? 0, y: n?.y ?? 0 });
  }
  return out;
}

/** The document with every device placed by dagre (a new object; the input is untouched). */
export function withLayout(doc: ScenarioDoc): ScenarioDoc {
  const at = layoutPositions(doc);
  const devices: ScenarioDoc['devices'] = {};
  for (const [id, d] of Object.entries(doc.devices)) devices[id] = { ...d, at: at[id] };
  return { ...doc, devices };
}
