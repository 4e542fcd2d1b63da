import { describe, expect, it } from 'vitest';
import { PrefixHash } from './fib_hash';

describe('PrefixHash (a table of prefixes, fib_hash.c style)', () => {
  it('finds every prefix, including addresses above 2^31, after growth and deletions', () => {
    const h = new PrefixHash<string>();
    const keys = [...new Set(Array.from({ length: 5000 }, (_, i) => `${(Math.imul(i, 2654435761) & 0xffffff00) >>> 0}/${8 + (i % 25)}`))];
    const parse = (k: string) => k.split('/').map(Number) as [number, number];
    for (const k of keys) h.set(...parse(k), k);
    expect(h.size).toBe(keys.length);
    for (const k of keys) expect(h.get(...parse(k))).toBe(k);
    // Delete every other one: the rest must still be found (backward-shift deletion).
    keys.forEach((k, i) => i % 2 === 0 && h.delete(...parse(k)));
    keys.forEach((k, i) => expect(h.get(...parse(k))).toBe(i % 2 === 0 ? undefined : k));
    expect(h.size).toBe(Math.floor(keys.length / 2));
    // In dump order: by unsigned address, the shorter prefix first at the same address.
    const kept = keys.filter((_, i) => i % 2 === 1).map(parse);
    kept.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(h.valuesInOrder()).toEqual(kept.map(([a, l]) => `${a}/${l}`));
  });

  it('tells the same address at two lengths apart, and 0.0.0.0 from 255.255.255.255', () => {
    const h = new PrefixHash<number>();
    h.set(0, 0, 1);
    h.set(0, 8, 2);
    h.set(0xffffffff, 32, 3);
    h.set(0, 0, 4);
    expect([h.get(0, 0), h.get(0, 8), h.get(0xffffffff, 32), h.get(0xffffffff, 0)]).toEqual([4, 2, 3, undefined]);
    expect(h.valuesInOrder()).toEqual([4, 2, 3]);
    expect(h.size).toBe(3);
    h.delete(0x01020304, 32);
    expect(h.size).toBe(3);
  });
});
