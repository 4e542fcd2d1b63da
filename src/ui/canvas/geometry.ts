import type { ScenarioDoc } from '../../engine/scenario/types';

/*
 * Where things go on the canvas. A device's `at` is its centre in document units; the canvas
 * draws one unit as SCALE.x by SCALE.y pixels, so the built-in lessons (laid out on a 100-unit
 * grid) leave room for port labels between devices while staying short enough to read when
 * fitted into a landscape canvas.
 */

export const SCALE = { x: 2, y: 1.4 };

export type Point = { x: number; y: number };
export type Side = 'top' | 'right' | 'bottom' | 'left';

export function toFlow(at: readonly [number, number] | undefined): Point {
  return at ? { x: at[0] * SCALE.x, y: at[1] * SCALE.y } : { x: 0, y: 0 };
}

export function toDoc(p: Point): [number, number] {
  return [Math.round(p.x / SCALE.x), Math.round(p.y / SCALE.y)];
}

/** "device:port" → [device, port]. */
export function splitEnd(end: string): [string, string] {
  const i = end.indexOf(':');
  return i < 0 ? [end, ''] : [end.slice(0, i), end.slice(i + 1)];
}

/** Each linked port's far end, per links array (laying out every device asks for every port). */
const peers = new WeakMap<readonly (readonly [string, string])[], Map<string, string>>();

/** Every linked end's far end ("pc1:eth0" → "lan:p1"), made once per links array. */
export function linkPeers(doc: ScenarioDoc): Map<string, string> {
  let map = peers.get(doc.links);
  if (!map) {
    map = new Map();
    // The first link of a port wins, as a walk of the list would find.
    for (const [a, b] of doc.links) {
      if (!map.has(a)) map.set(a, b);
      if (!map.has(b)) map.set(b, a);
    }
    peers.set(doc.links, map);
  }
  return map;
}

/** The far end of a port's link, if it has one. */
export function peerOf(doc: ScenarioDoc, device: string, port: string): string | undefined {
  return linkPeers(doc).get(`${device}:${port}`);
}

/** The side of its node a port sits on, facing its peer, and the ports in order along each side. */
export type PortLayout = Record<Side, string[]>;

/**
 * Each linked port goes on the side of the node that faces the device at the other end, so
 * links do not cross the node; along a side, ports are ordered by where their peers are.
 * Ports without a link: the first goes on top when the top is free (a host's or router's
 * uplink usually goes up), the others at the bottom; a cloud's all go at the bottom.
 */
export function portLayout(doc: ScenarioDoc, device: string, peers = linkPeers(doc)): PortLayout {
  const d = doc.devices[device];
  const out: PortLayout = { top: [], right: [], bottom: [], left: [] };
  if (!d) return out;
  const here = toFlow(d.at);
  const order = new Map<string, number>();
  const free: string[] = [];
  for (const port of Object.keys(d.ports)) {
    const peer = peers.get(`${device}:${port}`);
    const there = peer ? doc.devices[splitEnd(peer)[0]] : undefined;
    if (!peer || !there) {
      free.push(port);
      continue;
    }
    const p = toFlow(there.at);
    const dx = p.x - here.x;
    const dy = p.y - here.y;
    let side: Side;
    if (dx === 0 && dy === 0) side = 'bottom';
    else if (Math.abs(dy) >= Math.abs(dx) * 0.5) side = dy < 0 ? 'top' : 'bottom';
    else side = dx < 0 ? 'left' : 'right';
    out[side].push(port);
    order.set(port, side === 'top' || side === 'bottom' ? dx : dy);
  }
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    out[side].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
  free.forEach((port, i) => (i === 0 && d.kind !== 'cloud' && !out.top.length ? out.top : out.bottom).push(port));
  return out;
}

/**
 * A free spot near `want` for a new device: `want` itself when nothing is within `gap`
 * (in each axis), else the nearest point of a growing ring around it that is free.
 */
export function freeSpot(want: Point, taken: readonly Point[], gap: Point = { x: 240, y: 170 }): Point {
  const clear = (p: Point) => taken.every((t) => Math.abs(t.x - p.x) >= gap.x || Math.abs(t.y - p.y) >= gap.y);
  if (clear(want)) return want;
  for (let ring = 1; ring < 40; ring++) {
    const candidates: Point[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        candidates.push({ x: want.x + (i * gap.x) / 2, y: want.y + (j * gap.y) / 2 });
      }
    }
    candidates.sort((a, b) => Math.hypot(a.x - want.x, a.y - want.y) - Math.hypot(b.x - want.x, b.y - want.y));
    const found = candidates.find(clear);
    if (found) return found;
  }
  return want;
}
