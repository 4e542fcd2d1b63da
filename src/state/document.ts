import { temporal } from 'zundo';
import { create } from 'zustand';
import type { Mac } from '../engine/addr/mac';
import type { DeviceDoc, DeviceKind, ScenarioDoc } from '../engine/scenario/types';
import { deviceIdProblem } from '../engine/scenario/names';
import { limitGuard } from './edit-limits';
import { lessonAfterFlows, lessonWithoutDevices, type LessonResult } from './lesson';
import { renameDevice, renamePort, type RenameTarget } from './rename';
import { DEVICE_TEMPLATES, emptyScenario, freeDeviceId, nextPortName } from './templates';

/*
 * The document: the scenario being edited, in the current format (2, its lesson included). Every change is a new object (never
 * mutated in place) so undo/redo (zundo) can keep the history of this slice only.
 */

export interface DocumentState {
  doc: ScenarioDoc;
  /** The built-in scenario it came from, if any. */
  origin?: string;
  /**
   * Which document this is: setDoc bumps it when it replaces the document (a load), so autosave
   * can tell a newly opened scenario from an edit. A re-layout made with the history paused
   * keeps it: that is still the same document.
   */
  generation: number;
  setDoc(doc: ScenarioDoc, origin?: string): void;
  addDevice(kind: DeviceKind, at: [number, number]): string;
  /** Adds a whole device under `id` (a real machine's paste), as one undo step; returns why not when it refuses. */
  addDeviceAs(id: string, device: DeviceDoc): string | undefined;
  removeDevices(ids: string[]): void;
  moveDevice(id: string, at: [number, number]): void;
  addPort(device: string): string;
  removePort(device: string, port: string): void;
  /** Renames a device, or one of its ports, with every reference (state/rename.ts); returns why not when it refuses. */
  rename(target: RenameTarget, to: string): string | undefined;
  /** Links two "device:port" ends; returns why not when it refuses. */
  addLink(a: string, b: string): string | undefined;
  removeLink(index: number): void;
  setConfig(device: string, lines: string[]): void;
  appendConfig(device: string, lines: string[]): void;
  /** A device's ports and config set together, as one undo step (a paste from a real machine); returns why not when it refuses. */
  setPortsAndConfig(device: string, ports: Record<string, Mac | null>, lines: string[]): string | undefined;
  /** One edit of the lesson (state/lesson.ts), as one undo step; returns why not when it refuses. */
  editLesson(edit: (doc: ScenarioDoc) => LessonResult | ScenarioDoc): string | undefined;
}

/** Why a link between two ports is refused, or undefined when it is fine. */
export function linkProblem(doc: ScenarioDoc, a: string, b: string): string | undefined {
  if (a === b) return 'a port cannot be linked to itself';
  const [da, pa] = a.split(':');
  const [db, pb] = b.split(':');
  if (!da || !pa || !doc.devices[da]?.ports || !(pa in doc.devices[da]!.ports)) return `${a} does not exist`;
  if (!db || !pb || !doc.devices[db]?.ports || !(pb in doc.devices[db]!.ports)) return `${b} does not exist`;
  if (da === db) return `${da} cannot be linked to itself`;
  for (const end of [a, b]) {
    const taken = doc.links.find((l) => l.includes(end));
    if (taken) return `${end} is already linked to ${taken[0] === end ? taken[1] : taken[0]}: a port takes one link`;
  }
  return undefined;
}

/** Whether the history records changes now (zundo's store, untyped inside the creator). */
function isTracking(store: unknown): boolean {
  return (store as { temporal: { getState(): { isTracking: boolean } } }).temporal.getState().isTracking;
}

export const useDocument = create<DocumentState>()(
  temporal(
    // Edits that would break a format limit are refused before the history records them.
    limitGuard<DocumentState>((set, get, store) => ({
      doc: emptyScenario(),
      origin: undefined,
      generation: 0,
      setDoc: (doc, origin) =>
        set((s) => ({ doc, origin, generation: s.generation + (isTracking(store) ? 1 : 0) })),
      addDevice: (kind, at) => {
        const doc = get().doc;
        const id = freeDeviceId(doc, kind);
        set({ doc: { ...doc, devices: { ...doc.devices, [id]: { ...DEVICE_TEMPLATES[kind](), at } } } });
        return id;
      },
      addDeviceAs: (id, device) => {
        const doc = get().doc;
        const problem = deviceIdProblem(id);
        if (problem) return problem;
        if (id in doc.devices) return `there is already a device named ${id}`;
        const next = { ...doc, devices: { ...doc.devices, [id]: device } };
        set({ doc: next });
        return get().doc === next ? undefined : 'the document would break a limit';
      },
      removeDevices: (ids) => {
        const doc = get().doc;
        const devices = { ...doc.devices };
        for (const id of ids) delete devices[id];
        const gone = (end: string) => ids.includes(end.split(':')[0]!);
        // The lesson names flows by index: those left are renumbered, the steps on the removed devices go.
        const renumbered: (number | undefined)[] = [];
        let kept = 0;
        for (const f of doc.flows) renumbered.push(ids.includes(f.on) ? undefined : kept++);
        const next = { ...doc, devices, links: doc.links.filter(([a, b]) => !gone(a) && !gone(b)), flows: doc.flows.filter((f) => !ids.includes(f.on)) };
        set({ doc: lessonWithoutDevices(lessonAfterFlows(next, (f) => renumbered[f]).doc, ids) });
      },
      moveDevice: (id, at) => {
        const doc = get().doc;
        const d = doc.devices[id];
        if (!d) return;
        set({ doc: { ...doc, devices: { ...doc.devices, [id]: { ...d, at } } } });
      },
      addPort: (device) => {
        const doc = get().doc;
        const d = doc.devices[device]!;
        const name = nextPortName(d);
        set({ doc: { ...doc, devices: { ...doc.devices, [device]: { ...d, ports: { ...d.ports, [name]: null } } } } });
        return name;
      },
      removePort: (device, port) => {
        const doc = get().doc;
        const d = doc.devices[device];
        if (!d) return;
        const ports = { ...d.ports };
        delete ports[port];
        const end = `${device}:${port}`;
        set({ doc: { ...doc, devices: { ...doc.devices, [device]: { ...d, ports } }, links: doc.links.filter((l) => !l.includes(end)) } });
      },
      rename: (target, to) => {
        const doc = get().doc;
        const r = target.port === undefined ? renameDevice(doc, target.device, to) : renamePort(doc, target.device, target.port, to);
        if (!r.ok) return r.problem;
        if (r.doc !== doc) set({ doc: r.doc });
        // The format's limits may refuse it (a line grown too long): that refusal is shown as any other.
        return get().doc === r.doc ? undefined : 'the document would break a limit';
      },
      addLink: (a, b) => {
        const doc = get().doc;
        const problem = linkProblem(doc, a, b);
        if (problem) return problem;
        set({ doc: { ...doc, links: [...doc.links, [a, b]] } });
        return undefined;
      },
      removeLink: (index) => {
        const doc = get().doc;
        set({ doc: { ...doc, links: doc.links.filter((_, i) => i !== index) } });
      },
      setConfig: (device, lines) => {
        const doc = get().doc;
        const d = doc.devices[device];
        if (!d) return;
        set({ doc: { ...doc, devices: { ...doc.devices, [device]: { ...d, config: lines } } } });
      },
      appendConfig: (device, lines) => {
        const d = get().doc.devices[device];
        if (d) get().setConfig(device, [...(d.config ?? []), ...lines]);
      },
      setPortsAndConfig: (device, ports, lines) => {
        const doc = get().doc;
        const d = doc.devices[device];
        if (!d) return `${device} does not exist`;
        const next = { ...doc, devices: { ...doc.devices, [device]: { ...d, ports, config: lines } } };
        set({ doc: next });
        return get().doc === next ? undefined : 'the document would break a limit';
      },
      editLesson: (edit) => {
        const doc = get().doc;
        const r = edit(doc);
        const next = 'ok' in r ? (r.ok ? r.doc : undefined) : r;
        if (!next) return (r as { problem: string }).problem;
        if (next !== doc) set({ doc: next });
        return undefined;
      },
    })),
    // The origin goes with the document: undo past an import lands on the lesson it replaced
    // as that lesson (its panel, its name in the picker), not as an anonymous copy.
    { partialize: (s) => ({ doc: s.doc, origin: s.origin }), limit: 200 },
  ),
);
