import type { Line } from './detect';
import { hereDocument, IPV6_OFF, type Importer } from './importer';

/** /etc/hosts, written back whole: lookups read its IPv4 lines as glibc does. */
export function importHosts(imp: Importer, lines: Line[]): void {
  const body = lines.filter((l) => l.text.trim() !== '');
  if (!body.length) return;
  for (const l of body) {
    const address = l.text.replace(/#.*/, '').trim().split(/\s+/)[0] ?? '';
    if (address.includes(':')) imp.skip(l.n, l.text, `${IPV6_OFF} (kept in the file, not used)`);
  }
  imp.add('files', body[0]!.n, hereDocument('cat > /etc/hosts', body.map((l) => l.text.trimEnd())));
}
