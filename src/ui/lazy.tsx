import { lazy, type ComponentType } from 'react';
import { engine } from '../worker/client';

/*
 * Parts of the page that the first render does not need (the config editor, lessons, the
 * share dialog, dagre) are separate chunks, loaded when first shown. Once the page has
 * rendered, they are fetched in idle time so the first click on them does not wait.
 */

const loaders: (() => Promise<unknown>)[] = [];

/** React.lazy for a named export; the loader also joins the idle prefetch. */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] extends ComponentType<infer P> ? ComponentType<P> : never {
  loaders.push(load);
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType<unknown> }))) as never;
}

/**
 * Fetches every lazy part in idle time, one after another (the first render comes first), then
 * starts the engine worker, so the first Run does not wait for it to load either.
 */
export function prefetchLazyParts(): void {
  const idle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 200));
  const next = (i: number) => {
    if (i >= loaders.length) {
      idle(() => engine());
      return;
    }
    idle(() => {
      loaders[i]!().then(
        () => next(i + 1),
        () => next(i + 1),
      );
    });
  };
  next(0);
}
