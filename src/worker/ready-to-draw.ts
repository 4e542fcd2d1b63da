import type { ScenarioDoc } from '../engine/scenario/types';
import type { ConfigFacts } from '../ui/canvas/addresses';
import { needsLayout, withLayout } from '../ui/canvas/layout';
import type { CanvasConfigs } from './canvas-configs';

/*
 * A document the worker read for the page (a share link, an imported file) is made ready to
 * draw before it crosses: placed when it does not say where its devices are (the page lays
 * nothing out), and with what the canvas draws from each device's config (canvas-configs.ts).
 * The page then draws it once, whole: laying out 9,999 devices on the page and drawing them
 * again when their labels came each held its main thread for hundreds of milliseconds (issue 19).
 */

/** Device id → what the canvas draws from its config, for every device with a config. */
export type DrawFacts = Record<string, ConfigFacts>;

export interface ReadyToDraw {
  doc: ScenarioDoc;
  facts: DrawFacts;
}

/** `doc` placed (the same object when it already is) and its devices' config facts. */
export async function readyToDraw(doc: ScenarioDoc, configs: CanvasConfigs): Promise<ReadyToDraw> {
  // The same layout the page would have made (layout.ts); undo never sees the unplaced document.
  const placed = needsLayout(doc) ? await withLayout(doc) : doc;
  const ids = Object.keys(placed.devices).filter((id) => placed.devices[id]!.config?.length);
  const answers = configs.facts(ids.map((id) => placed.devices[id]!.config!));
  const facts: DrawFacts = {};
  ids.forEach((id, i) => (facts[id] = answers[i]!));
  return { doc: placed, facts };
}

/** A read's answer as it crosses to the page: a document that opens comes ready to draw. */
export type Opened<T> = T extends { ok: true; doc: ScenarioDoc } ? T & { facts: DrawFacts } : T;

/** `read` (a link's or a file's answer) with its document made ready to draw. */
export async function openedAnswer<T extends { ok: true; doc: ScenarioDoc } | { ok: false }>(read: T, configs: CanvasConfigs): Promise<Opened<T>> {
  if (!read.ok) return read as Opened<T>;
  const { doc, facts } = await readyToDraw((read as { doc: ScenarioDoc }).doc, configs);
  return { ...read, doc, facts } as Opened<T>;
}
