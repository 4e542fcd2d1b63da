import type { Line } from './detect';
import type { Importer } from './importer';
import { CONF_DEFAULTS, GLOBAL_DEFAULTS, NEIGH_DEFAULTS } from '../kernel/sysctl';

/** Global first: net.ipv4.ip_forward rewrites every interface's forwarding, so those come after it. */
function order(key: string): number {
  if (!/^net\.ipv4\.(conf|neigh)\./.test(key)) return 0;
  if (/\.(all)\./.test(key)) return 1;
  if (/\.(default)\./.test(key)) return 2;
  return 3;
}

/**
 * What a per-interface key holds once `net.ipv4.ip_forward` is `fwd`, before any other write:
 * forwarding follows ip_forward everywhere, and turning it on also turns conf/all's
 * accept_redirects off (devinet.c inet_forward_change). conf/default starts with
 * accept_source_route 1 (ipv4_devconf_dflt), and interfaces copy conf/default when made.
 */
function confDefault(dev: string, name: string, fwd: number): number | undefined {
  if (!(name in CONF_DEFAULTS)) return undefined;
  if (name === 'forwarding') return fwd ? 1 : 0;
  if (dev === 'all') return name === 'accept_redirects' ? (fwd ? 0 : 1) : CONF_DEFAULTS[name as keyof typeof CONF_DEFAULTS];
  return name === 'accept_source_route' ? 1 : CONF_DEFAULTS[name as keyof typeof CONF_DEFAULTS];
}

/**
 * `sysctl -a`: the net.ipv4 keys the engine models, where the value differs from what the
 * kernel holds after the writes before it, become `sysctl -w`; the rest are counted, not
 * listed one by one.
 */
export function importSysctl(imp: Importer, lines: Line[]): void {
  const writes: { key: string; value: string; line: number }[] = [];
  const unmodelled: string[] = [];
  let atDefault = 0;
  let elsewhere = 0;
  let first = 0;
  const forward = lines.map((l) => /^\s*net[./]ipv4[./]ip_forward\s*=\s*(\d+)\s*$/.exec(l.text)).find(Boolean);
  const fwd = forward ? Number(forward[1]) : GLOBAL_DEFAULTS['net.ipv4.ip_forward'];
  for (const line of lines) {
    const t = line.text.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    first ||= line.n;
    const m = /^([\w.@:+/-]+)\s*=\s*(.*)$/.exec(t);
    if (!m) {
      // sysctl -a prints "sysctl: permission denied on key …" on stderr; pasted with it, it is noise.
      if (/^sysctl: /.test(t)) imp.skip(line.n, t, 'a message of sysctl, not a setting');
      else imp.bad(line.n, `'${t}' is not a sysctl line ("KEY = VALUE")`);
      continue;
    }
    const key = m[1]!.replace(/\//g, '.');
    const value = m[2]!.trim();
    let fallback: number | undefined;
    let dev: string | undefined;
    const conf = /^net\.ipv4\.(conf|neigh)\.([^.]+)\.(\w+)$/.exec(key);
    if (conf) {
      dev = conf[2]!;
      fallback = conf[1] === 'conf' ? confDefault(dev, conf[3]!, fwd) : (NEIGH_DEFAULTS as Record<string, number>)[conf[3]!];
    } else if (key.startsWith('net.ipv4.') && key in GLOBAL_DEFAULTS) fallback = GLOBAL_DEFAULTS[key as keyof typeof GLOBAL_DEFAULTS];
    if (fallback === undefined) {
      unmodelled.push(key);
      continue;
    }
    if (String(fallback) === value) {
      atDefault++;
      continue;
    }
    if (dev !== undefined && dev !== 'all' && dev !== 'default' && dev !== 'lo') {
      // sysctl -a names every interface, veths of containers too: only those another output made ports count.
      if (!imp.ports.has(dev) && !imp.created.has(dev)) {
        elsewhere++;
        continue;
      }
      if (!imp.device(dev, line.n, t)) continue;
    }
    writes.push({ key, value, line: line.n });
  }
  writes.sort((a, b) => order(a.key) - order(b.key));
  for (const w of writes) imp.add('sysctl', w.line, `sysctl -w ${w.key}=${w.value}`);
  if (atDefault) imp.skip(first, `${atDefault} modelled key${atDefault === 1 ? '' : 's'}`, 'at the kernel default: no line needed');
  if (elsewhere) imp.skip(first, `${elsewhere} key${elsewhere === 1 ? '' : 's'}`, 'for interfaces no other pasted output shows: paste `ip link` too to make them ports');
  if (unmodelled.length) imp.skip(first, `${unmodelled.length} key${unmodelled.length === 1 ? '' : 's'} (${unmodelled.slice(0, 3).join(', ')}${unmodelled.length > 3 ? ', …' : ''})`, 'unmodelled sysctl: Hairpin models the net.ipv4 keys it simulates');
}
