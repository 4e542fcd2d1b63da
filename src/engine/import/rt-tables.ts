import type { Line } from './detect';
import { hereDocument, type Importer } from './importer';

/** The names iproute2 knows without the file. */
const BUILT_IN = new Map([
  ['255', 'local'],
  ['254', 'main'],
  ['253', 'default'],
  ['0', 'unspec'],
]);

/** /etc/iproute2/rt_tables: the table names beyond iproute2's own, appended before any rule or route uses them. */
export function importRtTables(imp: Importer, lines: Line[]): void {
  const added: string[] = [];
  let first = 0;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^(0x[0-9a-fA-F]+|\d+)\s+(\S+)/.exec(t);
    if (!m) {
      imp.bad(l.n, `'${t}' is not an rt_tables line ("NUMBER NAME")`);
      continue;
    }
    if (BUILT_IN.get(String(Number(m[1]))) === m[2]) {
      imp.skip(l.n, t, 'built into iproute2');
      continue;
    }
    first ||= l.n;
    added.push(`${m[1]}\t${m[2]}`);
  }
  if (added.length) imp.add('tables', first, hereDocument('cat >> /etc/iproute2/rt_tables', added));
}
