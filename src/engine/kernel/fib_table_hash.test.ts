import { describe, expect, it } from 'vitest';
import { FibTable } from './fib';
import { FibTableHash } from './fib_table_hash';

// ip_fib_net_init and fib4_rules_init make local (255), main (254) and default (253) with the
// namespace; `ip route show table all` lists tables in the order they were made.
describe('FibTableHash', () => {
  it('holds local, main and default from the start, then other tables in the order they are made', () => {
    const tables = new FibTableHash();
    expect([...tables.keys()]).toEqual([255, 254, 253]);
    expect(tables.get(100)).toBeUndefined();
    tables.set(100, new FibTable(100));
    tables.set(7, new FibTable(7));
    expect([...tables.keys()]).toEqual([255, 254, 253, 100, 7]);
    expect(tables.get(254)).toBe(tables.main);
    expect(tables.get(7)?.id).toBe(7);
  });

  it('never replaces a table made with the namespace', () => {
    expect(() => new FibTableHash().set(254, new FibTable(254))).toThrow();
  });
});
