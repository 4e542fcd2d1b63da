import { describe, expect, it } from 'vitest';
import { rowAndColumn } from '../../engine/generate/large';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { byDistance, CARD_MIN_ZOOM, detailAt, extentOf, minZoomFor, OPEN_ZOOM, openingFit, zoomToFit } from './detail';
import { toFlow, type Point } from './geometry';
import type { ScenarioDoc } from '../../engine/scenario/types';

const VIEW = { width: 1280, height: 560 };
const PADDING = { top: '40px', bottom: '24px', left: '80px', right: '170px' } as const;
const FIT = { padding: PADDING, maxZoom: 1.3 };
const centresOf = (doc: ScenarioDoc) => new Map<string, Point>(Object.entries(doc.devices).map(([id, d]) => [id, toFlow(d.at)]));

describe('level of detail', () => {
  it('draws cards down to the least zoom a lesson has, and dots below it', () => {
    expect(detailAt(1)).toBe('cards');
    expect(detailAt(CARD_MIN_ZOOM)).toBe('cards');
    expect(detailAt(CARD_MIN_ZOOM * 0.99)).toBe('dots');
    expect(detailAt(0.001)).toBe('dots');
  });

  it('the extent holds every card around its centre', () => {
    expect(extentOf([])).toBeUndefined();
    expect(extentOf([{ x: 0, y: 0 }, { x: 400, y: -100 }], { width: 200, height: 100 })).toEqual({ x: -100, y: -150, width: 600, height: 200 });
  });
});

describe('fit and least zoom', () => {
  it('every built-in lesson opens whole, and its least zoom stays CARD_MIN_ZOOM: it never turns to dots', () => {
    for (const [name, text] of Object.entries(BUILTIN_SCENARIOS)) {
      const doc = JSON.parse(text) as ScenarioDoc;
      const centres = centresOf(doc);
      expect(openingFit(centres, doc.flows[0]?.on, VIEW, FIT), name).toBe(FIT);
      expect(minZoomFor(extentOf(centres.values()), VIEW, PADDING), name).toBe(CARD_MIN_ZOOM);
    }
  });

  it('a 100-router row and a 9,800-host column opens readable on the first flow\'s device and its neighbours; zooming out reaches the whole', () => {
    const doc = rowAndColumn(100, 9_800);
    const centres = centresOf(doc);
    const whole = extentOf(centres.values())!;
    const fit = openingFit(centres, 'client', VIEW, FIT);
    expect(fit.minZoom).toBe(OPEN_ZOOM);
    const ids = fit.nodes!.map((n) => n.id);
    // Its nearest, as many as the view holds readable: the first of the row and of the column.
    expect(ids[0]).toBe('client');
    expect(ids).toEqual(expect.arrayContaining(['a0', 'a1', 'b0', 'r1', 'r2']));
    expect(ids.length).toBeLessThanOrEqual(13);
    // A smaller canvas holds fewer of them readable, never none.
    const small = openingFit(centres, 'client', { width: 806, height: 400 }, FIT).nodes!;
    expect(small.length).toBeLessThan(ids.length);
    expect(small[0]).toEqual({ id: 'client' });
    const box = extentOf(ids.map((id) => centres.get(id)!))!;
    expect(zoomToFit(box, VIEW, PADDING)).toBeGreaterThanOrEqual(OPEN_ZOOM);
    const least = minZoomFor(whole, VIEW, PADDING);
    expect(least).toBeLessThan(CARD_MIN_ZOOM);
    expect(least).toBeLessThanOrEqual(zoomToFit(whole, VIEW, PADDING));
    expect(least).toBeGreaterThan(0);
  });

  it('byDistance: the start, then by distance, ties in document order', () => {
    const centres = new Map([['a', { x: 0, y: 0 }], ['far', { x: 900, y: 0 }], ['b', { x: 10, y: 0 }], ['c', { x: 0, y: 10 }]]);
    expect(byDistance(centres, 'a')).toEqual(['a', 'b', 'c', 'far']);
    expect(byDistance(centres, 'missing')).toEqual([]);
    // The nearest few only: the same order, cut.
    expect(byDistance(centres, 'a', 2)).toEqual(['a', 'b', 'c']);
    expect(byDistance(centres, 'far', 1)).toEqual(['far', 'b']);
    const row = new Map(Array.from({ length: 500 }, (_, i) => [`d${i}`, { x: (i * 37) % 101, y: Math.floor(i / 7) }]));
    expect(byDistance(row, 'd250', 12)).toEqual(byDistance(row, 'd250').slice(0, 13));
  });
});
