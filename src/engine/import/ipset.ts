import type { Line } from './detect';
import { hereDocument, type Importer } from './importer';

/**
 * `ipset save` prints ipset's restore input (`create NAME TYPE …`, `add NAME MEMBER …`): it goes
 * back whole through `ipset restore`, before the firewall whose `-m set` rules name the sets.
 */
export function importIpset(imp: Importer, lines: Line[]): void {
  const body = lines.filter((l) => l.text.trim() !== '');
  if (!body.length) return;
  for (const l of body) {
    const create = /^create (\S+) /.exec(l.text.trim());
    if (create) imp.sets.add(create[1]!);
  }
  imp.add('sets', body[0]!.n, hereDocument('ipset restore', body.map((l) => l.text.trimEnd())));
}
