import { describe, expect, it } from 'vitest';
import { switchTree, withIdle } from '../engine/generate/large';
import type { ScenarioDoc } from '../engine/scenario/types';
import { encode } from '../share/codec';
import { readScenarioText, readShareLink } from '../share/read';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { configFacts } from '../ui/canvas/addresses';
import { layoutsMade, needsLayout, withLayout } from '../ui/canvas/layout';
import { CanvasConfigs } from './canvas-configs';
import { openedAnswer, readyToDraw } from './ready-to-draw';

/*
 * A document the worker reads for the page comes ready to draw: placed exactly as the page's
 * layout placed it (so undo and saving see the same document as before), with what the canvas
 * draws from every device's config.
 */

describe('readyToDraw', () => {
  it('places a document without positions as the auto-layout does, small (dagre) or large (tree)', async () => {
    for (const doc of [switchTree(1, 3), withIdle(997)]) {
      expect(needsLayout(doc)).toBe(true);
      const ready = await readyToDraw(doc, new CanvasConfigs());
      expect(needsLayout(ready.doc)).toBe(false);
      expect(ready.doc).toEqual(await withLayout(doc));
      // The input is untouched.
      expect(needsLayout(doc)).toBe(true);
    }
  });

  it('leaves a placed document as it is: the same object, no layout made', async () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['home-lan']!) as ScenarioDoc;
    const before = layoutsMade.count;
    const ready = await readyToDraw(doc, new CanvasConfigs());
    expect(ready.doc).toBe(doc);
    expect(layoutsMade.count).toBe(before);
  });

  it('gives every device with a config what the canvas draws from it, each text read once', async () => {
    const doc = withIdle(997);
    const configs = new CanvasConfigs();
    const { facts } = await readyToDraw(doc, configs);
    const withConfig = Object.keys(doc.devices).filter((id) => doc.devices[id]!.config?.length);
    expect(Object.keys(facts).sort()).toEqual(withConfig.sort());
    expect(facts.r1).toEqual(configFacts(doc.devices.r1!.config!));
    expect(facts.a7).toMatchObject({ addresses: { eth0: ['10.0.7.1/24'] }, forwarding: false });
    expect(configs.read).toBe(withConfig.length);
    // The same document again (opened twice): nothing read again.
    await readyToDraw(doc, configs);
    expect(configs.read).toBe(withConfig.length);
  });
});

describe('openedAnswer', () => {
  it('makes a link’s or a file’s document ready, and passes a refusal through unchanged', async () => {
    const doc = switchTree(1, 3);
    const link = await openedAnswer(readShareLink(encode({ doc, flow: 0 })), new CanvasConfigs());
    expect(link.ok && needsLayout(link.doc)).toBe(false);
    expect(link.ok && Object.keys(link.facts).length).toBeGreaterThan(0);
    const file = await openedAnswer(readScenarioText(JSON.stringify(doc), 'tree.json'), new CanvasConfigs());
    expect(file.ok && file.doc).toEqual(link.ok && link.doc);
    const refused = readScenarioText('{}', 'empty.json');
    expect(await openedAnswer(refused, new CanvasConfigs())).toBe(refused);
  });
});
