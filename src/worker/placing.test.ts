import { describe, expect, it } from 'vitest';
import { switchTree, withIdle } from '../engine/generate/large';
import type { ScenarioDoc } from '../engine/scenario/types';
import { encode } from '../share/codec';
import { readScenarioText, readShareLink } from '../share/read';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { layoutsMade, needsLayout, withLayout } from '../ui/canvas/layout';
import { placed, placedAnswer } from './placing';

/*
 * A document the worker reads for the page crosses placed, exactly as the page's layout placed
 * it before (so undo and saving see the same document as they did).
 */

describe('placed', () => {
  it('places a document without positions as the auto-layout does, small (dagre) or large (tree)', async () => {
    for (const doc of [switchTree(1, 3), withIdle(997)]) {
      expect(needsLayout(doc)).toBe(true);
      const laid = await placed(doc);
      expect(needsLayout(laid)).toBe(false);
      expect(laid).toEqual(await withLayout(doc));
      // The input is untouched.
      expect(needsLayout(doc)).toBe(true);
    }
  });

  it('leaves a placed document as it is: the same object, no layout made', async () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['home-lan']!) as ScenarioDoc;
    const before = layoutsMade.count;
    expect(await placed(doc)).toBe(doc);
    expect(layoutsMade.count).toBe(before);
  });
});

describe('placedAnswer', () => {
  it('places a link’s or a file’s document, and passes a refusal through unchanged', async () => {
    const doc = switchTree(1, 3);
    const link = await placedAnswer(readShareLink(encode({ doc, flow: 0 })));
    expect(link.ok && needsLayout(link.doc)).toBe(false);
    const file = await placedAnswer(readScenarioText(JSON.stringify(doc), 'tree.json'));
    expect(file.ok && file.doc).toEqual(link.ok && link.doc);
    expect(file.ok && file.warnings).toEqual([]);
    const refused = readScenarioText('{}', 'empty.json');
    expect(await placedAnswer(refused)).toBe(refused);
  });
});
