import { defaultMac } from '../../engine/addr/mac';
import type { ScenarioDoc } from '../../engine/scenario/types';

/*
 * A device's ports as the inspector lists them: name, MAC (the default one worked out as the
 * engine does: 02:00 + 1-based device index + 1-based port index) and the far end of its link.
 */

export interface PortRow {
  name: string;
  mac: string;
  /** True when the document says null and the default MAC applies. */
  defaultMac: boolean;
  /** "device:port" at the other end, when linked. */
  peer?: string;
}

export function portRows(doc: ScenarioDoc, device: string): PortRow[] {
  const d = doc.devices[device];
  if (!d) return [];
  const deviceIndex = Object.keys(doc.devices).indexOf(device) + 1;
  return Object.entries(d.ports).map(([name, mac], i) => {
    const end = `${device}:${name}`;
    const link = doc.links.find(([a, b]) => a === end || b === end);
    const row: PortRow = { name, mac: mac ? mac.toLowerCase() : defaultMac(deviceIndex, i + 1), defaultMac: mac === null };
    if (link) row.peer = link[0] === end ? link[1] : link[0];
    return row;
  });
}
