import { parseIp4 } from '../engine/addr/ipv4';
import type { EventPattern } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';

/*
 * A lesson step's event, found in a trace by a pattern (format 2's `event`): where it happened,
 * its kind, some of its reason's facts, or the L4 header it carries. Only plain fields are read
 * (never the sentence), so the same pattern works on events that crossed the worker boundary.
 */

/**
 * Whether `value` has every field `pattern` names, with the same value (arrays compare whole).
 * An address may be written as people write it: "192.168.1.2" fits the number the trace holds.
 * `null` asks for the fact to be absent ("no rule decided" is a hook without a rule).
 */
export function fits(value: unknown, pattern: unknown): boolean {
  if (pattern === null) return value === undefined || value === null;
  if (Array.isArray(pattern)) return Array.isArray(value) && value.length === pattern.length && pattern.every((p, i) => fits(value[i], p));
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(pattern).every(([k, p]) => (p === null || Object.hasOwn(value, k)) && fits((value as Record<string, unknown>)[k], p));
  }
  if (typeof pattern === 'string' && typeof value === 'number') return parseIp4(pattern) === value;
  return value === pattern;
}

/** The L4 header an event carries: its frame's IP payload, else its packet's. */
export function l4Of(e: TraceEvent) {
  const p = e.frame?.payload.kind === 'ipv4' ? e.frame.payload : e.packet;
  return p?.payload;
}

export function matches(p: EventPattern, e: TraceEvent): boolean {
  if (e.device !== p.device || e.kind !== p.kind) return false;
  if (p.port !== undefined && e.port !== p.port) return false;
  if (p.reason && !fits(e.reason, p.reason)) return false;
  if (p.l4) {
    const h = l4Of(e);
    if (!h || h.kind !== p.l4.proto) return false;
    if (p.l4.sport !== undefined && (!('sport' in h) || h.sport !== p.l4.sport)) return false;
    if (p.l4.dport !== undefined && (!('dport' in h) || h.dport !== p.l4.dport)) return false;
  }
  return true;
}

/**
 * Where each step's event is in its flow's trace: the first match after the previous step of
 * the same flow (so "the second SYN" needs no counting), or -1 when it does not occur.
 */
export function locateSteps(steps: readonly { flow: number; event: EventPattern }[], eventsOf: (flow: number) => readonly TraceEvent[] | undefined): number[] {
  const last = new Map<number, number>();
  return steps.map((s) => {
    const events = eventsOf(s.flow);
    if (!events) return -1;
    const from = (last.get(s.flow) ?? -1) + 1;
    for (let i = from; i < events.length; i++) {
      if (matches(s.event, events[i]!)) {
        last.set(s.flow, i);
        return i;
      }
    }
    return -1;
  });
}
