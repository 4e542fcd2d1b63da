import { DEFAULT_LESSON, isBuiltinName } from '../scenarios/names';
import { openBuiltin } from '../state/actions';
import { useStartupNotice } from '../state/startupNotice';
import type { SavedRecord } from './format';
import { openDocument, persistence, settle } from './store';

/*
 * Startup, in order: (1) the document to show, (2) a share link, which may replace it, (3)
 * settle: only then does autosave start, so neither a bad link nor a half-done startup can
 * write over the saved work. Whatever the URL or the storage holds, some document opens: what
 * could not be opened is said in a notice, never a blank page.
 */

/**
 * Opens the document for this page load: `/?scenario=NAME` asks for a lesson; otherwise what was
 * open when the page was last left; otherwise the default lesson. Resolves once it is open (a
 * lesson other than the default one is fetched first: the page renders when this resolves).
 */
export async function openOnStartup(requested: string | null): Promise<void> {
  if (requested) {
    await openRequestedLesson(requested);
    return;
  }
  const restored = await restoreOnStartup();
  if (restored === 'restored') return;
  await openBuiltin(DEFAULT_LESSON);
  // After the opening: a notice is about the document open when it is shown.
  if (restored === 'damaged') useStartupNotice.getState().show('The scenario that was open last time could not be reopened; the home LAN lesson is open instead. Your saved scenarios are in My scenarios.');
}

/**
 * `/?scenario=NAME`. Once the user has edited that lesson, their copy (autosaved in My
 * scenarios) opens, saying so, with the original one click away: a reload never silently
 * drops their edits. Unless the original was what they had open last.
 */
async function openRequestedLesson(name: string): Promise<void> {
  if (!isBuiltinName(name)) {
    await openBuiltin(DEFAULT_LESSON);
    useStartupNotice.getState().show(`There is no built-in scenario named “${name}”; the home LAN lesson is open instead.`);
    return;
  }
  const copy = editedCopyOf(name);
  if (!copy) {
    if (await openBuiltin(name)) return;
    await openBuiltin(DEFAULT_LESSON);
    useStartupNotice.getState().show(`The lesson “${name}” could not be loaded; the home LAN lesson is open instead.`);
    return;
  }
  openDocument(copy.doc, { id: copy.id, origin: copy.origin, revision: copy.updatedAt });
  useStartupNotice.getState().show('You edited this lesson: showing your copy (saved in My scenarios).', { label: 'Open the original', run: () => void openBuiltin(name) });
}

/** The user's saved copy of lesson `name`: the one open last, else the most recently changed. */
function editedCopyOf(name: string): SavedRecord | undefined {
  const library = persistence()?.library;
  if (!library) return undefined;
  const current = library.current();
  if (current && 'builtin' in current && current.builtin === name) return undefined;
  if (current && 'saved' in current) {
    const open = library.load(current.saved);
    if (open?.origin === name) return open;
  }
  const latest = library.list().find((s) => s.origin === name);
  return latest ? library.load(latest.id) : undefined;
}

/**
 * Reopens what was current when the page was last left: a saved scenario or a lesson. 'none'
 * when there is nothing to reopen (first visit, no storage); 'damaged' when the pointer cannot
 * be followed (unreadable, or naming what is not there). The scenarios themselves are in My
 * scenarios either way.
 */
export async function restoreOnStartup(): Promise<'restored' | 'none' | 'damaged'> {
  const p = persistence();
  if (!p) return 'none';
  const current = p.library.current();
  if (!current) return p.library.currentIsDamaged() ? 'damaged' : 'none';
  if ('builtin' in current) return (await openBuiltin(current.builtin)) ? 'restored' : 'damaged';
  const record = p.library.load(current.saved);
  if (!record) return 'damaged';
  openDocument(record.doc, { id: record.id, origin: record.origin, revision: record.updatedAt });
  return 'restored';
}

/** Startup is over; see settle(). */
export function settlePersistence(): void {
  settle();
}
