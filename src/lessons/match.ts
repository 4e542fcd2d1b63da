import type { TraceEvent, TraceKind } from '../engine/trace/types';
import type { EventPredicate } from './types';

/*
 * Small builders for step predicates, so lesson files read as sentences: `at('router',
 * 'arp-request', 'who has 192.168.1.2? tell 192.168.1.1')`. They look only at fields that
 * survive the worker boundary.
 */

/** An event on `device` of `kind` whose why contains every given text. */
export function at(device: string, kind: TraceKind, ...why: string[]): EventPredicate {
  return (e) => e.device === device && e.kind === kind && why.every((w) => e.why.includes(w));
}

/** Like `at`, also on the given port. */
export function atPort(device: string, port: string, kind: TraceKind, ...why: string[]): EventPredicate {
  const base = at(device, kind, ...why);
  return (e) => e.port === port && base(e);
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
