import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openBuiltin } from '../state/actions';
import { useDocument } from '../state/document';
import { deleteSaved, duplicateCurrent, keepCurrent, listSaved, newScenario, openSaved, renameCurrent } from './commands';
import { persistence, resetPersistence, settle, usePersist } from './store';
import { openOnStartup } from './startup';
import { MemoryStorage } from './storage';

/* The binding to the document store: what a user's actions leave in storage. */

let storage: MemoryStorage;
const later = () => vi.advanceTimersByTime(1000);

/** A page load: a fresh binding over the same storage. */
async function boot(share?: () => void): Promise<void> {
  resetPersistence();
  persistence(storage);
  await openOnStartup(null);
  share?.();
  settle();
}

describe('persistence in the playground', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    storage = new MemoryStorage();
  });
  afterEach(() => {
    resetPersistence();
    vi.useRealTimers();
  });

  it('keeps a lesson out of the library until it is edited, then saves a copy that comes back', async () => {
    await boot();
    later();
    expect(listSaved()).toEqual([]);
    useDocument.getState().addDevice('host', [1, 2]);
    later();
    const [saved] = listSaved();
    expect(saved).toMatchObject({ name: useDocument.getState().doc.title, origin: 'home-lan' });
    expect(usePersist.getState().currentId).toBe(saved!.id);

    await boot();
    expect(Object.keys(useDocument.getState().doc.devices)).toContain('pc3');
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
  });

  it('a bad share link (no setDoc) leaves the restored document and its entry as they were', async () => {
    await boot();
    newScenario();
    renameCurrent('My lab');
    later();
    const id = usePersist.getState().currentId;
    await boot(() => {
      /* the link did not decode: nothing is loaded */
    });
    expect(useDocument.getState().doc.title).toBe('My lab');
    expect(usePersist.getState().currentId).toBe(id);
  });

  it('a good share link is opened unsaved; the saved work stays in the library', async () => {
    await boot();
    newScenario();
    renameCurrent('Mine');
    later();
    const mine = usePersist.getState().currentId;
    // As src/share does: setDoc, keeping the history so undo returns to the user's work.
    await boot(() => useDocument.getState().setDoc({ hairpin: 2, title: 'Shared', devices: {}, links: [], flows: [] }));
    later();
    expect(useDocument.getState().doc.title).toBe('Shared');
    expect(usePersist.getState().currentId).toBeUndefined();
    expect(listSaved().map((s) => s.name)).toEqual(['Mine']);

    // Undo goes back past the link to the saved scenario, whose edits go to its own entry.
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc.title).toBe('Mine');
    expect(usePersist.getState().currentId).toBe(mine);
    useDocument.getState().addDevice('host', [0, 0]);
    later();
    expect(listSaved()).toHaveLength(1);
    expect(openSaved(mine!) && Object.keys(useDocument.getState().doc.devices)).toEqual(['pc1']);

    // Redo returns to the shared one, still unsaved; editing it saves it as a new entry.
    await boot(() => useDocument.getState().setDoc({ hairpin: 2, title: 'Shared', devices: {}, links: [], flows: [] }));
    useDocument.temporal.getState().undo();
    useDocument.temporal.getState().redo();
    expect(usePersist.getState().currentId).toBeUndefined();
    later();
    expect(listSaved()).toHaveLength(1);
    renameCurrent('Shared, mine now');
    later();
    expect(listSaved().map((s) => s.name).sort()).toEqual(['Mine', 'Shared, mine now']);
  });

  it('new, duplicate, rename and open', async () => {
    await boot();
    newScenario();
    expect(useDocument.getState().doc.title).toBe('Untitled scenario');
    expect(renameCurrent('  ')).toBeDefined();
    expect(renameCurrent('x'.repeat(257))).toContain('256');
    expect(renameCurrent('Lab')).toBeUndefined();
    later();
    const lab = usePersist.getState().currentId!;
    duplicateCurrent();
    expect(useDocument.getState().doc.title).toBe('Lab (copy)');
    expect(listSaved().map((s) => s.name).sort()).toEqual(['Lab', 'Lab (copy)']);
    openSaved(lab);
    expect(useDocument.getState().doc.title).toBe('Lab');
    // Rename is one undo step.
    renameCurrent('Lab 2');
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc.title).toBe('Lab');
  });

  it('deleting the open scenario keeps it open, unsaved until the next edit', async () => {
    await boot();
    newScenario();
    const id = usePersist.getState().currentId!;
    deleteSaved(id);
    expect(listSaved()).toEqual([]);
    expect(usePersist.getState().currentId).toBeUndefined();
    useDocument.getState().addDevice('router', [0, 0]);
    later();
    expect(listSaved()).toHaveLength(1);
  });

  it('reopens the lesson that was open, when it was only looked at', async () => {
    await boot();
    await openBuiltin('multi-wan');
    await boot();
    expect(useDocument.getState().origin).toBe('multi-wan');
  });

  it('keeps an imported document at once, without waiting for an edit', async () => {
    await boot();
    useDocument.getState().setDoc({ hairpin: 2, title: 'Imported', devices: {}, links: [], flows: [] });
    keepCurrent();
    expect(listSaved().map((s) => s.name)).toEqual(['Imported']);
    await boot();
    expect(useDocument.getState().doc.title).toBe('Imported');
  });
});
