import { IpTable, type TableName } from './x_tables';

/**
 * One family's iptables tables in a namespace (net->xt.tables[af]). As in the kernel, a table is
 * set up in a namespace the first time something asks for it (xt_request_find_table_lock runs
 * the table's table_init): a namespace nobody configures holds none, which keeps 10,000 idle
 * devices small. Reading `raw`, `mangle`, `nat` or `filter` sets that table up; `loaded` only looks.
 */
export class XtNetTables {
  private readonly made: Partial<Record<TableName, IpTable>> = {};

  get raw(): IpTable {
    return this.get('raw');
  }
  get mangle(): IpTable {
    return this.get('mangle');
  }
  get nat(): IpTable {
    return this.get('nat');
  }
  get filter(): IpTable {
    return this.get('filter');
  }

  get(name: TableName): IpTable {
    return (this.made[name] ??= new IpTable(name));
  }

  /** The table if something has set it up; a table never set up has only empty built-in chains with ACCEPT policies. */
  loaded(name: TableName): IpTable | undefined {
    return this.made[name];
  }

  /** Every table, set up if need be, in the order iptables-save and nft list them. */
  all(): IpTable[] {
    return [this.raw, this.mangle, this.nat, this.filter];
  }

  /** The tables set up so far. */
  allLoaded(): IpTable[] {
    return (['raw', 'mangle', 'nat', 'filter'] as const).flatMap((n) => this.made[n] ?? []);
  }
}
