import { parseIp4 } from '../engine/addr/ipv4';
import type { ReasonCode, ReasonOf } from '../engine/trace/reason';
import type { TraceEvent, TraceKind } from '../engine/trace/types';
import type { EventPredicate } from './types';

/*
 * Small builders for step predicates, so lesson files read as sentences: `at('router',
 * 'arp-request', { code: 'arp_request', target: ip('192.168.1.2') })`. They look at the
 * event's reason code and facts (never its sentence), fields that survive the worker boundary.
 */

type Pattern<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Pattern<T[K]> } : T;

/** A reason's code with some of its facts: the event must have that code and those values. */
export type ReasonPattern = { [C in ReasonCode]: { code: C } & Pattern<Omit<ReasonOf<C>, 'code'>> }[ReasonCode];

/** Whether `value` has every field `pattern` names, with the same value (arrays compare whole). */
function fits(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return Array.isArray(value) && value.length === pattern.length && pattern.every((p, i) => fits(value[i], p));
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => fits((value as Record<string, unknown>)[k], p));
  }
  return value === pattern;
}

/** An event on `device` of `kind` whose reason fits `reason`, when given. */
export function at(device: string, kind: TraceKind, reason?: ReasonPattern): EventPredicate {
  return (e) => e.device === device && e.kind === kind && (!reason || fits(e.reason, reason));
}

/** Like `at`, also on the given port. */
export function atPort(device: string, port: string, kind: TraceKind, reason?: ReasonPattern): EventPredicate {
  const base = at(device, kind, reason);
  return (e) => e.port === port && base(e);
}

/** An address in a pattern, written as people write it: ip('192.168.1.2'). */
export function ip(text: string): number {
  const addr = parseIp4(text);
  if (addr === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return addr;
}

function l4(e: TraceEvent) {
  const p = e.frame?.payload.kind === 'ipv4' ? e.frame.payload : e.packet;
  return p?.payload;
}

/** A frame `device` sends carrying UDP to destination port `dport` (a DNS query: 53). */
export function sendsUdp(device: string, dport: number): EventPredicate {
  return (e) => {
    const p = l4(e);
    return e.device === device && e.kind === 'frame-sent' && p?.kind === 'udp' && p.dport === dport;
  };
}

/** A frame `device` receives carrying UDP from source port `sport` (a DNS answer: 53). */
export function receivesUdp(device: string, sport: number): EventPredicate {
  return (e) => {
    const p = l4(e);
    return e.device === device && e.kind === 'frame-received' && p?.kind === 'udp' && p.sport === sport;
  };
}

/**
 * Where each step's event is in its flow's trace: the first match after the previous step of
 * the same flow (so "the second SYN" needs no counting), or -1 when it does not occur.
 */
export function locateSteps(steps: readonly { flow: number; find: EventPredicate }[], eventsOf: (flow: number) => readonly TraceEvent[] | undefined): number[] {
  const last = new Map<number, number>();
  return steps.map((s) => {
    const events = eventsOf(s.flow);
    if (!events) return -1;
    const from = (last.get(s.flow) ?? -1) + 1;
    for (let i = from; i < events.length; i++) {
      if (s.find(events[i]!)) {
        last.set(s.flow, i);
        return i;
      }
    }
    return -1;
  });
}
