import type { TraceFilter } from '../../state/session';
import type { TraceEvent, TraceKind } from '../../engine/trace/types';
import { ipv4Of } from '../../engine/trace/packet';
import { boxOf } from '../../engine/trace/netns-label';

/*
 * What the trace list needs to know about an event beyond its fields: which protocol it
 * carries (for the colour chip and the protocol filter), which group its kind belongs to (for
 * the kind filter and the badge), and whether it passes the filters. Pure: no React, no DOM.
 */

export type Protocol = NonNullable<TraceFilter['protocol']>;
export const PROTOCOLS: readonly Protocol[] = ['ARP', 'ICMP', 'TCP', 'UDP', 'DNS'];

const DNS_PORTS = [53, 5353];

export { ipv4Of };

/**
 * The protocol an event is about: from its frame or packet (DNS is UDP to or from port 53 or
 * 5353), else from its layer (an ARP cache update carries no packet but is ARP).
 */
export function protocolOf(e: TraceEvent): Protocol | undefined {
  if (e.frame?.payload.kind === 'arp') return 'ARP';
  const p = ipv4Of(e);
  if (p) {
    const l4 = p.payload.kind === 'ipip' ? p.payload.inner.payload : p.payload;
    if (l4.kind === 'ipip') return undefined;
    if (l4.kind === 'icmp') return 'ICMP';
    if (l4.kind === 'tcp') return 'TCP';
    return DNS_PORTS.includes(l4.sport) || DNS_PORTS.includes(l4.dport) ? 'DNS' : 'UDP';
  }
  switch (e.layer) {
    case 'arp':
      return 'ARP';
    case 'tcp':
      return 'TCP';
    case 'udp':
      return 'UDP';
    case 'icmp':
      return 'ICMP';
    default:
      return undefined;
  }
}

/** The groups of the kind filter, in the order the select lists them. */
export const KIND_GROUPS = [
  { id: 'frames', label: 'Frames', kinds: ['frame-sent', 'frame-received', 'flooded', 'bridged', 'fdb-learn'] },
  { id: 'arp', label: 'ARP', kinds: ['arp-request', 'arp-reply', 'arp-cache', 'neigh-queue'] },
  { id: 'routing', label: 'Routing', kinds: ['route', 'forward', 'output', 'redirect'] },
  { id: 'netfilter', label: 'Netfilter', kinds: ['hook', 'rule-match'] },
  { id: 'nat', label: 'NAT', kinds: ['nat'] },
  { id: 'conntrack', label: 'Conntrack', kinds: ['conntrack-new', 'conntrack-established', 'conntrack-related', 'conntrack-invalid', 'conntrack-update'] },
  { id: 'drops', label: 'Drops', kinds: ['drop'] },
  { id: 'icmp-errors', label: 'ICMP errors', kinds: ['icmp-error'] },
  { id: 'sockets', label: 'Sockets', kinds: ['socket', 'deliver', 'reply'] },
  { id: 'process', label: 'Processes', kinds: ['process'] },
] as const satisfies readonly { id: string; label: string; kinds: readonly TraceKind[] }[];

export type KindGroup = (typeof KIND_GROUPS)[number]['id'];

const GROUP_OF = new Map<TraceKind, KindGroup>(KIND_GROUPS.flatMap((g) => g.kinds.map((k) => [k as TraceKind, g.id] as const)));

export function kindGroupOf(kind: TraceKind): KindGroup | undefined {
  return GROUP_OF.get(kind);
}

/** The short label on an event's badge. */
const BADGES: Record<TraceKind, string> = {
  'frame-sent': 'sent',
  'frame-received': 'received',
  flooded: 'flooded',
  bridged: 'bridged',
  'fdb-learn': 'fdb learn',
  'arp-request': 'ARP req',
  'arp-reply': 'ARP reply',
  'arp-cache': 'neigh',
  'neigh-queue': 'queued',
  route: 'route',
  hook: 'hook',
  'rule-match': 'rule',
  nat: 'NAT',
  'conntrack-new': 'ct new',
  'conntrack-established': 'ct estab.',
  'conntrack-related': 'ct related',
  'conntrack-invalid': 'ct invalid',
  'conntrack-update': 'ct update',
  forward: 'forward',
  deliver: 'deliver',
  socket: 'socket',
  reply: 'reply',
  drop: 'DROP',
  'icmp-error': 'ICMP error',
  redirect: 'redirect',
  output: 'output',
  process: 'process',
};

export function badgeOf(kind: TraceKind): string {
  return BADGES[kind] ?? kind;
}

/** An event's badge: its kind's, but "IPVS" for IPVS at work (a netfilter hook, a NAT, a forward of ip_vs's own) so it stands out; a drop stays DROP. */
export function badgeFor(e: Pick<TraceEvent, 'kind' | 'reason'>): string {
  return e.kind !== 'drop' && e.reason.code.startsWith('ipvs_') ? 'IPVS' : badgeOf(e.kind);
}

/** Whether the filters are all off. */
export function isFilterEmpty(f: TraceFilter): boolean {
  return !f.device && !f.protocol && !f.kind;
}

export function matchesFilter(e: TraceEvent, f: TraceFilter): boolean {
  if (f.device && !matchesDevice(e.device, f.device)) return false;
  if (f.protocol && protocolOf(e) !== f.protocol) return false;
  if (f.kind && kindGroupOf(e.kind) !== f.kind) return false;
  return true;
}

/** Indexes of the events that pass the filters, in trace order. */
export function filterEvents(events: readonly TraceEvent[], f: TraceFilter): number[] {
  const out: number[] = [];
  for (let i = 0; i < events.length; i++) if (matchesFilter(events[i]!, f)) out.push(i);
  return out;
}

/**
 * A device filter: a trace label (`box`, the device's own namespace, or `box/ns1`, one of its
 * namespaces), or `box/` for the device with every namespace in it.
 */
export function matchesDevice(label: string, filter: string): boolean {
  return filter.endsWith('/') ? label === filter.slice(0, -1) || label.startsWith(filter) : label === filter;
}

/** The device filter's choices: each label of the trace, and `box/` before a device whose namespaces appear. */
export function deviceChoices(events: readonly TraceEvent[]): { value: string; label: string }[] {
  const labels = devicesOf(events);
  const boxes = new Map<string, string[]>();
  for (const l of labels) {
    const box = boxOf(l);
    const list = boxes.get(box);
    if (list) list.push(l);
    else boxes.set(box, [l]);
  }
  const out: { value: string; label: string }[] = [];
  for (const [box, list] of boxes) {
    const spaces = list.filter((l) => l !== box);
    if (spaces.length) out.push({ value: `${box}/`, label: `${box}, every namespace` });
    if (list.includes(box)) out.push({ value: box, label: spaces.length ? `${box} (its own namespace)` : box });
    for (const l of spaces) out.push({ value: l, label: l });
  }
  return out;
}

/** The devices that appear in a trace, in order of first appearance. */
export function devicesOf(events: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of events) seen.add(e.device);
  return [...seen];
}

/** "pc2:eth0", or just "router" for an event not tied to a port. */
export function placeOf(e: TraceEvent): string {
  return e.port ? `${e.device}:${e.port}` : e.device;
}

/** Virtual time in milliseconds with microsecond precision: "1.060 ms". */
export function formatMs(ns: number): string {
  return `${(ns / 1e6).toFixed(3)} ms`;
}
