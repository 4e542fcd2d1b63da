import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioDoc } from '../engine/scenario';
import { Autosave } from './autosave';
import { Library, type WriteResult } from './library';
import { MemoryStorage } from './storage';

const doc = (title: string): ScenarioDoc => ({ hairpin: 2, title, about: '', devices: {}, links: [], flows: [] });

function setup(storage = new MemoryStorage()) {
  const library = new Library(storage, { warn: () => {} });
  const results: WriteResult[] = [];
  const autosave = new Autosave({ library, delayMs: 500, maxWaitMs: 5000, onResult: (r) => results.push(r) });
  return { storage, library, autosave, results };
}

describe('Autosave', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('writes once after a pause in editing, not on every change', () => {
    const { library, autosave, results } = setup();
    const saved = library.save({ doc: doc('A') });
    if (!saved.ok) throw new Error('not saved');
    autosave.loaded({ id: saved.record.id });
    autosave.changed(doc('A1'), true);
    vi.advanceTimersByTime(300);
    autosave.changed(doc('A2'), true);
    vi.advanceTimersByTime(300);
    expect(results).toHaveLength(0);
    vi.advanceTimersByTime(250);
    expect(results).toHaveLength(1);
    expect(library.load(saved.record.id)?.name).toBe('A2');
  });

  it("two tabs on one entry: the second to save writes nothing over the first's save, keeps its changes and says so", () => {
    const storage = new MemoryStorage();
    const tabA = setup(storage);
    const tabB = setup(storage);
    const saved = tabA.library.save({ doc: doc('Shared') });
    if (!saved.ok) throw new Error('not saved');
    tabA.autosave.loaded({ id: saved.record.id, revision: saved.record.updatedAt });
    tabB.autosave.loaded({ id: saved.record.id, revision: saved.record.updatedAt });
    tabA.autosave.changed(doc('From A'), true);
    tabA.autosave.flush();
    expect(tabA.results.at(-1)).toMatchObject({ ok: true });
    // Tab A may go on saving over its own saves.
    tabA.autosave.changed(doc('From A, again'), true);
    expect(tabA.autosave.flush()).toMatchObject({ ok: true });

    vi.advanceTimersByTime(2);
    tabB.autosave.changed(doc('From B'), true);
    const clash = tabB.autosave.flush();
    expect(clash).toMatchObject({ ok: false, conflict: { name: 'From A, again' }, message: '“From A, again” was changed in another tab' });
    expect(tabB.library.load(saved.record.id)?.name).toBe('From A, again');
    expect(tabB.autosave.unsaved).toBe(true);
    // Still not written on the next try: the user has to choose.
    expect(tabB.autosave.flush()).toMatchObject({ ok: false, conflict: { name: 'From A, again' } });
    expect(tabB.library.load(saved.record.id)?.name).toBe('From A, again');
  });

  it('has unsaved changes while a write fails for want of room, none once written', () => {
    const storage = new MemoryStorage();
    const { autosave } = setup(storage);
    autosave.loaded({ id: undefined });
    storage.beforeWrite = () => {
      throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    };
    autosave.changed(doc('Big'), true);
    expect(autosave.flush()).toMatchObject({ ok: false, quota: true });
    expect(autosave.unsaved).toBe(true);
    storage.beforeWrite = undefined;
    expect(autosave.flush()).toMatchObject({ ok: true });
    expect(autosave.unsaved).toBe(false);
  });

  it('writes during continuous editing at least every maxWait', () => {
    const { autosave, results } = setup();
    autosave.loaded({ id: undefined });
    for (let i = 0; i < 30; i++) {
      autosave.changed(doc(`T${i}`), true);
      vi.advanceTimersByTime(200);
    }
    expect(results.length).toBeGreaterThanOrEqual(1);
  });

  it('flushes at once when asked (the page is hidden or left)', () => {
    const { library, autosave } = setup();
    autosave.loaded({ origin: 'home-lan' });
    autosave.changed(doc('Edited lesson'), true);
    const result = autosave.flush();
    expect(result?.ok).toBe(true);
    expect(library.list().map((s) => [s.name, s.origin])).toEqual([['Edited lesson', 'home-lan']]);
    // The new entry becomes what reopens on reload.
    expect(library.current()).toEqual({ saved: autosave.current.id });
  });

  it('does not save a lesson or a link that was only looked at (a re-layout is no edit)', () => {
    const { library, autosave } = setup();
    autosave.loaded({ origin: 'home-lan' });
    autosave.changed(doc('laid out'), false);
    vi.advanceTimersByTime(1000);
    expect(library.list()).toEqual([]);
  });

  it('writes what is pending to the old document before another one opens', () => {
    const { library, autosave } = setup();
    const a = library.save({ doc: doc('A') });
    if (!a.ok) throw new Error('not saved');
    autosave.loaded({ id: a.record.id });
    autosave.changed(doc('A edited'), true);
    autosave.loaded({ origin: 'multi-wan' });
    expect(library.load(a.record.id)?.name).toBe('A edited');
    vi.advanceTimersByTime(1000);
    expect(library.list()).toHaveLength(1);
  });

  it('reports a full disk, keeps the change pending and retries it', () => {
    const storage = new MemoryStorage(2000);
    const { autosave, results, library } = setup(storage);
    autosave.loaded({});
    const big = { ...doc('Big'), about: 'x'.repeat(3000) };
    autosave.changed(big, true);
    expect(() => vi.advanceTimersByTime(600)).not.toThrow();
    expect(results[0]).toMatchObject({ ok: false, quota: true });
    // Room is made (a smaller about text), the next change saves.
    autosave.changed(doc('Small'), true);
    vi.advanceTimersByTime(600);
    expect(results.at(-1)?.ok).toBe(true);
    expect(library.list().map((s) => s.name)).toEqual(['Small']);
  });

  it('does not write over the last good save with an invalid document', () => {
    const { library, autosave, results } = setup();
    const a = library.save({ doc: doc('Good') });
    if (!a.ok) throw new Error('not saved');
    autosave.loaded({ id: a.record.id });
    autosave.changed({ ...doc('x'), title: 't'.repeat(300) }, true);
    autosave.flush();
    expect(results[0]).toMatchObject({ ok: false });
    expect(library.load(a.record.id)?.name).toBe('Good');
  });
});
