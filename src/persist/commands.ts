import { MAX_TITLE_LENGTH, type ScenarioDoc } from '../engine/scenario';
import { useDocument } from '../state/document';
import { emptyScenario } from '../state/templates';
import type { SavedSummary } from './format';
import { openDocument, persistence, report, usePersist } from './store';

/*
 * What the document menu does: new, duplicate, rename, and the list of saved scenarios (open,
 * delete). Each writes through the library and reports problems instead of throwing.
 */

export const NEW_TITLE = 'Untitled scenario';

/** Why a scenario name is refused, or undefined. The format's own limit applies to titles. */
export function titleProblem(title: string): string | undefined {
  if (!title.trim()) return 'A scenario needs a name.';
  if (title.length > MAX_TITLE_LENGTH) return `A name is at most ${MAX_TITLE_LENGTH} characters; this one has ${title.length}.`;
  if (/[\r\n\0]/.test(title)) return 'A name is one line.';
  return undefined;
}

/** Saves `doc` as a new entry and opens it; opens it unsaved (with an alert) when the save fails. */
function createAndOpen(doc: ScenarioDoc, origin?: string): void {
  const p = persistence();
  p?.autosave.flush();
  const result = p?.library.save({ doc, origin });
  if (result && !result.ok) report(`Not saved: ${result.message}.`);
  openDocument(doc, { id: result?.ok ? result.record.id : undefined, origin, revision: result?.ok ? result.record.updatedAt : undefined });
  if (result?.ok) usePersist.setState((s) => ({ savedAt: result.record.updatedAt, listVersion: s.listVersion + 1 }));
}

export function newScenario(): void {
  createAndOpen(emptyScenario());
}

/** A copy of the open document under a new name, opened in its place (the original stays saved). */
export function duplicateCurrent(): void {
  const { doc, origin } = useDocument.getState();
  const suffix = ' (copy)';
  createAndOpen({ ...doc, title: doc.title.slice(0, MAX_TITLE_LENGTH - suffix.length) + suffix }, origin);
}

/** Renames the open document: an ordinary, undoable document change. */
export function renameCurrent(title: string): string | undefined {
  const problem = titleProblem(title);
  if (problem) return problem;
  const doc = useDocument.getState().doc;
  if (doc.title !== title) useDocument.setState({ doc: { ...doc, title } });
  return undefined;
}

export function listSaved(): SavedSummary[] {
  return persistence()?.library.list() ?? [];
}

/** Opens a saved scenario; false (with an alert) when it cannot be read. */
export function openSaved(id: string): boolean {
  const p = persistence();
  if (!p) return false;
  p.autosave.flush();
  const record = p.library.load(id);
  if (!record) {
    report('That saved scenario could not be read; it was kept aside in the browser storage.');
    usePersist.setState((s) => ({ listVersion: s.listVersion + 1 }));
    return false;
  }
  openDocument(record.doc, { id: record.id, origin: record.origin, revision: record.updatedAt });
  usePersist.setState({ savedAt: record.updatedAt });
  return true;
}

/**
 * Deletes a saved scenario (the user confirmed). When it is the open one, it stays open as an
 * unsaved document: the next edit saves it again, so one misclick cannot lose the open work.
 */
export function deleteSaved(id: string): void {
  const p = persistence();
  if (!p) return;
  const open = p.autosave.current.id === id;
  if (open) p.autosave.detach();
  p.library.remove(id);
  usePersist.setState((s) => ({ listVersion: s.listVersion + 1, ...(open ? { currentId: undefined, savedAt: undefined } : {}) }));
}

/**
 * Saves the open document in the library now, even unchanged: for documents the user brought
 * in on purpose (an imported file), which should not wait for a first edit like a lesson does.
 */
export function keepCurrent(): void {
  const p = persistence();
  if (!p || p.autosave.current.id) return;
  p.autosave.changed(useDocument.getState().doc, true);
  p.autosave.flush();
}


/**
 * Another tab saved the open scenario since this tab read it, and this tab has changes: keep
 * both. This tab's version becomes a new saved copy, opened here; the other tab's stays as saved.
 */
export function keepBothAsCopy(): void {
  persistence()?.autosave.discard();
  usePersist.setState({ conflict: undefined });
  duplicateCurrent();
}

/** The other choice: drop this tab's unsaved changes and open the version the other tab saved. */
export function loadOtherTabsVersion(): void {
  const id = usePersist.getState().conflict?.id;
  persistence()?.autosave.discard();
  usePersist.setState({ conflict: undefined });
  if (id !== undefined) openSaved(id);
}
