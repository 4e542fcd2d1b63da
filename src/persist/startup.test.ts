import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDocument } from '../state/document';
import { useStartupNotice } from '../state/startupNotice';
import { KEYS } from './format';
import { openOnStartup } from './startup';
import { persistence, resetPersistence, settle } from './store';
import { MemoryStorage } from './storage';

/* What opens when the page loads, whatever the URL and the storage hold. */

let storage: MemoryStorage;

/** A page load with `?scenario=` (or none) over the same storage. */
async function load(requested: string | null): Promise<void> {
  resetPersistence();
  useStartupNotice.getState().dismiss();
  persistence(storage);
  await openOnStartup(requested);
  settle();
}

const notice = () => {
  const n = useStartupNotice.getState().notice;
  return n && n.generation === useDocument.getState().generation ? n : undefined;
};

describe('startup', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    storage = new MemoryStorage();
  });
  afterEach(() => {
    resetPersistence();
    vi.useRealTimers();
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no-such-lesson'])('?scenario=%s opens the home LAN lesson and says so', async (name) => {
    await load(name);
    expect(useDocument.getState().origin).toBe('home-lan');
    expect(notice()?.text).toBe(`There is no built-in scenario named “${name}”; the home LAN lesson is open instead.`);
  });

  it.each([
    ['not JSON', '{"builtin":'],
    ['a lesson named constructor', '{"builtin":"constructor"}'],
    ['a saved scenario that is not there', '{"saved":"zz9"}'],
    ['neither', '{"other":1}'],
  ])('a pointer that cannot be followed (%s) opens the home LAN lesson and says so', async (_, pointer) => {
    storage.setItem(KEYS.current, pointer);
    await load(null);
    expect(useDocument.getState().origin).toBe('home-lan');
    expect(notice()?.text).toMatch(/^The scenario that was open last time could not be reopened/);
  });

  it('a first visit opens the home LAN lesson without a notice', async () => {
    await load(null);
    expect(useDocument.getState().origin).toBe('home-lan');
    expect(notice()).toBeUndefined();
  });

  it('a lesson opened by ?scenario= and edited comes back edited, with the original one action away, which then sticks', async () => {
    await load('vps-slash32');
    const id = useDocument.getState().addDevice('host', [0, 0]);
    vi.advanceTimersByTime(1000);

    await load('vps-slash32');
    expect(Object.keys(useDocument.getState().doc.devices)).toContain(id);
    expect(notice()?.text).toBe('You edited this lesson: showing your copy (saved in My scenarios).');
    notice()!.action!.run();
    expect(Object.keys(useDocument.getState().doc.devices)).not.toContain(id);
    expect(useDocument.getState().origin).toBe('vps-slash32');

    await load('vps-slash32');
    expect(Object.keys(useDocument.getState().doc.devices)).not.toContain(id);
    expect(notice()).toBeUndefined();
  });

  it('the edited copy of one lesson does not open for another', async () => {
    await load('vps-slash32');
    useDocument.getState().addDevice('host', [0, 0]);
    vi.advanceTimersByTime(1000);
    await load('home-lan');
    expect(useDocument.getState().origin).toBe('home-lan');
    expect(notice()).toBeUndefined();
  });
});
