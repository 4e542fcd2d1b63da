import { describe, expect, it } from 'vitest';
import { filterChoices, scrollToShow, windowOf } from './choices';

const of = (...labels: string[]) => labels.map((l) => ({ value: l, label: l }));

describe('filterChoices', () => {
  it('keeps every choice, in order, for an empty query', () => {
    const all = of('pc1', 'router');
    expect(filterChoices(all, '  ')).toBe(all);
  });

  it('finds by any part of the label, in any case: the exact match, then prefixes, then the rest', () => {
    const got = filterChoices(of('ar1', 'r10', 'R1', 'server', 'r100', 'r2'), 'r1');
    expect(got.map((c) => c.label)).toEqual(['R1', 'r10', 'r100', 'ar1']);
  });

  it('finds none when nothing holds the query', () => {
    expect(filterChoices(of('pc1'), 'zz')).toEqual([]);
  });

  it('scans ten thousand choices and returns the one typed', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ value: `h${i}`, label: `h${i}` }));
    expect(filterChoices(many, 'h9876')[0]).toEqual({ value: 'h9876', label: 'h9876' });
  });
});

describe('windowOf', () => {
  it('renders the rows in view and a few either side, never past the ends', () => {
    expect(windowOf(0, 280, 28, 10_000)).toEqual({ start: 0, end: 14 });
    expect(windowOf(28 * 5000, 280, 28, 10_000)).toEqual({ start: 4996, end: 5014 });
    expect(windowOf(28 * 9990, 280, 28, 10_000)).toEqual({ start: 9986, end: 10_000 });
    expect(windowOf(0, 280, 28, 3)).toEqual({ start: 0, end: 3 });
  });
});

describe('scrollToShow', () => {
  it('scrolls only as far as shows the row whole', () => {
    expect(scrollToShow(3, 0, 280, 28)).toBe(0);
    expect(scrollToShow(10, 0, 280, 28)).toBe(28);
    expect(scrollToShow(2, 280, 280, 28)).toBe(56);
  });
});
