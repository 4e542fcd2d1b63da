import { describe, expect, it } from 'vitest';
import { openBuiltin } from './actions';
import { useDocument } from './document';

/* Opening a lesson whose file is fetched first: the last choice wins, whatever arrives when. */

describe('openBuiltin', () => {
  it('opens a lesson once its file is here, with its first flow and nothing selected', async () => {
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
