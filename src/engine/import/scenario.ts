import { parseScenario } from '../scenario';
import { LineIndex, locate, parseJson } from '../scenario/json';
import type { DeviceKind, ScenarioDoc } from '../scenario/types';
import type { ImportProblem, NotImported } from './importer';

/*
 * A Hairpin scenario as input: what `hairpin snapshot`'s script prints on a real machine (one
 * device, its ports with their MACs and the config lines that rebuild it). Its device is taken
 * as it is, so a snapshot joins an existing lab as pasted output does. The text is untrusted:
 * it must pass the scenario parser, whose errors (line, column, JSON path) are passed on, and
 * hold exactly one device.
 */

export interface ScenarioDevice {
  /** The device's id in the scenario (the machine's hostname, for a snapshot). */
  name: string;
  kind: DeviceKind;
  ports: ScenarioDoc['devices'][string]['ports'];
  config: string[];
}

export type ScenarioImport = { device?: ScenarioDevice; problems: ImportProblem[]; notImported: NotImported[] };

/**
 * Whether `text` is to be read as a scenario: a JSON object. `ip -j` prints arrays, never an
 * object, so an object that does not parse is a scenario cut short; a well-formed object with
 * no "hairpin" key (`nft -j`, say) is left to the tool-output importer to report.
 */
export function isScenarioText(text: string): boolean {
  if (!/^\uFEFF?\s*\{/.test(text)) return false;
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && 'hairpin' in value;
  } catch {
    return true;
  }
}

export function importScenario(source: string, text: string): ScenarioImport {
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    return {
      notImported: [],
      // "N more errors not shown" has no place: it goes on the first line.
      problems: parsed.errors.map((e) => ({ source, line: Math.max(1, e.line), ...(e.column > 0 ? { column: e.column } : {}), message: e.path ? `${e.path}: ${e.message}` : e.message })),
    };
  }
  const doc = parsed.scenario.doc;
  const json = parseJson(text);
  const lines = new LineIndex(text);
  const place = (path: (string | number)[]) => {
    if (!json.ok) return { line: 1 };
    return lines.position(locate(json.json.root, path, 'key').offset);
  };
  const ids = Object.keys(doc.devices);
  if (ids.length !== 1) {
    const { line, column } = place(['devices']) as { line: number; column?: number };
    const held = ids.length === 0 ? 'no device' : `${ids.length} devices (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`;
    return {
      notImported: [],
      problems: [{ source, line, ...(column ? { column } : {}), message: `devices: the scenario holds ${held}; a snapshot holds one machine (open a lab as a scenario of its own instead)` }],
    };
  }
  const name = ids[0]!;
  const device = doc.devices[name]!;
  // What a one-device scenario may carry beyond the machine: the lab it joins keeps its own.
  const notImported: NotImported[] = [];
  const left = (key: 'links' | 'flows' | 'lesson', count: number, why: string) => {
    if (count > 0) notImported.push({ source, line: place([key]).line, text: key === 'lesson' ? 'lesson' : `${key} (${count})`, reason: why });
  };
  left('links', doc.links.length, 'links are drawn on the canvas (or come with the lab), not taken from a snapshot');
  left('flows', doc.flows.length, 'the lab keeps its own flows');
  if (doc.lesson) left('lesson', 1, 'the lab keeps its own lesson');
  return { device: { name, kind: device.kind, ports: { ...device.ports }, config: [...(device.config ?? [])] }, problems: [], notImported };
}
