import { FibTable, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN } from './fib';

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
