import type { Line } from './detect';
import { hereDocument, IPV6_OFF, type Importer } from './importer';

/**
 * `iptables-save` output goes back in whole, as iptables-restore input (the engine parses it as
 * the real iptables-restore does); `iptables -S` lines become the iptables commands they are.
 */
export function importIptables(imp: Importer, lines: Line[], opts: { table?: string; ipv6?: boolean } = {}): void {
  const body = lines.filter((l) => l.text.trim() !== '');
  if (!body.length) return;
  for (const l of body) noteNamedObjects(imp, l);
  // ip6tables rules are held and printed as the real tools do, though no IPv6 packet reaches them.
  const tool = opts.ipv6 ? 'ip6tables' : 'iptables';
  if (body.some((l) => /^\*\w+\s*$/.test(l.text))) {
    // A warning iptables-nft prints (about legacy tables) is a comment to iptables-restore too.
    imp.add('firewall', body[0]!.n, hereDocument(`${tool}-restore`, body.map((l) => l.text.trimEnd())));
    if (opts.ipv6) imp.skip(body[0]!.n, 'ip6tables-save', `${IPV6_OFF}: the rules are kept, no packet reaches them`);
    return;
  }
  const table = opts.table && opts.table !== 'filter' ? ` -t ${opts.table}` : '';
  for (const l of body) {
    const t = l.text.trim();
    if (t.startsWith('#')) continue;
    if (!/^-[PNAI] \S/.test(t)) {
      imp.bad(l.n, `'${t}' is not an \`iptables -S\` line (-P, -N or -A)`);
      continue;
    }
    imp.add('firewall', l.n, `${tool}${table} ${t}`);
  }
}

/** The sets (`-m set --match-set`, `-j SET --add-set`) and accounting objects (`-m nfacct`) a rule names: they must exist before it. */
function noteNamedObjects(imp: Importer, l: Line): void {
  const place = { source: imp.source, line: l.n };
  for (const m of l.text.matchAll(/--(?:match-set|add-set|del-set|map-set) (?:"([^"]+)"|(\S+))/g)) {
    const name = m[1] ?? m[2]!;
    if (!imp.setsNamed.has(name)) imp.setsNamed.set(name, place);
  }
  for (const m of l.text.matchAll(/--nfacct-name +(?:"([^"]+)"|(\S+))/g)) {
    const name = m[1] ?? m[2]!;
    if (!imp.nfacctNamed.has(name)) imp.nfacctNamed.set(name, place);
  }
}
