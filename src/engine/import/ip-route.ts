import type { Line } from './detect';
import { IPV6_OFF, type Importer } from './importer';

const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);
/** Keywords `ip route` prints with a value that `ip route add` takes back. */
const WITH_VALUE = new Set(['via', 'dev', 'proto', 'scope', 'src', 'metric', 'table', 'mtu', 'advmss', 'realm', 'realms', 'tos', 'dsfield', 'weight', 'initcwnd', 'initrwnd', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'hoplimit', 'reordering', 'rto_min', 'quickack', 'congctl', 'features', 'nhid', 'from']);
/** Flags that are state the kernel reports, not configuration. */
const STATE_FLAGS = new Set(['linkdown', 'dead', 'offload', 'trap', 'rt_offload', 'rt_trap', 'rt_offload_failed', 'notify', 'pervasive', 'unresolved']);

/**
 * One route as `ip route` prints it (continuation `nexthop` lines joined), into the
 * `ip route add` line that makes it, or the reason it is not made. `table` is the one the
 * command showed (`ip route show table 100` prints no table on its lines).
 */
export function importRoute(imp: Importer, text: string, line: number, opts: { table?: string; ipv6?: boolean } = {}): void {
  const words = text.trim().split(/\s+/);
  if (words[0] === 'cache' || /^\s+cache\b/.test(text)) return imp.skip(line, text, 'route cache entry: made by the kernel, not configuration');
  let i = 0;
  const type = TYPES.has(words[0]!) ? words[i++]! : 'unicast';
  const dst = words[i++];
  if (dst === undefined) return imp.bad(line, `'${text.trim()}' has no destination`);
  const out: string[] = type === 'unicast' ? [dst] : [type, dst];
  const values = new Map<string, string>();
  const state: string[] = [];
  const devs: string[] = [];
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (WITH_VALUE.has(w)) {
      let v = words[++i];
      if (v === undefined) return imp.bad(line, `'${text.trim()}': ${w} without a value`);
      if (w === 'via' && v === 'inet6') v = `inet6 ${words[++i] ?? ''}`;
      if (!values.has(w)) values.set(w, v);
      if (w === 'dev') devs.push(v);
      out.push(w, v);
    } else if (w === 'lock' || w === 'onlink' || w === 'nexthop') out.push(w);
    else if (w === 'pref' || w === 'expires') {
      state.push(`${w} ${words[++i] ?? ''}`);
    } else if (STATE_FLAGS.has(w)) state.push(w);
    else if (w === 'cache' || w === 'uid') return imp.skip(line, text, 'cloned or cached route: made by the kernel, not configuration');
    else return imp.bad(line, `'${w}' in '${text.trim()}' is not a word of \`ip route\` output`);
  }
  // `show table all` prints each route's own table; main is printed as none.
  const shown = opts.table === 'all' || opts.table === 'main' || opts.table === '254' ? undefined : opts.table;
  const table = values.get('table') ?? shown;
  const proto = values.get('proto');
  if (opts.ipv6 || dst.includes(':') || values.get('via')?.includes(':')) return imp.skip(line, text, IPV6_OFF);
  const src = values.get('src');
  const dev = values.get('dev');
  if (src !== undefined && dev !== undefined && /^[\d.]+$/.test(src)) {
    const len = Number(dst.split('/')[1] ?? 32);
    if (proto === 'kernel' && type === 'unicast' && values.get('scope') === 'link' && !table) imp.infer(src, len, dev, 2, line, text);
    else if (type === 'local' && dst === src) imp.infer(src, 32, dev, 1, line, text);
    else imp.infer(src, 32, dev, 0, line, text);
  }
  if (table === 'local' || table === '255') {
    if (proto === 'kernel') return imp.skip(line, text, 'local table: made by the kernel with the address');
  } else if (proto === 'kernel' && !(src !== undefined && imp.noPrefixRoute.has(src))) return imp.skip(line, text, 'proto kernel route: the kernel adds it with the address');
  if (!values.has('table') && shown) out.push('table', shown);
  for (const dev of devs) if (!imp.device(dev, line, text)) return;
  imp.add('route', line, `ip route add ${out.join(' ')}`, text);
  const kept = state.filter((s) => !s.startsWith('pref'));
  if (kept.length) imp.skip(line, kept.join(' '), `${kept.join(', ')}: state the kernel reports, not configuration`);
}

export function importIpRoute(imp: Importer, lines: Line[], opts: { table?: string; ipv6?: boolean } = {}): void {
  // A multipath route continues on indented `nexthop` lines.
  const routes: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    if (/^\s+nexthop\s/.test(line.text) && routes.length) routes[routes.length - 1]!.text += ' ' + line.text.trim();
    else if (/^\s+cache\b/.test(line.text)) imp.skip(line.n, line.text, 'route cache entry: made by the kernel, not configuration');
    else routes.push({ ...line });
  }
  for (const r of routes) importRoute(imp, r.text, r.n, opts);
}

/** One entry of `ip -j route`, written as `ip route` prints it. */
export function routeTextFromJson(e: Record<string, unknown>): string | undefined {
  if (typeof e.dst !== 'string') return undefined;
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const words: string[] = [];
  if (typeof e.type === 'string' && e.type !== 'unicast') words.push(e.type);
  words.push(e.dst);
  const put = (key: string, v: unknown) => {
    const t = s(v);
    if (t !== undefined) words.push(key, t);
  };
  put('via', e.gateway);
  put('dev', e.dev);
  put('table', e.table);
  put('proto', e.protocol);
  put('scope', e.scope);
  put('src', e.prefsrc);
  put('metric', e.metric);
  if (Array.isArray(e.flags)) for (const f of e.flags) if (typeof f === 'string') words.push(f);
  if (Array.isArray(e.metrics)) for (const m of e.metrics) if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) put(k, v);
  if (Array.isArray(e.nexthops)) {
    for (const nh of e.nexthops as Record<string, unknown>[]) {
      words.push('nexthop');
      put('via', nh.gateway);
      put('dev', nh.dev);
      put('weight', nh.weight);
      if (Array.isArray(nh.flags)) for (const f of nh.flags) if (typeof f === 'string') words.push(f);
    }
  }
  return words.join(' ');
}
