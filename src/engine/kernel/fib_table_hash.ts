import { FibTable, lookupMerged, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibFlow, type FibResult } from './fib';

/*
 * net->ipv4.fib_table_hash: IPv4's routing tables by id. The local, main and default tables are
 * made with the namespace (ip_fib_net_init, fib4_rules_init) and held in fields, so a lookup by
 * the default rules finds them without hashing; a table any other id names is made when a route
 * or a flush first names it, in a map made then. Listed in the order they were made.
 */
export class FibTableHash {
  readonly local = new FibTable(RT_TABLE_LOCAL);
  readonly main = new FibTable(RT_TABLE_MAIN);
  readonly default = new FibTable(RT_TABLE_DEFAULT);
  private others?: Map<number, FibTable>;
  /**
   * Local and main are one trie (fib_new_table makes local an alias of main's) until a policy
   * rule is added or deleted: fib_unmerge splits them for good.
   */
  merged = true;

  /** fib_table_lookup in table `id`: while merged, a lookup in local or main searches both. */
  lookup(id: number, flow: FibFlow): FibResult | undefined {
    if (this.merged && (id === RT_TABLE_MAIN || id === RT_TABLE_LOCAL)) return lookupMerged(this.local, this.main, flow);
    return this.get(id)?.lookup(flow);
  }

  get(id: number): FibTable | undefined {
    if (id === RT_TABLE_MAIN) return this.main;
    if (id === RT_TABLE_LOCAL) return this.local;
    if (id === RT_TABLE_DEFAULT) return this.default;
    return this.others?.get(id);
  }

  set(id: number, table: FibTable): void {
    if (id === RT_TABLE_MAIN || id === RT_TABLE_LOCAL || id === RT_TABLE_DEFAULT) throw new Error(`table ${id} is made with the namespace`);
    (this.others ??= new Map()).set(id, table);
  }

  *keys(): IterableIterator<number> {
    for (const t of this.values()) yield t.id;
  }

  *values(): IterableIterator<FibTable> {
    yield this.local;
    yield this.main;
    yield this.default;
    if (this.others) yield* this.others.values();
  }
}
