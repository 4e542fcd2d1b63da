import { formatIp4 } from '../engine/addr/ipv4';
import type { EventPattern } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { l4Of, locateSteps, matches } from './match';

/*
 * "Use as step": the pattern a new lesson step gets for an event the author picked in the trace.
 * It is the smallest one that still finds that very event, read the way locateSteps reads it (the
 * first match after the previous step of the same flow): where it happened and what kind of step
 * it is, then only the facts that tell it apart from an earlier event that would match first.
 * Small patterns keep working when the scenario changes a little (another address, one more rule).
 */

/**
 * Reason facts whose numbers are IPv4 addresses (trace/reason.ts's `Ip4` fields, `addr` inside an
 * Endpoint): written "192.168.1.2" in the pattern, as people read them; `fits` takes either.
 */
const ADDRESS_FACTS = new Set(['addr', 'target', 'sender', 'ip', 'src', 'dst', 'gateway', 'oldGateway', 'remote', 'local', 'dest', 'nexthop', 'from']);

/** A fact's value as a pattern writes it: addresses dotted, nested objects and arrays likewise. */
function written(key: string, value: unknown): unknown {
  if (typeof value === 'number' && ADDRESS_FACTS.has(key) && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return formatIp4(value);
  if (Array.isArray(value)) return value.map((v) => written('', v));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, written(k, v)]));
  return value;
}

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** One thing a pattern can add, in the order they are tried: scalar facts, the L4 header, nested facts, absent facts. */
type Feature = { reason: string; value: unknown } | { l4: 'proto' | 'dport' | 'sport' };

function featuresOf(e: TraceEvent, rival: TraceEvent): Feature[] {
  const mine = e.reason as unknown as Record<string, unknown>;
  const theirs = rival.reason as unknown as Record<string, unknown>;
  const out: Feature[] = [];
  const facts = Object.entries(mine).filter(([k]) => k !== 'code');
  for (const [k, v] of facts) if (isScalar(v)) out.push({ reason: k, value: written(k, v) });
  const h = l4Of(e);
  if (h && (h.kind === 'udp' || h.kind === 'tcp' || h.kind === 'icmp')) {
    out.push({ l4: 'proto' });
    if ('dport' in h) out.push({ l4: 'dport' }, { l4: 'sport' });
  }
  for (const [k, v] of facts) if (!isScalar(v) && v !== undefined) out.push({ reason: k, value: written(k, v) });
  // A fact the rival has and this event lacks ("no rule decided"): null asks for it to be absent.
  for (const k of Object.keys(theirs)) if (!Object.hasOwn(mine, k) || mine[k] === undefined) out.push({ reason: k, value: null });
  return out;
}

function withFeature(p: EventPattern, f: Feature, e: TraceEvent): EventPattern {
  if ('reason' in f) return { ...p, reason: { ...p.reason!, [f.reason]: f.value } };
  const h = l4Of(e)!;
  const l4 = { ...(p.l4 ?? { proto: h.kind as 'udp' | 'tcp' | 'icmp' }) };
  if (f.l4 !== 'proto' && f.l4 in h) l4[f.l4] = (h as unknown as Record<string, number>)[f.l4];
  return { ...p, l4 };
}

/** Where a pattern placed after `earlier` (same flow, in lesson order) is found in `events`. */
function locate(events: readonly TraceEvent[], earlier: readonly EventPattern[], p: EventPattern): number {
  const steps = [...earlier, p].map((event) => ({ flow: 0, event }));
  return locateSteps(steps, () => events).at(-1)!;
}

/**
 * The smallest pattern that locateSteps finds at `events[index]` when it follows `earlier` (the
 * patterns of the same flow's steps before it, in lesson order). Undefined when no pattern can:
 * an earlier event, after the previous step, is the same in every fact (a retransmission), or
 * the previous step's event is not before this one.
 */
export function patternOf(events: readonly TraceEvent[], index: number, earlier: readonly EventPattern[] = []): EventPattern | undefined {
  const e = events[index];
  if (!e) return undefined;
  // As locateSteps reads them: the search starts after the last earlier step it found.
  const found = locateSteps(earlier.map((event) => ({ flow: 0, event })), () => events).filter((at) => at >= 0);
  const from = (found.at(-1) ?? -1) + 1;
  if (from > index) return undefined;
  let p: EventPattern = { device: e.device, ...(e.port !== undefined ? { port: e.port } : {}), kind: e.kind, reason: { code: e.reason.code } };
  const used = new Set<string>();
  const key = (f: Feature) => ('reason' in f ? `r:${f.reason}` : `l4:${f.l4}`);
  // Each round rules out the first event that matches too early; every round adds a feature, so it ends.
  for (;;) {
    let rival = -1;
    for (let i = from; i < index; i++) {
      if (matches(p, events[i]!)) {
        rival = i;
        break;
      }
    }
    if (rival < 0) break;
    const tellsApart = featuresOf(e, events[rival]!).find((f) => !used.has(key(f)) && !matches(withFeature(p, f, e), events[rival]!));
    if (!tellsApart) return undefined;
    used.add(key(tellsApart));
    p = withFeature(p, tellsApart, e);
  }
  return locate(events, earlier, p) === index ? p : undefined;
}
