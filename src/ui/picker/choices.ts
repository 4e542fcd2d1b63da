/*
 * What a searchable picker shows: the choices that match what was typed, best first, and which
 * rows of the list are on screen (the only ones it renders, so ten thousand choices cost the
 * same as ten).
 */

export interface Choice {
  value: string;
  label: string;
}

/**
 * The choices whose label holds `query` (any case, spaces at the ends ignored): an exact match
 * first, then those starting with it, then the rest, each group in the given order. Typing
 * "r1" finds r1 before r10 and ar1.
 */
export function filterChoices<C extends Choice>(choices: readonly C[], query: string): readonly C[] {
  const q = query.trim().toLowerCase();
  if (!q) return choices;
  const exact: C[] = [];
  const prefix: C[] = [];
  const inside: C[] = [];
  for (const c of choices) {
    const label = c.label.toLowerCase();
    if (label === q) exact.push(c);
    else if (label.startsWith(q)) prefix.push(c);
    else if (label.includes(q)) inside.push(c);
  }
  return [...exact, ...prefix, ...inside];
}

/** The rows [start, end) to render of `count` rows `row` pixels high, scrolled to `scrollTop` in a view `height` high, with `overscan` more each side. */
export function windowOf(scrollTop: number, height: number, row: number, count: number, overscan = 4): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / row);
  const last = Math.ceil((Math.max(0, scrollTop) + height) / row);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.min(count, last + overscan) };
}

/** The scroll position that shows row `index` whole, moving as little as it can from `scrollTop`. */
export function scrollToShow(index: number, scrollTop: number, height: number, row: number): number {
  const top = index * row;
  if (top < scrollTop) return top;
  if (top + row > scrollTop + height) return top + row - height;
  return scrollTop;
}
