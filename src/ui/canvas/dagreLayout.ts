import dagre from '@dagrejs/dagre';
import type { DeviceKind, ScenarioDoc } from '../../engine/scenario/types';
import { splitEnd, toDoc } from './geometry';
import { NODE_SIZE } from './layout';

/*
 * Auto-layout for small documents that do not say where their devices are: dagre, top to bottom,
 * the internet at the top and hosts at the bottom (links are oriented cloud → router →
 * switch → host for ranking; the document's links have no direction). Loaded only when a
 * document needs it (layout.ts).
 */

const RANK: Record<DeviceKind, number> = { cloud: 0, router: 1, switch: 2, host: 3 };

/** Every device's centre, in document units, as dagre places them. */
export function dagrePositions(doc: ScenarioDoc): Record<string, [number, number]> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 55, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = Object.keys(doc.devices);
  for (const id of ids) g.setNode(id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  for (const [a, b] of doc.links) {
    const [da] = splitEnd(a);
    const [db] = splitEnd(b);
    const ka = doc.devices[da]?.kind;
    const kb = doc.devices[db]?.kind;
    if (!ka || !kb || da === db) continue;
    const down = RANK[ka] < RANK[kb] || (RANK[ka] === RANK[kb] && ids.indexOf(da) < ids.indexOf(db));
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
