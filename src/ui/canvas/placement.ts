import type { DeviceDoc, DeviceKind } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { freeSpot, type Point } from './geometry';
import { canvasSpread } from './insides';
import { spreadToDoc, spreadToFlow } from './spread';

/*
 * Placing new devices. The palette sits outside the canvas's React Flow provider, so the
 * canvas registers how to find the centre of what it shows; the palette asks here.
 */

/** The MIME type a palette item carries while dragged. */
export const DEVICE_MIME = 'application/x-hairpin-device';

const KINDS: readonly DeviceKind[] = ['host', 'router', 'switch', 'cloud'];

export function isDeviceKind(s: string): s is DeviceKind {
  return (KINDS as readonly string[]).includes(s);
}

/** What the canvas offers: the middle of what it shows, and panning to show a point (flow pixels). */
export interface CanvasView {
  centre(): Point;
  reveal(p: Point): void;
}

let view: CanvasView | undefined;

/** The canvas registers its view while mounted; returns the unregistration. */
export function registerCanvasView(v: CanvasView): () => void {
  view = v;
  return () => {
    if (view === v) view = undefined;
  };
}

/** Adds a device at a flow position (pixels) and selects it; returns its id. */
export function addDeviceAt(kind: DeviceKind, at: Point): string {
  const id = useDocument.getState().addDevice(kind, spreadToDoc(at, canvasSpread()));
  // Not added when the scenario is at its device limit (the refusal is shown).
  if (useDocument.getState().doc.devices[id]) useSession.getState().select(id);
  return id;
}

/** The middle of the view, moved aside so a new device does not cover another (flow pixels). */
function spotInView(): Point {
  const spread = canvasSpread();
  const taken = Object.values(useDocument.getState().doc.devices).map((d) => spreadToFlow(d.at, spread));
  return freeSpot(view?.centre() ?? { x: 0, y: 0 }, taken);
}

/** Adds a device in the middle of the view, moved aside so it does not cover another. */
export function addDeviceInView(kind: DeviceKind): string {
  const spot = spotInView();
  const id = addDeviceAt(kind, spot);
  view?.reveal(spot);
  return id;
}

/**
 * Adds a whole device (a real machine, pasted) in the middle of the view, aside from the others,
 * and selects it; returns why not when the document refuses it.
 */
export function addMachineInView(id: string, device: Omit<DeviceDoc, 'at'>): string | undefined {
  const spot = spotInView();
  const problem = useDocument.getState().addDeviceAs(id, { ...device, at: spreadToDoc(spot, canvasSpread()) } as DeviceDoc);
  if (problem) return problem;
  useSession.getState().select(id);
  view?.reveal(spot);
  return undefined;
}
