import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import type { ScenarioDoc } from '../engine/scenario/types';
import { useDocument } from './document';

describe('the document history', () => {
  it('undo past a load that keeps the history (an import) brings back the lesson with its origin', () => {
    const lesson = JSON.parse(BUILTIN_SCENARIOS['vps-slash32']!) as ScenarioDoc;
    useDocument.getState().setDoc(lesson, 'vps-slash32');
    useDocument.temporal.getState().clear();
    useDocument.getState().setDoc({ hairpin: 2, title: 'Imported', devices: {}, links: [], flows: [] }, undefined);
    expect(useDocument.getState().origin).toBeUndefined();
    useDocument.temporal.getState().undo();
    expect(useDocument.getState()).toMatchObject({ doc: lesson, origin: 'vps-slash32' });
  });
});
