import type { Line } from './detect';
import { IPV6_OFF, type Importer } from './importer';

/** `172.31.1.1 dev eth0 lladdr d2:74:7f:6e:37:e3 REACHABLE` into `ip neigh replace … nud …`. */
export function importNeigh(imp: Importer, text: string, line: number, ipv6 = false): void {
  const words = text.trim().split(/\s+/);
  const dst = words[0]!;
  if (ipv6 || dst.includes(':')) return imp.skip(line, text, IPV6_OFF);
  const at = (k: string) => {
    const i = words.indexOf(k);
    return i >= 0 ? words[i + 1] : undefined;
  };
  const dev = at('dev');
  if (dev === undefined) return imp.bad(line, `'${text.trim()}' names no device ("ADDRESS dev DEV …")`);
  const lladdr = at('lladdr');
  const states = words.filter((w) => /^[A-Z]+$/.test(w));
  if (words.includes('proxy')) return imp.skip(line, text, 'proxy neighbour entry: not modelled');
  if (states.includes('NOARP')) return imp.skip(line, text, 'NOARP entry: made by the kernel');
  if (lladdr === undefined) return imp.skip(line, text, `${states.join(' ') || 'entry'} with no link-layer address: nothing to add`);
  if (!imp.device(dev, line, text)) return;
  // A dynamic entry is imported as freshly confirmed: it ages from there as on the real box.
  const nud = states.includes('PERMANENT') ? 'permanent' : states.includes('STALE') ? 'stale' : 'reachable';
  imp.add('neigh', line, `ip neigh replace ${dst} lladdr ${lladdr.toLowerCase()} dev ${dev}${words.includes('router') ? ' router' : ''} nud ${nud}`, text);
}

export function importIpNeigh(imp: Importer, lines: Line[], ipv6 = false): void {
  for (const line of lines) if (line.text.trim() !== '') importNeigh(imp, line.text, line.n, ipv6);
}

/** One entry of `ip -j neigh`, written as `ip neigh` prints it. */
export function neighTextFromJson(e: Record<string, unknown>): string | undefined {
  if (typeof e.dst !== 'string' || typeof e.dev !== 'string') return undefined;
  const words = [e.dst, 'dev', e.dev];
  if (typeof e.lladdr === 'string') words.push('lladdr', e.lladdr);
  if (e.router !== undefined) words.push('router');
  if (e.proxy !== undefined) words.push('proxy');
  if (Array.isArray(e.state)) for (const s of e.state) if (typeof s === 'string') words.push(s);
  return words.join(' ');
}
