import type { Line } from './detect';
import { hereDocument, IPV6_OFF, type Importer } from './importer';

/** /etc/resolv.conf, written back whole: the resolver reads its nameservers (IPv4 ones) from it. */
export function importResolvConf(imp: Importer, lines: Line[]): void {
  const body = lines.filter((l) => l.text.trim() !== '');
  if (!body.length) return;
  for (const l of body) {
    const m = /^\s*nameserver\s+(\S+)/.exec(l.text);
    if (m && m[1]!.includes(':')) imp.skip(l.n, l.text, `${IPV6_OFF} (kept in the file, not used)`);
    else if (m && m[1] === '127.0.0.53') imp.skip(l.n, l.text, "systemd-resolved's stub: no resolver listens there on the device; paste /run/systemd/resolve/resolv.conf for the servers it asks (kept in the file)");
  }
  imp.add('files', body[0]!.n, hereDocument('cat > /etc/resolv.conf', body.map((l) => l.text.trimEnd())));
}
