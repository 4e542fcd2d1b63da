import type { Line } from './detect';
import { IPV6_OFF, type Importer } from './importer';
import { importBrief, importLinkBlocks, interfaceFromJson, declareInterface } from './ip-link';

/** Address flags that are state (the kernel sets them), not something `ip addr add` takes. */
const STATE_FLAGS = new Set(['secondary', 'primary', 'tentative', 'deprecated', 'dadfailed', 'optimistic', 'permanent', 'stable-privacy', 'temporary', 'mngtmpaddr']);

interface Address {
  local: string;
  prefixlen?: number;
  peer?: string;
  brd?: string;
  scope?: string;
  label?: string;
  metric?: string;
  noprefixroute?: boolean;
  dynamic?: boolean;
}

function addAddress(imp: Importer, dev: string, a: Address, line: number, text: string): void {
  if (a.local.includes(':')) return imp.skip(line, text, IPV6_OFF);
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(a.local) || (a.prefixlen !== undefined && !(a.prefixlen >= 0 && a.prefixlen <= 32))) return imp.bad(line, `'${a.local}${a.prefixlen === undefined ? '' : `/${a.prefixlen}`}' is not an IPv4 address`);
  if (dev === 'lo' && a.local === '127.0.0.1' && a.prefixlen === 8) return imp.skip(line, text, 'lo: 127.0.0.1/8 is made by the kernel');
  if (!imp.device(dev, line, text)) return;
  const prefix = a.prefixlen === undefined ? '' : `/${a.prefixlen}`;
  const words = ['ip addr add', a.peer ? `${a.local} peer ${a.peer}${prefix}` : `${a.local}${prefix}`];
  if (a.brd) words.push('brd', a.brd);
  if (a.scope && a.scope !== 'global') words.push('scope', a.scope);
  if (a.metric) words.push('metric', a.metric);
  if (a.noprefixroute) words.push('noprefixroute');
  words.push('dev', dev);
  if (a.label && a.label !== dev) words.push('label', a.label);
  imp.add('addr', line, words.join(' '), text);
  imp.addresses.add(a.local);
  if (a.noprefixroute) imp.noPrefixRoute.add(a.local);
  if (a.dynamic) imp.skip(line, 'dynamic', `${a.local}: lifetimes are not kept; added as a permanent address`);
}

/** `    inet 10.0.0.1/24 brd 10.0.0.255 scope global dynamic eth0` */
function parseInetLine(text: string): Address | undefined {
  const words = text.trim().split(/\s+/);
  if (words[0] !== 'inet' || !words[1]) return undefined;
  const [local, len] = words[1].split('/');
  const a: Address = { local: local!, prefixlen: len === undefined ? undefined : Number(len) };
  for (let i = 2; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'peer') {
      const [p, plen] = (words[++i] ?? '').split('/');
      a.peer = p;
      a.prefixlen = plen === undefined ? a.prefixlen : Number(plen);
    } else if (w === 'brd') a.brd = words[++i];
    else if (w === 'scope') a.scope = words[++i];
    else if (w === 'metric') a.metric = words[++i];
    else if (w === 'noprefixroute') a.noprefixroute = true;
    else if (w === 'dynamic') a.dynamic = true;
    else if (STATE_FLAGS.has(w)) continue;
    else if (i === words.length - 1) a.label = w;
    else return undefined;
  }
  return a;
}

export function importIpAddr(imp: Importer, lines: Line[]): void {
  importLinkBlocks(imp, lines, (iface, port, line) => {
    const t = line.text.trim();
    if (/^valid_lft\s/.test(t)) return;
    if (/^inet6\s/.test(t)) return imp.skip(line.n, line.text, IPV6_OFF);
    if (!iface) return imp.bad(line.n, `'${t}' comes before any interface line ("N: NAME: <FLAGS> …")`);
    const a = parseInetLine(line.text);
    if (!a) return imp.bad(line.n, `'${t}' is not an address line of \`ip addr\``);
    if (!port && iface.name !== 'lo') return imp.skip(line.n, line.text, imp.notPorts.get(iface.name) ?? `${iface.name} is not a port`);
    addAddress(imp, iface.name, a, line.n, line.text);
  });
}

export function importIpBrief(imp: Importer, lines: Line[]): void {
  importBrief(imp, lines, (dev, address, line) => {
    const [local, len] = address.split('/');
    addAddress(imp, dev, { local: local!, prefixlen: len === undefined ? undefined : Number(len) }, line.n, `${dev} ${address}`);
  });
}

/** One entry of `ip -j addr`. */
export function importAddrJson(imp: Importer, e: Record<string, unknown>, line: number): void {
  const iface = interfaceFromJson(e);
  if (!iface) return imp.bad(line, 'an `ip -j addr` entry without "ifname"');
  const text = `${iface.name} (ip -j addr)`;
  const port = declareInterface(imp, iface, line, text);
  const infos = Array.isArray(e.addr_info) ? (e.addr_info as Record<string, unknown>[]) : [];
  for (const info of infos) {
    if (typeof info !== 'object' || info === null || typeof info.local !== 'string') continue;
    const shown = `${iface.name} ${info.local}/${String(info.prefixlen)}`;
    if (info.family === 'inet6') {
      imp.skip(line, shown, IPV6_OFF);
      continue;
    }
    if (!port && iface.name !== 'lo') {
      imp.skip(line, shown, imp.notPorts.get(iface.name) ?? `${iface.name} is not a port`);
      continue;
    }
    addAddress(
      imp,
      iface.name,
      {
        local: info.local,
        prefixlen: typeof info.prefixlen === 'number' ? info.prefixlen : undefined,
        peer: typeof info.address === 'string' && info.address !== info.local ? info.address : undefined,
        brd: typeof info.broadcast === 'string' ? info.broadcast : undefined,
        scope: typeof info.scope === 'string' ? info.scope : undefined,
        label: typeof info.label === 'string' ? info.label : undefined,
        metric: typeof info.metric === 'number' ? String(info.metric) : undefined,
        noprefixroute: info.noprefixroute === true,
        dynamic: info.dynamic === true,
      },
      line,
      shown,
    );
  }
}
