import { create } from 'zustand';
import { isBuiltinName } from '../scenarios/names';
import type { ScenarioDoc } from '../engine/scenario';
import { useDocument, type DocumentState } from '../state/document';
import { useSession } from '../state/session';
import { Autosave, type OpenDocument } from './autosave';
import { Library } from './library';
import { browserStorage, type KeyValueStorage } from './storage';

/*
 * Binds the library and autosave to the document store and the page. Until settle() (startup
 * is over: restored, share link opened or refused) nothing is written, so a half-finished
 * startup can never replace the saved work.
 */

export interface PersistState {
  /** False when the browser gives no storage: the playground works, nothing is kept. */
  available: boolean;
  /** The open document's library id; undefined for a lesson or link not edited yet. */
  currentId?: string;
  /** When the open document was last written. */
  savedAt?: number;
  /** What the user must know: failed saves, damaged entries. Shown as an alert. */
  problems: string[];
  /** Bumped whenever the list of saved scenarios may have changed (here or in another tab). */
  listVersion: number;
  /** The open entry was saved by another tab since this one read it: this tab's changes wait for the user. */
  conflict?: { id: string; name: string; updatedAt: number };
  dismissProblems(): void;
}

export const usePersist = create<PersistState>()((set) => ({
  available: true,
  problems: [],
  listVersion: 0,
  dismissProblems: () => set({ problems: [] }),
}));

/** Adds a problem for the alert (once: the same failure repeats on every save). */
export function report(message: string): void {
  usePersist.setState((s) => (s.problems.includes(message) ? s : { problems: [...s.problems, message] }));
}

let library: Library | undefined;
let autosave: Autosave | undefined;
let settled = false;
/** Set while this module opens a saved document, so the load is known to be that entry. */
let adopting: { id?: string; origin?: string; revision?: number; doc: ScenarioDoc; generation: number } | undefined;
let unsubscribe: (() => void) | undefined;

/** Opens the library once; `storage` is for tests. Returns undefined without storage. */
export function persistence(storage?: KeyValueStorage): { library: Library; autosave: Autosave } | undefined {
  if (library && autosave) return { library, autosave };
  const s = storage ?? browserStorage();
  if (!s) {
    usePersist.setState({ available: false });
    return undefined;
  }
  const lib = new Library(s, { warn: report });
  library = lib;
  autosave = new Autosave({
    library: lib,
    onResult: (result, open) => {
      if (!result.ok && result.conflict) {
        const { id, name, updatedAt } = result.conflict;
        if (open === autosave?.current) usePersist.setState({ conflict: { id, name, updatedAt } });
        else report(`Not saved: ${result.message}; your version is still open in this tab's history (undo).`);
      } else if (result.ok) {
        usePersist.setState((st) => ({
          ...(open === autosave?.current ? { conflict: undefined } : {}),
          // A successful save answers earlier save failures.
          problems: st.problems.filter((p) => !p.startsWith('Not saved')),
          listVersion: st.listVersion + 1,
          // A write for the document that was open before (flushed on switching) says nothing of this one.
          ...(open === autosave?.current ? { currentId: open.id, savedAt: result.record.updatedAt } : {}),
        }));
      } else report(`Not saved: ${result.message}.`);
    },
  });
  return { library: lib, autosave };
}

/**
 * Makes `doc` the current document as library entry `id` (or an unsaved one): a fresh history,
 * and the session reset as when a lesson is opened.
 */
export function openDocument(doc: ScenarioDoc, opened: { id?: string; origin?: string; revision?: number }): void {
  const store = useDocument;
  adopting = { ...opened, doc, generation: store.getState().generation + 1 };
  store.getState().setDoc(doc, opened.origin);
  store.temporal.getState().clear();
  const s = useSession.getState();
  s.setFlow(0);
  s.select(undefined);
  s.setRun({ status: 'idle' });
}

/**
 * Which open document each document value belongs to. Undo restores the very objects it
 * recorded, so landing on one of another document means undo went back past a load that kept
 * the history (a share link does): its changes then go to that document's entry again.
 */
let owners = new WeakMap<ScenarioDoc, OpenDocument>();

/** What reopens on reload: a saved entry, or a lesson; a shared link only looked at changes nothing. */
function pointTo(open: OpenDocument): void {
  const p = persistence();
  if (open.id) p?.library.setCurrent({ saved: open.id });
  else if (open.origin && !open.edited && isBuiltinName(open.origin)) p?.library.setCurrent({ builtin: open.origin });
  usePersist.setState({ currentId: open.id, savedAt: undefined });
}

/** Another document is current: which entry it is (if this module opened it) and the pointer. */
function onLoad(state: DocumentState, prev?: DocumentState): void {
  const p = persistence();
  const a = adopting && adopting.generation === state.generation ? adopting : undefined;
  adopting = undefined;
  if (!p) return;
  if (prev && !owners.has(prev.doc)) owners.set(prev.doc, p.autosave.current as OpenDocument);
  const open = p.autosave.loaded(a ? { id: a.id, origin: a.origin, revision: a.revision } : { origin: state.origin });
  usePersist.setState({ conflict: undefined });
  owners.set(state.doc, open);
  pointTo(open);
}

function onChange(state: DocumentState): void {
  const p = persistence();
  if (!p) return;
  const owner = owners.get(state.doc);
  const returned = owner !== undefined && owner !== p.autosave.current;
  if (returned) {
    p.autosave.resume(owner);
    pointTo(owner);
  }
  // Returning to a document is no edit of it; an undo or redo within one is.
  p.autosave.changed(state.doc, !returned && useDocument.temporal.getState().isTracking);
  owners.set(state.doc, p.autosave.current as OpenDocument);
}

/** Startup is over: from now on every document change is saved. */
export function settle(): void {
  if (settled) return;
  settled = true;
  const state = useDocument.getState();
  const p = persistence();
  // A share link opened over the restored scenario keeps the history: undo may return to it.
  if (p && adopting && adopting.generation !== state.generation) owners.set(adopting.doc, { id: adopting.id, origin: adopting.origin, revision: adopting.revision, edited: false });
  onLoad(state);
  unsubscribe = useDocument.subscribe((next, prev) => {
    if (next.generation !== prev.generation) onLoad(next, prev);
    else if (next.doc !== prev.doc) onChange(next);
  });
  if (typeof window === 'undefined') return;
  const flush = () => persistence()?.autosave.flush();
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  // Leaving with changes that could not be saved (a full disk, another tab's newer save) asks first.
  window.addEventListener('beforeunload', (e) => {
    const p = persistence();
    p?.autosave.flush();
    if (p?.autosave.unsaved) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  // Another tab saved or deleted something: the list shown here follows.
  window.addEventListener('storage', (e) => {
    if (e.key === null || e.key.startsWith('hairpin.')) usePersist.setState((s) => ({ listVersion: s.listVersion + 1 }));
  });
}

/** For tests: forget the library and stop listening. */
export function resetPersistence(): void {
  persistence()?.autosave.discard();
  unsubscribe?.();
  unsubscribe = undefined;
  library = undefined;
  autosave = undefined;
  settled = false;
  adopting = undefined;
  owners = new WeakMap();
  usePersist.setState({ available: true, currentId: undefined, savedAt: undefined, problems: [], listVersion: 0, conflict: undefined });
}
