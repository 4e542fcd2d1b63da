import { lazy, type ComponentType } from 'react';
import { engine } from '../worker/client';

/*
 * Parts of the page that the first render does not need (the config editor, lessons, dialogs,
 * the share dialog, the handout, dagre) are separate chunks, loaded when first shown. Once the
 * page has rendered, they are fetched in idle time so the first click on them does not wait.
 */

const loaders: (() => Promise<unknown>)[] = [];

/**
 * A module loaded once, on demand or by the idle prefetch. `now()` is the module once it has
 * arrived, so code can use it without waiting (and a lazy component renders it at once).
 */
export interface LazyModule<M> {
  load(): Promise<M>;
  now(): M | undefined;
}

/** `load` wrapped as a LazyModule; it joins the idle prefetch. */
export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const part: LazyModule<M> = {
    load: () =>
      (loading ??= load().then(
        (m) => (loaded = m),
        (e: unknown) => {
          // A chunk that could not be loaded (offline for a moment) is tried again the next time.
          loading = undefined;
          throw e;
        },
      )),
    now: () => loaded,
  };
  loaders.push(part.load);
  return part;
}

/**
 * React.lazy for a named export of `load`'s module; the loader joins the idle prefetch. Once the
 * module is there (prefetched, or shown before), the component renders in the same pass, with
 * no Suspense fallback in between: React.lazy takes a thenable that is already resolved as
 * resolved (see lazyInitializer in React), where a resolved Promise would still suspend once.
 */
export function lazyNamed<M, K extends keyof M>(load: (() => Promise<M>) | LazyModule<M>, name: K): M[K] extends ComponentType<infer P> ? ComponentType<P> : never {
  const part = typeof load === 'function' ? lazyModule(load) : load;
  type Default = { default: ComponentType<unknown> };
  const of = (m: M): Default => ({ default: m[name] as ComponentType<unknown> });
  return lazy(() => {
    const m = part.now();
    if (m === undefined) return part.load().then(of);
    const resolved: PromiseLike<Default> = { then: (onFulfilled) => Promise.resolve(onFulfilled ? onFulfilled(of(m)) : (of(m) as never)) };
    return resolved as Promise<Default>;
  }) as never;
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
