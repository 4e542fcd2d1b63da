import type { ScenarioDoc } from '../engine/scenario/types';

/*
 * The document as the worker reads it (JSON text), written once per document object: documents
 * are never changed in place (document.ts), and a 10,000-device one takes tens of milliseconds
 * of the page's main thread to write. The canvas's question about what devices hold inside, a
 * Run and every step's views with a device selected each asked for it again (issue 19).
 */

const texts = new WeakMap<ScenarioDoc, string>();

export function docText(doc: ScenarioDoc): string {
  let text = texts.get(doc);
  if (text === undefined) {
    text = JSON.stringify(doc);
    texts.set(doc, text);
  }
  return text;
}
