import type { DeviceKind, ScenarioDoc } from '../engine/scenario/types';

/*
 * A lesson's picture, drawn from its scenario's topology: the devices where the canvas puts
 * them (`at`), scaled into a small fixed box, and the links between them. Pure geometry; the
 * page draws it as SVG elements with the theme's colours, so it needs no image files.
 */

export const PICTURE_WIDTH = 240;
export const PICTURE_HEIGHT = 180;
const MARGIN_X = 30;
const MARGIN_TOP = 18;
const MARGIN_BOTTOM = 26;

export interface PictureNode {
  id: string;
  kind: DeviceKind;
  x: number;
  y: number;
  /** The device that runs the lesson's question or first flow. */
  actor: boolean;
}

export interface Picture {
  nodes: PictureNode[];
  links: { x1: number; y1: number; x2: number; y2: number }[];
}

/** Lays `doc` out in a PICTURE_WIDTH × PICTURE_HEIGHT box; `actor` is highlighted. */
export function pictureOf(doc: ScenarioDoc, actor?: string): Picture {
  const ids = Object.keys(doc.devices);
  // Devices without a position go on a row below the others, as the canvas would place them.
  const raw: [number, number][] = ids.map((id, i) => doc.devices[id]!.at ?? [i * 100, 400]);
  const xs = raw.map((p) => p[0]);
  const ys = raw.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const w = PICTURE_WIDTH - 2 * MARGIN_X;
  const h = PICTURE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
  // One scale for both axes keeps the layout's shape; a single row or column is centred.
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min(w / spanX, h / spanY);
  const offX = MARGIN_X + (w - (maxX - minX) * scale) / 2;
  const offY = MARGIN_TOP + (h - (maxY - minY) * scale) / 2;
  const place = new Map<string, { x: number; y: number }>();
  const nodes = ids.map((id, i) => {
    const [x0, y0] = raw[i]!;
    const p = { x: Math.round(offX + (x0 - minX) * scale), y: Math.round(offY + (y0 - minY) * scale) };
    place.set(id, p);
    return { id, kind: doc.devices[id]!.kind, ...p, actor: id === actor };
  });
  const links = doc.links.flatMap(([a, b]) => {
    const p = place.get(a.split(':')[0]!);
    const q = place.get(b.split(':')[0]!);
    return p && q ? [{ x1: p.x, y1: p.y, x2: q.x, y2: q.y }] : [];
  });
  return { nodes, links };
}
