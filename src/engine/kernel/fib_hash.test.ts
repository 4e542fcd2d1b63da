import { describe, expect, it } from 'vitest';
import { PrefixHash } from './fib_hash';

describe('PrefixHash (the prefixes of one length, fib_hash.c style)', () => {
  it('finds every address, including those above 2^31, after growth and deletions', () => {
    const h = new PrefixHash<string>();
    const addrs = Array.from({ length: 5000 }, (_, i) => (Math.imul(i, 2654435761) & 0xffffff00) >>> 0);
    const unique = [...new Set(addrs)];
    for (const a of unique) h.set(a, `v${a}`);
    expect(h.size).toBe(unique.length);
    for (const a of unique) expect(h.get(a)).toBe(`v${a}`);
    // Delete every other one: the rest must still be found (backward-shift deletion).
    unique.forEach((a, i) => i % 2 === 0 && h.delete(a));
    unique.forEach((a, i) => expect(h.get(a)).toBe(i % 2 === 0 ? undefined : `v${a}`));
    expect(h.size).toBe(Math.floor(unique.length / 2));
    expect([...h.entries()].map(([a]) => a).sort((x, y) => x - y)).toEqual(unique.filter((_, i) => i % 2 === 1).sort((x, y) => x - y));
  });

  it('tells 0.0.0.0 and 255.255.255.255 apart and replaces values in place', () => {
    const h = new PrefixHash<number>();
    h.set(0, 1);
    h.set(0xffffffff, 2);
    h.set(0, 3);
    expect(h.get(0)).toBe(3);
    expect(h.get(0xffffffff)).toBe(2);
    expect(h.size).toBe(2);
    h.delete(0x01020304);
    expect(h.size).toBe(2);
  });
});
