import { describe, expect, it } from 'vitest';
import { encode } from './codec';
import { readScenarioText, readShareLink, writeShareLink, writeShareLinkText } from './read';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { builtinLesson } from '../lessons';
import type { ScenarioDoc } from '../engine/scenario/types';

/* What the engine worker answers when the page opens a file or a link. */

describe('reading a scenario in the worker', () => {
  it('a valid file comes back as its document and warnings only', () => {
    const text = BUILTIN_SCENARIOS['home-lan']!;
    const read = readScenarioText(text, 'home-lan.json');
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(Object.keys(read)).toEqual(['ok', 'doc', 'warnings']);
      expect(read.doc.title).toBe((JSON.parse(text) as ScenarioDoc).title);
    }
  });
  it('a broken file comes back as its errors with file, line and column', () => {
    const read = readScenarioText('{\n  "hairpin": 2,\n  "title": 5,\n  "devices": {}\n}', 'mine.json');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[0]).toMatchObject({ file: 'mine.json', path: 'title', line: 3, column: 12 });
  });
  it('a link of a built-in lesson gets its lesson back, as the page would put it', () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['hairpin-nat-broken']!) as ScenarioDoc;
    const read = readShareLink(encode({ doc, flow: 0, origin: 'hairpin-nat-broken' }, builtinLesson));
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.doc.lesson).toEqual(builtinLesson('hairpin-nat-broken'));
  });
  it('a link written in the worker is the page’s link, a built-in lesson as shipped left out, and reads back', () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['hairpin-nat-broken']!) as ScenarioDoc;
    const state = { doc, flow: 0, origin: 'hairpin-nat-broken' };
    const hash = writeShareLink(state);
    expect(hash).toBe(encode(state, builtinLesson));
    expect(hash.length).toBeLessThan(encode(state).length);
    const read = readShareLink(hash);
    expect(read.ok && read.doc).toEqual(doc);
  });
  it('a link written from the document’s JSON text (as the page posts it) is the same link', () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['hairpin-nat-broken']!) as ScenarioDoc;
    for (const state of [{ doc, flow: 0, origin: 'hairpin-nat-broken' }, { doc, flow: 1, step: 4 }]) {
      expect(writeShareLinkText({ ...state, doc: JSON.stringify(doc) })).toBe(writeShareLink(state));
    }
  });
});
