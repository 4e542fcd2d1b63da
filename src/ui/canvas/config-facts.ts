import { useEffect, useSyncExternalStore } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { engine } from '../../worker/client';
import { configFactsRead } from './elements';
import { deviceIds } from '../../state/device-ids';

/*
 * The devices' address labels, renamed ports and forwarding marks come from their configs,
 * read by the worker (worker/canvas-configs.ts): a 10,000-device document or a 100,000-line
 * config never parses on the page (issue 19). Only configs with no answer yet are sent, so an
 * edit of one device sends one config; the answers are kept per config array (elements.ts).
 * Only the devices the canvas draws are asked about: for a very large document, those near the
 * view (flow-window.ts); reading the answer for 10,000 devices took the page tens of ms.
 */

const asked = new WeakSet<readonly string[]>();
/** Bumped when answers arrive, so the canvas rebuilds its devices with them. */
let answered = 0;
const listeners = new Set<() => void>();

function ask(doc: ScenarioDoc, only: ReadonlySet<string> | undefined, retry = true): void {
  const configs: (readonly string[])[] = [];
  for (const id of only ?? deviceIds(doc)) {
    const config = doc.devices[id]?.config;
    // No config says nothing: drawn as an empty one is.
    if (!config?.length || configFactsRead.has(config) || asked.has(config)) continue;
    asked.add(config);
    configs.push(config);
  }
  if (!configs.length) return;
  engine()
    .canvasConfigFacts(configs as string[][])
    .then((facts) => {
      configs.forEach((config, i) => configFactsRead.set(config, facts[i]!));
      answered++;
      for (const l of listeners) l();
    })
    // A run cancelled meanwhile stops the worker: ask the next one, once.
    .catch(() => {
      for (const config of configs) asked.delete(config);
      if (retry) ask(doc, only, false);
    });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Asks the worker about the configs not yet read of `doc`'s devices (of those in `only` when
 * given); returns a count that changes as answers arrive.
 */
export function useConfigFacts(doc: ScenarioDoc, only?: ReadonlySet<string>): number {
  useEffect(() => ask(doc, only), [doc, only]);
  return useSyncExternalStore(subscribe, () => answered);
}
