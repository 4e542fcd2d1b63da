import { createElement, Suspense, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyModule, lazyNamed } from './lazy';

/* A lazy part of the page: its fallback shows only while its chunk is on the way. */

const Part = ({ text }: { text: string }) => createElement('p', null, text);
const inSuspense = (child: ReactNode) => renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, child));

describe('lazyNamed', () => {
  it('renders a part whose module is here (prefetched) in the same pass, without its fallback', async () => {
    const module = lazyModule(() => Promise.resolve({ Part }));
    const Lazy = lazyNamed(module, 'Part');
    await module.load();
    expect(inSuspense(createElement(Lazy, { text: 'here' }))).toBe('<!--$--><p>here</p><!--/$-->');
  });

  it('shows the fallback while the module is on its way', () => {
    const Lazy = lazyNamed(() => new Promise<{ Part: typeof Part }>(() => undefined), 'Part');
    const html = inSuspense(createElement(Lazy, { text: 'here' }));
    // Suspended: the boundary's fallback (the "$!" mark), not the part.
    expect(html).toMatch(/^<!--\$!-->.*<i>loading<\/i><!--\/\$-->$/s);
    expect(html).not.toContain('<p>');
  });

  it('loads a module once, however many parts and callers ask, and again after a failure', async () => {
    let calls = 0;
    let fail = true;
    const module = lazyModule(() => {
      calls++;
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve({ Part });
    });
    await expect(module.load()).rejects.toThrow('offline');
    expect(module.now()).toBeUndefined();
    fail = false;
    await Promise.all([module.load(), module.load()]);
    expect(calls).toBe(2);
    expect(module.now()?.Part).toBe(Part);
  });
});
