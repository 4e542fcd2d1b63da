import type { ScenarioDoc } from '../engine/scenario';
import type { Library, WriteResult } from './library';

/*
 * Autosave of the current document, independent of React and the store so it can be tested
 * with fake timers. The store binding tells it two things: "another document is now current"
 * (loaded) and "the current document changed" (changed). It writes at most once per pause in
 * editing, and at once when asked (the page is being hidden or left).
 */

/** The document currently open: its library id once it has one. */
export interface OpenDocument {
  id?: string;
  /** The built-in lesson it came from. */
  origin?: string;
  /** An undoable edit happened since it was opened: a built-in or shared document is saved only then. */
  edited: boolean;
  /** The entry's revision (updatedAt) as this tab last read or wrote it: another tab's save changes it. */
  revision?: number;
}

export interface AutosaveOptions {
  library: Pick<Library, 'save' | 'setCurrent'>;
  delayMs?: number;
  /** Writes even during continuous editing at least this often. */
  maxWaitMs?: number;
  /** After each write attempt: the saved record, or what went wrong. */
  onResult?: (result: WriteResult, open: OpenDocument) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class Autosave {
  private open: OpenDocument = { edited: false };
  private pending?: { doc: ScenarioDoc; target: OpenDocument };
  private timer: unknown;
  private firstPendingAt = 0;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: AutosaveOptions) {
    this.delayMs = options.delayMs ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 5000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  get current(): Readonly<OpenDocument> {
    return this.open;
  }

  /**
   * Another document became current (opened, restored, created, shared). What is pending for
   * the previous one is written first, to the previous one's entry.
   */
  loaded(opened: { id?: string; origin?: string; revision?: number }): OpenDocument {
    this.resume({ ...opened, edited: false });
    return this.open;
  }

  /**
   * An earlier document is current again: undo went back past the load that replaced it (a
   * share link keeps the history). Its changes go to its own entry again.
   */
  resume(open: OpenDocument): void {
    this.flush();
    this.open = open;
  }

  /** The current document changed; `edit` when it is an undoable change (not a re-layout). */
  changed(doc: ScenarioDoc, edit: boolean): void {
    if (edit) this.open.edited = true;
    const now = Date.now();
    if (!this.pending) this.firstPendingAt = now;
    this.pending = { doc, target: this.open };
    if (this.timer !== undefined) this.clearTimer(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = this.setTimer(() => this.flush(), wait);
  }

  /** Writes what is pending now. A failed write stays pending, so the next flush retries. */
  flush(): WriteResult | undefined {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    const p = this.pending;
    if (!p) return undefined;
    this.pending = undefined;
    const target = p.target;
    // A lesson or a shared link that was only looked at stays out of the library.
    if (target.id === undefined && !target.edited) return undefined;
    const result = this.options.library.save({ id: target.id, doc: p.doc, origin: target.origin, base: target.revision });
    if (result.ok) {
      const created = target.id === undefined;
      target.id = result.record.id;
      target.revision = result.record.updatedAt;
      if (created && target === this.open) this.options.library.setCurrent({ saved: target.id });
    } else if (result.quota || result.conflict) {
      // Kept for a retry (the next change or leaving the page) once there is room, or until
      // the user says what to do with another tab's newer save: never lost, never written over it.
      this.pending ??= p;
    }
    this.options.onResult?.(result, target);
    return result;
  }

  /**
   * The open document's entry was deleted: it stays open, unsaved, and is saved again as a new
   * entry on its next edit. The object itself changes, so every state of it in the history agrees.
   */
  detach(): void {
    this.discard();
    this.open.id = undefined;
    this.open.edited = false;
  }

  /** Changes that are not written yet (a save failed, or is waiting for the pause in editing). */
  get unsaved(): boolean {
    return this.pending !== undefined;
  }

  /** Drops what is pending without writing. */
  discard(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
