import type { ScenarioDoc } from '../engine/scenario';
import {
  checkDoc,
  decodeCurrent,
  decodeRecord,
  encodeRecord,
  KEYS,
  recordIds,
  STORAGE_MIGRATIONS,
  STORAGE_VERSION,
  storedVersion,
  type Current,
  type SavedRecord,
  type SavedSummary,
  type StorageMigration,
} from './format';
import { isQuotaError, type KeyValueStorage } from './storage';

/*
 * The user's saved scenarios in browser storage. Nothing here throws at the caller: a full disk
 * or a refused write comes back as a result to show the user, a damaged entry is skipped with a
 * warning and kept aside, and a write never destroys the last good copy.
 */

export type WriteResult =
  | { ok: true; record: SavedRecord }
  | { ok: false; quota: boolean; message: string; conflict?: undefined }
  /** Another tab saved this entry since `base`: nothing was written, theirs is as they left it. */
  | { ok: false; quota: false; message: string; conflict: SavedRecord };

export interface LibraryOptions {
  migrations?: readonly StorageMigration[];
  version?: number;
  now?: () => number;
  /** Damaged entries and similar: shown to the user, never fatal. */
  warn?: (message: string) => void;
}

export class Library {
  /** Storage written by a newer Hairpin: read what we can, write nothing. */
  readonly readOnly: boolean;
  private readonly now: () => number;
  /** The last save's time: the next one is later, even within the same millisecond. */
  private lastSaved = 0;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly storage: KeyValueStorage,
    options: LibraryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(m));
    const target = options.version ?? STORAGE_VERSION;
    this.readOnly = !this.migrate(options.migrations ?? STORAGE_MIGRATIONS, target);
  }

  /** Runs each migration step in order; false when the storage is newer than this code. */
  private migrate(migrations: readonly StorageMigration[], target: number): boolean {
    let version = storedVersion(this.storage);
    if (version > target) {
      this.warn(`Your saved scenarios were written by a newer version of Hairpin (storage version ${version}); they are not changed here and autosave is off.`);
      return false;
    }
    while (version < target) {
      const step = migrations.find((m) => m.from === version);
      try {
        step?.run(this.storage);
        this.storage.setItem(KEYS.version, JSON.stringify({ version: version + 1 }));
      } catch (e) {
        this.warn(`Could not upgrade the saved scenarios (${errorText(e)}); autosave is off for now.`);
        return false;
      }
      version++;
    }
    return true;
  }

  /** Every readable saved scenario, most recently changed first. */
  list(): SavedSummary[] {
    return recordIds(this.storage)
      .flatMap((id) => {
        const r = this.load(id);
        return r ? [{ id: r.id, name: r.name, updatedAt: r.updatedAt, ...(r.origin ? { origin: r.origin } : {}) }] : [];
      })
      .sort((a, b) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name));
  }

  /**
   * One saved scenario. A damaged record falls back to the previous good copy; the damaged
   * value is kept aside (under hairpin.aside.*) so nothing the user wrote is ever deleted.
   */
  load(id: string): SavedRecord | undefined {
    const text = this.storage.getItem(KEYS.record(id));
    if (text === null) return undefined;
    const main = decodeRecord(text, id);
    if (main.ok) return main.record;
    const prevText = this.storage.getItem(KEYS.previous(id));
    const prev = decodeRecord(prevText, id);
    this.warn(`A saved scenario (${id}) is damaged: ${main.message}. ${prev.ok ? `Its previous copy “${prev.record.name}” is used instead.` : 'It is left out of the list.'} The damaged copy is kept in this browser's storage.`);
    if (this.readOnly) return prev.ok ? prev.record : undefined;
    // Keep it aside first; only once that worked may the damaged key be replaced or removed.
    if (!this.write(KEYS.aside(id, this.now()), text).ok) return prev.ok ? prev.record : undefined;
    if (prev.ok) this.write(KEYS.record(id), prevText!);
    else this.storage.removeItem(KEYS.record(id));
    return prev.ok ? prev.record : undefined;
  }

  /**
   * Saves a document: a new scenario when `id` is absent. The document is validated first, so
   * a bad edit never replaces a good save. The old record becomes `.prev` before the new one
   * is written, so a crash in the middle of the write still leaves a good copy.
   */
  save(entry: { id?: string; doc: ScenarioDoc; origin?: string; base?: number }): WriteResult {
    if (this.readOnly) return { ok: false, quota: false, message: 'saving is off: the storage belongs to a newer version of Hairpin' };
    const checked = checkDoc(entry.doc);
    if (!checked.ok) return { ok: false, quota: false, message: `the scenario is not valid (${checked.message}); the last good save is kept` };
    // `base`: the revision (updatedAt) the writer last read or wrote. Another tab that saved
    // the entry since then must not be overwritten without the user choosing to.
    if (entry.id !== undefined && entry.base !== undefined) {
      const stored = decodeRecord(this.storage.getItem(KEYS.record(entry.id)), entry.id);
      if (stored.ok && stored.record.updatedAt !== entry.base) {
        return { ok: false, quota: false, conflict: stored.record, message: `“${stored.record.name}” was changed in another tab` };
      }
    }
    const id = entry.id ?? this.newId();
    // Strictly after the previous save, so "most recently changed first" holds for two saves
    // in one millisecond (a duplicate right after an edit flushes the edit, then saves the copy).
    const updatedAt = Math.max(this.now(), this.lastSaved + 1);
    this.lastSaved = updatedAt;
    const record: SavedRecord = { id, name: entry.doc.title, updatedAt, ...(entry.origin ? { origin: entry.origin } : {}), doc: entry.doc };
    const old = this.storage.getItem(KEYS.record(id));
    if (old !== null && decodeRecord(old, id).ok) {
      const kept = this.write(KEYS.previous(id), old);
      // No room for the backup: write without it rather than not at all.
      if (!kept.ok) this.storage.removeItem(KEYS.previous(id));
    }
    const written = this.write(KEYS.record(id), encodeRecord(record));
    return written.ok ? { ok: true, record } : written;
  }

  /** Deletes a saved scenario for good (the user confirmed it), and the pointer to it. */
  remove(id: string): void {
    if (this.readOnly) return;
    this.storage.removeItem(KEYS.record(id));
    this.storage.removeItem(KEYS.previous(id));
    const current = this.current();
    if (current && 'saved' in current && current.saved === id) this.storage.removeItem(KEYS.current);
  }

  current(): Current | undefined {
    return decodeCurrent(this.storage.getItem(KEYS.current));
  }

  /** A pointer is stored but cannot be read: startup says so rather than quietly starting afresh. */
  currentIsDamaged(): boolean {
    return this.storage.getItem(KEYS.current) !== null && this.current() === undefined;
  }

  setCurrent(current: Current): void {
    if (this.readOnly) return;
    // Failing to store the pointer loses nothing: the scenario is in the list either way.
    this.write(KEYS.current, JSON.stringify(current));
  }

  newId(): string {
    for (;;) {
      const id = this.now().toString(36) + Math.random().toString(36).slice(2, 8);
      if (this.storage.getItem(KEYS.record(id)) === null) return id;
    }
  }

  private write(key: string, value: string): { ok: true } | { ok: false; quota: boolean; message: string } {
    try {
      this.storage.setItem(key, value);
      return { ok: true };
    } catch (e) {
      return isQuotaError(e)
        ? { ok: false, quota: true, message: 'the browser storage for this site is full; delete some saved scenarios (My scenarios) to make room' }
        : { ok: false, quota: false, message: `the browser refused to save (${errorText(e)})` };
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
