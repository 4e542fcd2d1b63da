import type { NodeHandle } from '@xyflow/react';
import { Position } from '@xyflow/react';
import type { DeviceData } from './elements';
import type { Side } from './geometry';

/*
 * A device's size and its ports' places before the browser has measured them, for large
 * documents: React Flow draws only the devices in view there (onlyRenderVisibleElements),
 * which needs every device's size up front, and would otherwise draw all of them once just to
 * measure them. The figures follow canvas.css roughly; a device is measured for real as soon as
 * it is drawn, and its links follow.
 */

const CARD = { width: 150, height: 55 };
const PORT_HEIGHT = 20;
const GAP = 6;
/** A handle holds the port's name, and its first address when it has one. */
const portWidth = (addresses: string[] | undefined) => (addresses?.length ? 130 : 30);

const POSITION: Record<Side, Position> = { top: Position.Top, right: Position.Right, bottom: Position.Bottom, left: Position.Left };

export interface Estimate {
  /** Never a whole number, so the first real measurement (whole pixels) always replaces it. */
  measured: { width: number; height: number };
  handles: NodeHandle[];
}

export function estimateDevice(data: DeviceData): Estimate {
  const { sides, addresses } = data;
  const row = (ports: string[]) => ports.reduce((w, p) => w + portWidth(addresses[p]), 0) + Math.max(0, ports.length - 1) * GAP + 20;
  const column = (ports: string[]) => Math.max(0, ...ports.map((p) => portWidth(addresses[p]) - 12));
  const left = column(sides.left);
  const right = column(sides.right);
  const middle = Math.max(CARD.height, sides.left.length * (PORT_HEIGHT + GAP) + 12, sides.right.length * (PORT_HEIGHT + GAP) + 12);
  const top = sides.top.length ? PORT_HEIGHT - 9 : 0;
  const bottom = sides.bottom.length ? PORT_HEIGHT - 9 : 0;
  const width = Math.max(left + CARD.width + right, row(sides.top), row(sides.bottom));
  const height = top + middle + bottom;
  const handles: NodeHandle[] = [];
  const along = (side: Side, ports: string[]) => {
    if (side === 'top' || side === 'bottom') {
      let x = (width - row(ports)) / 2 + 10;
      for (const p of ports) {
        const w = portWidth(addresses[p]);
        handles.push({ id: p, type: 'source', position: POSITION[side], x, y: side === 'top' ? 0 : height - PORT_HEIGHT, width: w, height: PORT_HEIGHT });
        x += w + GAP;
      }
    } else {
      let y = top + (middle - ports.length * (PORT_HEIGHT + GAP) + GAP) / 2;
      for (const p of ports) {
        const w = portWidth(addresses[p]);
        handles.push({ id: p, type: 'source', position: POSITION[side], x: side === 'left' ? 0 : width - w, y, width: w, height: PORT_HEIGHT });
        y += PORT_HEIGHT + GAP;
      }
    }
  };
  for (const side of ['top', 'right', 'bottom', 'left'] as const) along(side, sides[side]);
  return { measured: { width: width + 0.5, height: height + 0.5 }, handles };
}
