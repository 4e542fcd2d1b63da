import { BootedDocs, deviceInsides, deviceModelled, recordScenario } from './api';

/*
 * Work that warms a fresh engine: V8 compiles each function the first time it is called, so a
 * new worker's first Run of a small lesson took several times as long as its next ones. Here a
 * small document is opened and run as the playground does it (parsed, booted, what its devices
 * hold inside read, each flow recorded with its views, a step's views looked up), one piece per
 * generator step, so a caller with other work (the worker between requests) does it in slices.
 */

/** What the warm-up ran: each flow's exit status, and the trace events recorded. */
export interface WarmedUp {
  exits: number[];
  events: number;
}

/** Every piece of work a Run of `doc` goes through, a piece per step: a config line of the boot, a flow. */
export function* warmUpSteps(doc: string): Generator<void, WarmedUp> {
  const warmed: WarmedUp = { exits: [], events: 0 };
  const docs = new BootedDocs();
  const loaded = docs.load(doc);
  if (!loaded.ok) return warmed;
  yield;
  const flows = loaded.scenario.flows.length;
  for (let flow = 0; flow < flows; flow++) {
    // Each Run takes its network: boot the next one a config line at a time.
    docs.start(doc, 1);
    yield;
    while (docs.advance(() => true)) yield;
    if (flow === 0) {
      // What the page asks when a document opens.
      deviceInsides(doc, undefined, docs);
      deviceModelled(doc, undefined, docs);
      yield;
    }
    const { response, recorded } = recordScenario({ doc, flow }, undefined, undefined, docs);
    if (!response.ok) return warmed;
    warmed.exits.push(response.exit);
    warmed.events += response.events.length;
    yield;
    if (flow > 0) continue;
    // A step's views on each device, as the inspector asks for them: every printer run once.
    for (const d of loaded.scenario.devices) {
      recorded?.views(d.id, response.events.length >> 1);
      yield;
    }
  }
  return warmed;
}
