import type { DeviceKind, ScenarioDoc } from '../../engine/scenario/types';
import { splitEnd, toDoc } from './geometry';

/*
 * The auto-layout for large documents: dagre needs over a second for a thousand devices (its
 * ranking and crossing reduction are super-linear), this takes milliseconds. Links are
 * oriented as dagre's are (cloud → router → switch → host, then document order), each device
 * gets the rank one below its deepest parent, and every device sits centred above the
 * devices it was first to reach, so trees (the usual large LAN) come out without crossings.
 */

const RANK: Record<DeviceKind, number> = { cloud: 0, router: 1, switch: 2, host: 3 };
/** From this many leaves under one parent, they form a grid. */
const GRID_FROM = 5;

export interface TreeLayoutOptions {
  /** Room a device takes, pixels. */
  width: number;
  height: number;
  /** Gap between neighbours in a row, and between rows, pixels. */
  nodesep: number;
  ranksep: number;
}

/** Every device's centre in document units, top to bottom; linear in devices and links. */
export function treePositions(doc: ScenarioDoc, o: TreeLayoutOptions): Record<string, [number, number]> {
  const ids = Object.keys(doc.devices);
  const index = new Map(ids.map((id, i) => [id, i]));
  const kind = (i: number) => RANK[doc.devices[ids[i]!]!.kind];
  const down: number[][] = ids.map(() => []);
  const parents = new Array<number>(ids.length).fill(0);
  for (const [a, b] of doc.links) {
    const ia = index.get(splitEnd(a)[0]);
    const ib = index.get(splitEnd(b)[0]);
    if (ia === undefined || ib === undefined || ia === ib) continue;
    const forward = kind(ia) < kind(ib) || (kind(ia) === kind(ib) && ia < ib);
    const [from, to] = forward ? [ia, ib] : [ib, ia];
    down[from]!.push(to);
    parents[to]!++;
  }

  // Longest-path ranks in topological order (the orientation above has no cycles).
  const rank = new Array<number>(ids.length).fill(0);
  const waiting = [...parents];
  const queue = ids.map((_, i) => i).filter((i) => parents[i] === 0);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const c of down[v]!) {
      rank[c] = Math.max(rank[c]!, rank[v]! + 1);
      if (--waiting[c]! === 0) queue.push(c);
    }
  }

  // A spanning forest: each device's tree parent is the first device one rank up to reach it.
  const children: number[][] = ids.map(() => []);
  const placedUnder = new Array<boolean>(ids.length).fill(false);
  for (const v of queue) {
    for (const c of down[v]!) {
      if (!placedUnder[c] && rank[c] === rank[v]! + 1) {
        placedUnder[c] = true;
        children[v]!.push(c);
      }
    }
  }

  // Leaves take consecutive slots left to right in depth-first order; a parent is centred
  // over its children, so subtrees never overlap. Many leaves under one parent (the hosts of
  // a switch) form a grid of rows below it rather than one long row.
  const slot = new Array<number>(ids.length).fill(0);
  const row = new Array<number>(ids.length).fill(0);
  let next = 0;
  const place = (root: number) => {
    const stack: { v: number; i: number }[] = [{ v: root, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const kids = children[top.v]!;
      if (top.i === 0 && kids.length >= GRID_FROM && kids.every((c) => !children[c]!.length)) {
        const cols = Math.ceil(Math.sqrt(kids.length));
        kids.forEach((c, k) => {
          slot[c] = next + (k % cols);
          row[c] = Math.floor(k / cols);
        });
        next += cols;
        top.i = kids.length;
      }
      if (top.i < kids.length) {
        stack.push({ v: kids[top.i++]!, i: 0 });
        continue;
      }
      stack.pop();
      if (!kids.length) slot[top.v] = next++;
      else slot[top.v] = (Math.min(...kids.map((c) => slot[c]!)) + Math.max(...kids.map((c) => slot[c]!))) / 2;
    }
  };
  for (let v = 0; v < ids.length; v++) if (!placedUnder[v]) place(v);

  const out: Record<string, [number, number]> = {};
  for (let v = 0; v < ids.length; v++) {
    out[ids[v]!] = toDoc({ x: slot[v]! * (o.width + o.nodesep) + o.width / 2, y: (rank[v]! + row[v]!) * (o.height + o.ranksep) + o.height / 2 });
  }
  return out;
}
