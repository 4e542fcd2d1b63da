import type { TraceEvent } from '../../engine/trace/types';
import type { Ipv4Packet } from '../../engine/wire/types';
import { ipv4Of } from './classify';
import type { RunResult } from '../../engine/trace/verdict';
import { EVENT_BUDGET, groupDigits, MAX_FLOW_NS, RULE_BUDGET } from '../../engine/sim/budgets';
import { WALL_TIME_MS } from '../../worker/limits';

/*
 * The warning above a run's verdict when the run went wrong in a way a learner should name:
 * the engine stopped it (bridge loop, event budget, virtual time limit, real time limit), or
 * it ended normally but the trace shows a packet going round in circles (a routing loop, or a
 * DNAT loop when NAT rewrote it on every lap), or ARP requests fill the trace (an ARP flood).
 * Pure: no React, no DOM.
 */

export type WarningReason = 'bridge-loop' | 'routing-loop' | 'dnat-loop' | 'arp-flood' | 'event-budget' | 'rule-budget' | 'time-limit' | 'wall-time' | 'trace-cut';

export interface RunWarning {
  reason: WarningReason;
  /** A few words: "Bridge loop: broadcast storm". */
  title: string;
  /** What happened and what to look at. */
  text: string;
  /** The event to jump to, when there is one. */
  seq?: number;
}

export type WarningInput = Pick<RunResult, 'stopReason' | 'events'> & { exit?: number; truncated?: boolean };

/** A packet forwarded this many times by one box is going round in circles. */
const LAPS = 3;
/** ARP requests at least this many and at least half the frames sent: an ARP flood. */
const ARP_FLOOD = 500;

/** The same packet on every lap: addresses and TTL change (NAT, forwarding), these do not. */
function packetKey(p: Ipv4Packet): string {
  const l4 = p.payload;
  if (l4.kind === 'ipip') return `${p.id} ipip ${packetKey(l4.inner)}`;
  const inner = l4.kind === 'icmp' ? `icmp ${l4.type} ${l4.id ?? ''} ${l4.seq ?? ''}` : l4.kind === 'tcp' ? `tcp ${l4.sport} ${l4.seq}` : `udp ${l4.sport}`;
  return `${p.id} ${inner}`;
}

interface Loop {
  devices: string[];
  laps: number;
  dnat: boolean;
  first: TraceEvent;
  ttlExceeded?: TraceEvent;
}

/** The first packet some box forwarded LAPS times, with the boxes it went round. */
export function findForwardingLoop(events: readonly TraceEvent[]): Loop | undefined {
  const laps = new Map<string, Map<string, number>>();
  let found: { key: string; first: TraceEvent } | undefined;
  const firstOf = new Map<string, TraceEvent>();
  for (const e of events) {
    if (e.kind !== 'forward') continue;
    const p = ipv4Of(e);
    if (!p) continue;
    const key = packetKey(p);
    if (!firstOf.has(key)) firstOf.set(key, e);
    const byDevice = laps.get(key) ?? new Map<string, number>();
    laps.set(key, byDevice);
    const n = (byDevice.get(e.device) ?? 0) + 1;
    byDevice.set(e.device, n);
    if (n >= LAPS && !found) found = { key, first: firstOf.get(key)! };
  }
  if (!found) return undefined;
  const byDevice = laps.get(found.key)!;
  const devices = [...byDevice.keys()];
  const inLoop = new Set(devices);
  const rewrites = events.filter((e) => e.reason.code === 'nat' && e.reason.manip === 'dst' && inLoop.has(e.device) && (e.before ?? ipv4Of(e)) && packetKey((e.before ?? ipv4Of(e))!) === found.key);
  const ttlExceeded = events.find((e) => e.kind === 'drop' && e.reason.code === 'ttl_expired' && e.packet && packetKey(e.packet) === found.key);
  return { devices, laps: Math.max(...byDevice.values()), dnat: rewrites.length >= 2, first: found.first, ttlExceeded };
}

function arpFlood(events: readonly TraceEvent[]): TraceEvent | undefined {
  let requests = 0;
  let sent = 0;
  let first: TraceEvent | undefined;
  for (const e of events) {
    if (e.kind === 'arp-request') {
      requests++;
      first ??= e;
    } else if (e.kind === 'frame-sent') sent++;
  }
  return requests >= ARP_FLOOD && requests * 2 >= sent ? first : undefined;
}

const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** Why the run stopped, or what went round in circles; the most telling warning first. */
export function runWarnings(r: WarningInput): RunWarning[] {
  const out: RunWarning[] = [];
  const stopEvent = r.events.find((e) => e.facts?.stop === r.stopReason);
  const last = r.events[r.events.length - 1];
  // An event's step is its place in the trace.
  const stepOf = (e: TraceEvent | undefined) => (e ? r.events.indexOf(e) : undefined);
  switch (r.stopReason) {
    case 'bridge-loop': {
      const arp = stopEvent?.frame?.payload.kind === 'arp' || r.events.some((e) => e.kind === 'flooded' && e.frame?.payload.kind === 'arp');
      out.push({
        reason: 'bridge-loop',
        title: 'Bridge loop: broadcast storm',
        text: `${arp ? 'An ARP broadcast' : 'A broadcast'} went round switches joined in a ring (no STP) and multiplied${stopEvent ? ` at ${stopEvent.device}` : ''}; the run was stopped. Remove one of the links that close the ring.`,
        seq: stepOf(stopEvent ?? last),
      });
      break;
    }
    case 'event-budget':
      out.push({ reason: 'event-budget', title: 'Stopped: event budget used up', text: `The run reached the limit of ${groupDigits(EVENT_BUDGET)} events and was stopped: a loop, a storm or a flood keeps the network busy.`, seq: stepOf(last) });
      break;
    case 'rule-budget':
      out.push({ reason: 'rule-budget', title: 'Stopped: iptables budget used up', text: `Packets in this run were checked against ${groupDigits(RULE_BUDGET)} iptables rules in all, the limit for one run, and it was stopped: many packets through very long chains, or a chain that jumps back into itself.`, seq: stepOf(last) });
      break;
    case 'time-limit':
      // A tool that handles SIGINT (ping) was interrupted as by Ctrl+C and exited by itself; the rest were killed (SIGTERM, 143).
      out.push({
        reason: 'time-limit',
        title: 'Stopped: time limit',
        text:
          r.exit === undefined || r.exit === 143
            ? `The command was still running after ${MAX_FLOW_NS / 1e9} s of virtual time and was stopped (exit status 143). Give it a count (ping -c 3) or a timeout.`
            : `The command was still running after ${MAX_FLOW_NS / 1e9} s of virtual time and was interrupted as by Ctrl+C: it printed its summary and exited with status ${r.exit}. Give it a count (ping -c 3) or a timeout.`,
        seq: stepOf(last),
      });
      break;
    case 'wall-time':
      out.push({ reason: 'wall-time', title: 'Stopped: took too long', text: `The run took more than ${WALL_TIME_MS / 1000} s of real time and was stopped: the scenario is very large, or a loop keeps it busy.`, seq: stepOf(last) });
      break;
  }
  const loop = findForwardingLoop(r.events);
  if (loop) {
    const where = list(loop.devices);
    const ending = loop.ttlExceeded ? ' until its TTL ran out (ICMP time exceeded)' : '';
    out.push(
      loop.dnat
        ? { reason: 'dnat-loop', title: 'DNAT loop', text: `DNAT on ${where} sends the packet back and forth: each rewrite points at the other box, so it went round ${loop.laps} times${ending}.`, seq: stepOf(loop.first) }
        : { reason: 'routing-loop', title: 'Routing loop', text: `The packet went round between ${where} ${loop.laps} times${ending}: their routes point at each other.`, seq: stepOf(loop.first) },
    );
  }
  const flood = arpFlood(r.events);
  if (flood && r.stopReason !== 'bridge-loop') out.push({ reason: 'arp-flood', title: 'ARP flood', text: 'ARP requests make up most of the traffic: a box keeps asking who has an address.', seq: stepOf(flood) });
  if (r.truncated) out.push({ reason: 'trace-cut', title: 'Trace cut short', text: `The trace keeps the first ${r.events.length.toLocaleString('en')} events; later ones are not shown.` });
  return out;
}
