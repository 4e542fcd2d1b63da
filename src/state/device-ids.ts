import type { ScenarioDoc } from '../engine/scenario/types';

/*
 * A document's device ids, listed once per devices object (documents are never changed in
 * place: document.ts). A document with 10,000 devices keeps them in a dictionary, and listing
 * its keys (Object.keys, for…in) collects and orders all of them anew each time: the canvas,
 * the header and the inspector did that at every render (issue 19).
 */

const lists = new WeakMap<ScenarioDoc['devices'], readonly string[]>();

/** The device ids in document order. */
export function deviceIds(doc: Pick<ScenarioDoc, 'devices'>): readonly string[] {
  let ids = lists.get(doc.devices);
  if (!ids) {
    ids = Object.keys(doc.devices);
    lists.set(doc.devices, ids);
  }
  return ids;
}

export function deviceCount(doc: Pick<ScenarioDoc, 'devices'>): number {
  return deviceIds(doc).length;
}
