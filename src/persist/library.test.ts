import { describe, expect, it, vi } from 'vitest';
import type { ScenarioDoc } from '../engine/scenario';
import { KEYS, STORAGE_VERSION, type StorageMigration } from './format';
import { Library } from './library';
import { isQuotaError, MemoryStorage } from './storage';

const doc = (title: string, devices: ScenarioDoc['devices'] = {}): ScenarioDoc => ({ hairpin: 2, title, about: '', devices, links: [], flows: [] });
const host: ScenarioDoc['devices'] = { pc1: { kind: 'host', at: [10, 20], ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] } };

function open(storage = new MemoryStorage(), warnings: string[] = []) {
  let t = 1000;
  return { storage, warnings, library: new Library(storage, { now: () => t++, warn: (m) => warnings.push(m) }) };
}

describe('Library', () => {
  it('saves, lists (newest first) and loads scenarios, and survives reopening', () => {
    const { storage, library } = open();
    const a = library.save({ doc: doc('A', host) });
    const b = library.save({ doc: doc('B'), origin: 'home-lan' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    library.setCurrent({ saved: a.record.id });

    const again = open(storage).library;
    expect(again.list().map((s) => s.name)).toEqual(['B', 'A']);
    expect(again.list()[0]).toMatchObject({ origin: 'home-lan' });
    expect(again.current()).toEqual({ saved: a.record.id });
    expect(again.load(a.record.id)?.doc).toEqual(doc('A', host));
  });

  it('lists the later of two saves made in the same millisecond first', () => {
    const library = new Library(new MemoryStorage(), { now: () => 5000, warn: () => {} });
    library.save({ doc: doc('Lab one') });
    library.save({ doc: doc('Lab one (copy)') });
    expect(library.list().map((s) => s.name)).toEqual(['Lab one (copy)', 'Lab one']);
  });

  it('updates an entry in place and deletes it with its pointer', () => {
    const { library } = open();
    const first = library.save({ doc: doc('A') });
    if (!first.ok) throw new Error('not saved');
    const id = first.record.id;
    const second = library.save({ id, doc: doc('A renamed') });
    expect(second.ok && second.record.updatedAt > first.record.updatedAt).toBe(true);
    expect(library.list()).toHaveLength(1);
    expect(library.load(id)?.name).toBe('A renamed');
    library.setCurrent({ saved: id });
    library.remove(id);
    expect(library.list()).toEqual([]);
    expect(library.current()).toBeUndefined();
  });

  it('refuses to save an invalid document and keeps the last good save', () => {
    const { library } = open();
    const saved = library.save({ doc: doc('A', host) });
    if (!saved.ok) throw new Error('not saved');
    const bad = library.save({ id: saved.record.id, doc: { ...doc('A'), devices: { 'Bad Id': host.pc1! } } });
    expect(bad).toMatchObject({ ok: false, quota: false });
    expect(!bad.ok && bad.message).toContain('devices');
    expect(library.load(saved.record.id)?.doc.devices).toEqual(host);
  });

  it('skips a corrupt entry with a warning and keeps it aside instead of deleting it', () => {
    const { storage, library } = open();
    const good = library.save({ doc: doc('Good') });
    storage.setItem(KEYS.record('broken1'), '{"id": "broken1", "updatedAt": 5, "doc": {"hairpin": 1, "tit');
    storage.setItem(KEYS.record('broken2'), JSON.stringify({ id: 'broken2', updatedAt: 5, doc: { hairpin: 1, title: 'x', devices: { pc1: { kind: 'toaster', ports: {} } } } }));

    const reopened = open(storage);
    expect(reopened.library.list().map((s) => s.name)).toEqual(['Good']);
    expect(reopened.warnings).toHaveLength(2);
    expect(reopened.warnings[0]).toContain('damaged');
    // Kept aside, byte for byte, and no longer in the way.
    const aside = [...storage.data].filter(([k]) => k.startsWith('hairpin.aside.broken1.'));
    expect(aside).toHaveLength(1);
    expect(aside[0]![1]).toContain('"tit');
    expect(storage.getItem(KEYS.record('broken1'))).toBeNull();
    expect(good.ok).toBe(true);
  });

  it('keeps the last good copy when a write is torn by a crash', () => {
    const { storage, library } = open();
    const first = library.save({ doc: doc('Version 1', host) });
    if (!first.ok) throw new Error('not saved');
    const id = first.record.id;
    // The next write of the record stops halfway and the tab dies.
    storage.beforeWrite = (key, value) => {
      if (key !== KEYS.record(id)) return;
      storage.data.set(key, value.slice(0, value.length / 2));
      throw new Error('crash');
    };
    const second = library.save({ id, doc: doc('Version 2') });
    expect(second.ok).toBe(false);

    storage.beforeWrite = undefined;
    const after = open(storage);
    expect(after.library.load(id)?.name).toBe('Version 1');
    expect(after.warnings.join()).toContain('previous copy “Version 1”');
    // The record was repaired from the previous copy; the torn text is kept aside.
    expect(open(storage).library.load(id)?.doc).toEqual(doc('Version 1', host));
    expect([...storage.data.keys()].some((k) => k.startsWith(`hairpin.aside.${id}.`))).toBe(true);
  });

  it('reports a full disk as a result instead of throwing, and saves again once there is room', () => {
    const storage = new MemoryStorage(3000);
    const { library } = open(storage);
    const big = doc('Big', host);
    big.about = 'x'.repeat(3000);
    const result = library.save({ doc: big });
    expect(result).toMatchObject({ ok: false, quota: true });
    expect(!result.ok && result.message).toContain('full');
    expect(library.save({ doc: doc('Small') }).ok).toBe(true);
  });

  it('recognises the quota errors browsers throw', () => {
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ code: 22 })).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });

  it('stamps the version on a fresh storage and runs migrations in order', () => {
    const storage = new MemoryStorage();
    open(storage);
    expect(JSON.parse(storage.getItem(KEYS.version)!)).toEqual({ version: STORAGE_VERSION });

    // A future version 2 renames the pointer key; storage at version 1 is upgraded on open.
    storage.setItem('hairpin.current', JSON.stringify({ builtin: 'home-lan' }));
    const run = vi.fn((s: MemoryStorage) => {
      s.setItem('hairpin.pointer', s.getItem('hairpin.current')!);
      s.removeItem('hairpin.current');
    });
    const migrations: StorageMigration[] = [{ from: 0, summary: 'stamp', run: () => {} }, { from: 1, summary: 'rename', run: run as never }];
    new Library(storage, { migrations, version: 2, warn: () => {} });
    expect(run).toHaveBeenCalledTimes(1);
    expect(storage.getItem('hairpin.pointer')).toBe('{"builtin":"home-lan"}');
    expect(JSON.parse(storage.getItem(KEYS.version)!)).toEqual({ version: 2 });
    // Already upgraded: not run again.
    new Library(storage, { migrations, version: 2, warn: () => {} });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('leaves storage from a newer version untouched and writes nothing', () => {
    const storage = new MemoryStorage();
    storage.setItem(KEYS.version, JSON.stringify({ version: STORAGE_VERSION + 1 }));
    const { library, warnings } = open(storage);
    expect(library.readOnly).toBe(true);
    expect(warnings[0]).toContain('newer version');
    expect(library.save({ doc: doc('A') })).toMatchObject({ ok: false });
    expect(storage.data.size).toBe(1);
  });

  it('migrates an older document format when loading', () => {
    const storage = new MemoryStorage();
    const { library } = open(storage);
    storage.setItem(KEYS.record('old1'), JSON.stringify({ id: 'old1', name: 'Old', updatedAt: 1, doc: { hairpin: 0, title: 'Old', nodes: {}, flows: [] } }));
    expect(library.load('old1')?.doc).toMatchObject({ hairpin: 2, title: 'Old', devices: {} });
  });
});
