import { parseScenario } from '../engine/scenario/parse';
import type { ScenarioError, ScenarioWarning } from '../engine/scenario/errors';
import type { ScenarioDoc } from '../engine/scenario/types';
import { builtinLesson } from '../lessons';
import { decode, encode, type Decoded, type SharedState } from './codec';

/*
 * Reading what the user opens, done in the engine worker so the page never parses or validates
 * a document itself (a 10,000-device link or file took the main thread for seconds). Pure: the
 * page posts the text and gets back only what it shows, the document or the errors with their place.
 */

export type ReadScenario = { ok: true; doc: ScenarioDoc; warnings: ScenarioWarning[] } | { ok: false; errors: ScenarioError[] };

/** A scenario file's text, validated exactly as the command line does. */
export function readScenarioText(text: string, file?: string): ReadScenario {
  const result = parseScenario(text, file);
  // The document only: the parsed devices and links beside it would double what crosses back to the page.
  return result.ok ? { ok: true, doc: result.scenario.doc, warnings: result.warnings } : { ok: false, errors: result.errors };
}

/** A share link's hash, with the built-in lessons a link leaves out put back. */
export function readShareLink(hash: string): Decoded {
  return decode(hash, builtinLesson);
}

/** A share link's hash for `state`, leaving out a built-in lesson as shipped (as the page would). */
export function writeShareLink(state: SharedState): string {
  return encode(state, builtinLesson);
}

/**
 * What the page posts to have a link written: the state with its document as JSON text (the
 * page writes a document's text once, state/doc-text.ts; posting the object itself was a copy
 * of 10,000 devices made on the page's main thread at every change while Share was open).
 */
export type SharedStateText = Omit<SharedState, 'doc'> & { doc: string };

export function writeShareLinkText(state: SharedStateText): string {
  return writeShareLink({ ...state, doc: JSON.parse(state.doc) as SharedState['doc'] });
}
