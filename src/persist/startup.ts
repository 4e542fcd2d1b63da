import { openBuiltin } from '../state/actions';
import { openDocument, persistence, settle } from './store';

/*
 * Startup, in order: (1) the document to show, (2) a share link, which may replace it, (3)
 * settle: only then does autosave start, so neither a bad link nor a half-done startup can
 * write over the saved work.
 */

/**
 * Reopens what was current when the page was last left: a saved scenario or a lesson. False
 * when there is nothing to reopen (first visit, no storage, a damaged entry: warned and kept).
 */
export function restoreOnStartup(): boolean {
  const p = persistence();
  const current = p?.library.current();
  if (!p || !current) return false;
  if ('builtin' in current) return openBuiltin(current.builtin);
  const record = p.library.load(current.saved);
  if (!record) return false;
  openDocument(record.doc, { id: record.id, origin: record.origin, revision: record.updatedAt });
  return true;
}

/** Startup is over; see settle(). */
export function settlePersistence(): void {
  settle();
}
