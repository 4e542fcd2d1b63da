import { useEffect, useSyncExternalStore } from 'react';
import type { DeviceInside } from '../../engine/api';
import type { ModelledFeature } from '../../engine/trace/modelled-note';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { engine } from '../../worker/client';
import type { InsideLayout } from './inside/layout';
import { useDocument } from '../../state/document';
import { spreadOf } from './spread';
import { docText } from '../../state/doc-text';

/*
 * What devices hold inside (namespaces, bridges, veth pairs), as the worker finds it by booting
 * the document, laid out for the canvas. Derived from the document, so it lives here and not
 * in a store: asked for a moment after each edit (the worker boots the scenario), the previous
 * picture kept meanwhile. The layout code loads only when some device has an inside. Then,
 * in the same round, which namespaces use what the test kernel lacks (an IPVS service): the
 * devices' "modelled, not recorded" marks and the inspector's IPVS views follow it.
 */

export interface Insides {
  /** Device id → its inner layout, for devices that hold something. */
  layouts: ReadonlyMap<string, InsideLayout>;
  /** The links inside devices that frames travel on (veth pairs), as pairs of trace ends (`box:veth1`, `box/ns1:ceth1`). */
  links: readonly (readonly [string, string])[];
  /** By trace label (`box`, `box/ns1`): the namespaces whose state uses what the test kernel lacks (an IPVS service). */
  modelled: ReadonlyMap<string, readonly ModelledFeature[]>;
}

export const NO_INSIDES: Insides = { layouts: new Map(), links: [], modelled: new Map() };
const ASK_AFTER_MS = 250;

let current: Insides = NO_INSIDES;
/** Per device, the description its layout was made from (JSON), so an unchanged device keeps its layout object. */
let described = new Map<string, { json: string; layout: InsideLayout }>();
const listeners = new Set<() => void>();
let asked: ScenarioDoc | undefined;
let request = 0;
let started = false;
let askedGeneration: number | undefined;

function publish(next: Insides): void {
  current = next;
  for (const l of listeners) l();
}

async function layOut(answer: Record<string, DeviceInside>): Promise<Insides> {
  const ids = Object.keys(answer);
  if (!ids.length) {
    described = new Map();
    return current.layouts.size ? { ...NO_INSIDES, modelled: current.modelled } : current;
  }
  const { frameLinks, layoutInside } = await import('./inside/layout');
  const next = new Map<string, { json: string; layout: InsideLayout }>();
  for (const id of ids) {
    const json = JSON.stringify(answer[id]);
    const before = described.get(id);
    next.set(id, before?.json === json ? before : { json, layout: layoutInside(id, answer[id]!) });
  }
  const unchanged = next.size === described.size && [...next].every(([id, v]) => described.get(id) === v);
  described = next;
  if (unchanged) return current;
  const layouts = new Map([...next].map(([id, v]) => [id, v.layout]));
  return { layouts, links: [...layouts.values()].flatMap(frameLinks), modelled: current.modelled };
}

/** The same features by label as `before`, so nothing re-renders for an edit that changed none. */
function sameModelled(before: ReadonlyMap<string, readonly ModelledFeature[]>, answer: Record<string, ModelledFeature[]>): boolean {
  const labels = Object.keys(answer);
  return labels.length === before.size && labels.every((l) => before.get(l)?.join() === answer[l]!.join());
}

function ask(doc: ScenarioDoc, generation: number): () => void {
  if (asked === doc) return () => undefined;
  asked = doc;
  // Another document was opened: what the last one held must not show on a device of the same name meanwhile.
  if (generation !== askedGeneration) {
    askedGeneration = generation;
    described = new Map();
    if (current !== NO_INSIDES) publish(NO_INSIDES);
  }
  const id = ++request;
  const question = () => {
    started = true;
    engine()
      .deviceInsides(docText(doc))
      .then(async (answer) => {
        // A device may be called `error`: the error answer is the one whose `error` is a string.
        if (id !== request || typeof answer.error === 'string') return;
        const next = await layOut(answer as Record<string, DeviceInside>);
        if (id === request && next !== current) publish(next);
        if (id !== request) return;
        const modelled = await engine().deviceModelled(docText(doc));
        if (id !== request || typeof modelled.error === 'string') return;
        const byLabel = modelled as Record<string, ModelledFeature[]>;
        if (!sameModelled(current.modelled, byLabel)) publish({ ...current, modelled: new Map(Object.entries(byLabel)) });
      })
      // A run cancelled meanwhile stops the worker: the next edit asks again.
      .catch(() => {
        if (asked === doc) asked = undefined;
      });
  };
  let idle: number | undefined;
  const timer = setTimeout(() => {
    // The first question waits for the page to be idle: it starts the worker, which the first render does not need.
    if (started || typeof requestIdleCallback !== 'function') question();
    else idle = requestIdleCallback(question, { timeout: 2000 });
  }, ASK_AFTER_MS);
  return () => {
    clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
    if (asked === doc) asked = undefined;
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What devices hold inside, following `doc` (one request per document, however many ask). */
export function useInsides(doc: ScenarioDoc, generation: number): Insides {
  useEffect(() => ask(doc, generation), [doc, generation]);
  return useSyncExternalStore(subscribe, () => current);
}

/** The same, for components that only read it (the canvas's owner asks). */
export function useInsidesNow(): Insides {
  return useSyncExternalStore(subscribe, () => current);
}

/** How far the canvas spreads the document's positions now (spread.ts), for turning a place on it back into a position. */
export function canvasSpread(): number {
  return spreadOf(useDocument.getState().doc, current.layouts);
}
