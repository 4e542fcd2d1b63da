import type { Mac } from '../../engine/addr/mac';
import type { NotImported } from '../../engine/api';

/*
 * What applying an import does to one device, worked out before anything changes so the
 * preview shows exactly that: the ports it adds or gives a MAC, and the config it leaves.
 */

export type PortChange = { name: string; mac: Mac | null; change: 'add' | 'mac' | 'same' };

/** The device's ports after the import: its own kept in order, a MAC the output showed set, the ports it lacks added at the end. */
export function mergePorts(existing: Record<string, Mac | null>, imported: Record<string, Mac | null>): { ports: Record<string, Mac | null>; changes: PortChange[] } {
  const ports = { ...existing };
  const changes: PortChange[] = [];
  for (const [name, mac] of Object.entries(imported)) {
    if (!(name in existing)) changes.push({ name, mac, change: 'add' });
    else if (mac !== null && existing[name]?.toLowerCase() !== mac.toLowerCase()) changes.push({ name, mac, change: 'mac' });
    else {
      changes.push({ name, mac: existing[name] ?? null, change: 'same' });
      continue;
    }
    ports[name] = mac;
  }
  return { ports, changes };
}

export type ApplyMode = 'replace' | 'add';

/** The config after the import: the imported lines instead of the old ones, or after them. */
export function configAfter(mode: ApplyMode, old: readonly string[], imported: readonly string[]): string[] {
  return mode === 'replace' ? [...imported] : [...old, ...imported];
}

/** Lines not imported, grouped by reason (in the order each reason first appears), so a long list reads as a few kinds. */
export function groupByReason(list: readonly NotImported[]): { reason: string; items: NotImported[] }[] {
  const groups = new Map<string, NotImported[]>();
  for (const n of list) {
    const g = groups.get(n.reason);
    if (g) g.push(n);
    else groups.set(n.reason, [n]);
  }
  return [...groups].map(([reason, items]) => ({ reason, items }));
}
