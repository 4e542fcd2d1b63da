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
 * `sysctl -a`: the net.ipv4 keys the engine models, where the value differs from the
 * kernel's default, become `sysctl -w`; the rest are counted, not listed one by one.
 */
export function importSysctl(imp: Importer, lines: Line[]): void {
  const writes: { key: string; value: string; line: number }[] = [];
  const unmodelled: string[] = [];
  let atDefault = 0;
  let elsewhere = 0;
  let first = 0;
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
      const table: Record<string, number> = conf[1] === 'conf' ? CONF_DEFAULTS : NEIGH_DEFAULTS;
      fallback = table[conf[3]!];
      dev = conf[2];
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
