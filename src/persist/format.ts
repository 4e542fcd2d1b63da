import { parseScenario, type ScenarioDoc } from '../engine/scenario';
import { keysWithPrefix, type KeyValueStorage } from './storage';

/*
 * How the library is laid out in storage, version by version. One key per saved scenario (a
 * self-describing record) rather than one big index: a save touches one key, a damaged key
 * loses one scenario at most, and the list is rebuilt by scanning the keys.
 *
 *   hairpin.storage          {"version": 1}
 *   hairpin.current          {"saved": ID} or {"builtin": NAME}: what reopens on reload
 *   hairpin.scenario.ID      a SavedRecord (JSON)
 *   hairpin.scenario.ID.prev the previous good record, kept while the next one is written
 *   hairpin.aside.ID.TIME    a damaged value, kept aside rather than deleted
 */

export const STORAGE_VERSION = 1;

export const KEYS = {
  version: 'hairpin.storage',
  current: 'hairpin.current',
  recordPrefix: 'hairpin.scenario.',
  record: (id: string) => `hairpin.scenario.${id}`,
  previous: (id: string) => `hairpin.scenario.${id}.prev`,
  aside: (id: string, time: number) => `hairpin.aside.${id}.${time}`,
} as const;

/** Ids are generated here: lowercase letters and digits, so `.prev` can never be part of one. */
const RECORD_KEY = /^hairpin\.scenario\.([a-z0-9]+)$/;

export function recordIds(storage: KeyValueStorage): string[] {
  return keysWithPrefix(storage, KEYS.recordPrefix).flatMap((k) => RECORD_KEY.exec(k)?.[1] ?? []);
}

/** One saved scenario. `name` is the document's title, copied so a list needs no parsing. */
export interface SavedRecord {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  updatedAt: number;
  /** The built-in lesson it was copied from, if any. */
  origin?: string;
  doc: ScenarioDoc;
}

export type SavedSummary = Omit<SavedRecord, 'doc'>;

export type Current = { saved: string } | { builtin: string };

export type Decoded = { ok: true; record: SavedRecord } | { ok: false; message: string };

/**
 * Reads a stored record and validates its document as any scenario is validated (and migrated
 * from an older format). Never throws: storage may hold anything.
 */
export function decodeRecord(text: string | null, id: string): Decoded {
  if (text === null) return { ok: false, message: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, message: 'not a saved scenario' };
  const r = raw as Partial<Record<keyof SavedRecord, unknown>>;
  if (r.id !== id || typeof r.updatedAt !== 'number' || (r.origin !== undefined && typeof r.origin !== 'string')) {
    return { ok: false, message: 'not a saved scenario' };
  }
  const checked = checkDoc(r.doc);
  if (!checked.ok) return checked;
  const doc = checked.doc;
  return { ok: true, record: { id, name: doc.title, updatedAt: r.updatedAt, ...(r.origin ? { origin: r.origin } : {}), doc } };
}

/** The document in the current format (migrated), or the first problem with it. */
export function checkDoc(doc: unknown): { ok: true; doc: ScenarioDoc } | { ok: false; message: string } {
  if (doc === undefined) return { ok: false, message: 'no document' };
  const result = parseScenario(JSON.stringify(doc));
  if (!result.ok) {
    const e = result.errors[0]!;
    return { ok: false, message: e.path ? `${e.path}: ${e.message}` : e.message };
  }
  return { ok: true, doc: result.scenario.doc };
}

export function encodeRecord(record: SavedRecord): string {
  return JSON.stringify(record);
}

export function decodeCurrent(text: string | null): Current | undefined {
  try {
    const v: unknown = text === null ? undefined : JSON.parse(text);
    if (typeof v !== 'object' || v === null) return undefined;
    const c = v as Record<string, unknown>;
    if (typeof c.saved === 'string') return { saved: c.saved };
    if (typeof c.builtin === 'string') return { builtin: c.builtin };
  } catch {
    // A damaged pointer only means nothing reopens; the scenarios themselves are untouched.
  }
  return undefined;
}

/** Upgrades the storage layout from version `from` to `from + 1`, in place. */
export interface StorageMigration {
  from: number;
  summary: string;
  run(storage: KeyValueStorage): void;
}

/**
 * Version 0 is "no version key": nothing was stored before version 1, so there is nothing to
 * move. A future layout change adds its step here; each step is stamped as it completes, so a
 * crash midway resumes at the step that did not finish.
 */
export const STORAGE_MIGRATIONS: readonly StorageMigration[] = [{ from: 0, summary: 'stamp the version', run: () => {} }];

export function storedVersion(storage: KeyValueStorage): number {
  const text = storage.getItem(KEYS.version);
  if (text === null) return 0;
  try {
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
  } catch {
    return 0;
  }
}
