import type { ScenarioDoc } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';

/**
 * Makes `next` the document, as one undoable step. False when the format's limits refused it
 * (the refusal is shown by EditRefusedNotice) or nothing changed.
 */
export function applyDoc(next: ScenarioDoc): boolean {
  if (useDocument.getState().doc === next) return false;
  useDocument.setState({ doc: next });
  return useDocument.getState().doc === next;
}
