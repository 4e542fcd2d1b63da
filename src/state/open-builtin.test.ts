import { beforeEach, describe, expect, it, vi } from 'vitest';

/*
 * Opening a lesson whose file is fetched first: the last choice wins, whatever arrives when.
 * Each test on fresh modules, so no lesson file is here yet but the home LAN lesson's.
 */

let openBuiltin: typeof import('./actions').openBuiltin;
let useDocument: typeof import('./document').useDocument;

beforeEach(async () => {
  vi.resetModules();
  ({ openBuiltin } = await import('./actions'));
  ({ useDocument } = await import('./document'));
});

describe('openBuiltin', () => {
  it('opens a lesson once its file is here, with nothing to undo', async () => {
    expect(await openBuiltin('multi-wan-broken')).toBe(true);
    expect(useDocument.getState().origin).toBe('multi-wan-broken');
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
  });

  it('a lesson chosen after another, while the first is on its way, is the one that opens', async () => {
    const first = openBuiltin('k8s-flannel-vxlan');
    const second = openBuiltin('home-lan');
    expect(await second).toBe(true);
    expect(await first).toBe(false);
    expect(useDocument.getState().origin).toBe('home-lan');
  });

  it('a document opened meanwhile is not replaced by the lesson arriving late', async () => {
    const late = openBuiltin('nft-home-router');
    useDocument.getState().setDoc({ hairpin: 2, title: 'Imported', devices: {}, links: [], flows: [] });
    expect(await late).toBe(false);
    expect(useDocument.getState().doc.title).toBe('Imported');
  });

  it('refuses a name that is no lesson', async () => {
    expect(await openBuiltin('constructor')).toBe(false);
  });
});
