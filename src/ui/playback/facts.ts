import type { TraceEvent } from '../../engine/trace/types';

/*
 * The "why" of an event as a definition list: the facts the engine recorded (route, ip rule,
 * iptables table/chain/line/rule, conntrack entry, sysctl...) under readable terms, plus the
 * direction of the packet in its connection and the conntrack state. Pure: no React, no DOM.
 */

export interface FactRow {
  term: string;
  value: string;
  /** Shown in a monospace font: a route, a rule, a conntrack line. */
  code?: boolean;
}

const TERMS: Record<string, { term: string; code?: boolean }> = {
  route: { term: 'Route', code: true },
  table: { term: 'Table' },
  chain: { term: 'Chain' },
  line: { term: 'Line' },
  policy: { term: 'Policy' },
  matched: { term: 'Rules that matched' },
  conntrack: { term: 'Conntrack entry', code: true },
  sysctl: { term: 'Sysctl', code: true },
  neighbour: { term: 'Neighbour' },
  state: { term: 'Neighbour state' },
  lladdr: { term: 'MAC' },
  mac: { term: 'MAC' },
  port: { term: 'Bridge port' },
  ports: { term: 'Flooded to' },
  fdb: { term: 'FDB entry', code: true },
  manip: { term: 'NAT rewrites' },
  reason: { term: 'Reason' },
  mark: { term: 'Packet mark' },
  ctmark: { term: 'Connection mark' },
  stop: { term: 'Run stopped' },
};

/** The fact rows in the engine's order; `rule` is an iptables rule in netfilter events, else an ip rule. */
export function factRows(e: TraceEvent): FactRow[] {
  const out: FactRow[] = [];
  for (const [key, raw] of Object.entries(e.facts ?? {})) {
    let value = String(raw);
    if (key === 'rule') {
      out.push({ term: 'table' in (e.facts ?? {}) ? 'iptables rule' : 'ip rule', value, code: true });
      continue;
    }
    if (key === 'manip') value = value === 'src' ? 'source (SNAT side)' : value === 'dst' ? 'destination (DNAT side)' : value;
    if (key === 'ports') value = value.split(',').join(', ');
    const known = TERMS[key];
    out.push({ term: known?.term ?? key, value, code: known?.code });
  }
  return out;
}

const CTINFO: Partial<Record<TraceEvent['kind'], string>> = {
  'conntrack-new': 'NEW',
  'conntrack-update': 'NEW',
  'conntrack-established': 'ESTABLISHED',
  'conntrack-related': 'RELATED',
  'conntrack-invalid': 'INVALID',
};

/**
 * "ESTABLISHED · TCP SYN_RECV" or "NEW · TCP SYN_SENT, UNREPLIED": the ctstate iptables
 * matches on, then the protocol state and flags from the entry `conntrack -L` prints.
 */
export function conntrackState(e: TraceEvent): string | undefined {
  const entry = e.facts?.conntrack;
  const info = CTINFO[e.kind];
  if (typeof entry !== 'string') return info;
  const words = entry.split(/\s+/);
  const proto = words[0] ?? '';
  const tcpState = proto === 'tcp' && words[1] && /^[A-Z_]+$/.test(words[1]) ? words[1] : undefined;
  const flags = [...entry.matchAll(/\[([A-Z]+)\]/g)].map((m) => m[1]!);
  const detail = [tcpState ? `TCP ${tcpState}` : proto.toUpperCase(), ...flags].filter(Boolean).join(', ');
  return info ? `${info} · ${detail}` : detail;
}

export function directionText(e: TraceEvent): string | undefined {
  if (e.dir === 'original') return '→ original (the way the connection was opened)';
  if (e.dir === 'reply') return '← reply (back towards the connection’s opener)';
  return undefined;
}
