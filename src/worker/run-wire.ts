import { encodeValues, ValueDecoder, type ValueWire } from './value-wire';

/*
 * A run's answer (RunResponse, InjectResponse) as the worker posts it to the page: packed by
 * value-wire (each string once, objects built inline, the tokens in a transferred buffer), its
 * trace's events one value each after the rest of the answer, so the page unpacks a trace of
 * 100,000+ events in short slices instead of one long task. What events share (a frame between
 * its sent and received events, a port's reason, a ping's payload) stays shared; an event itself
 * is in the trace once, and nothing else in the answer points at one.
 */

export interface PackedRun<T> {
  readonly values: ValueWire;
  /** The answer had `events` (an error answer has none): they follow the rest of it on the wire. */
  readonly withEvents: boolean;
  /** Only the type: what unpackRun gives back. */
  readonly answer?: T;
}

/** A slice of the unpacking lasts about this long before the page gets the thread back. */
const SLICE_MS = 8;
/** Events decoded between two looks at the clock. */
const CHECK_EVERY = 512;

export function packRun<T extends object>(answer: T): PackedRun<T> {
  if (!('events' in answer)) return { values: encodeValues([answer]), withEvents: false };
  const events = (answer as T & { events: object[] }).events;
  // The rest with an empty trace in the trace's place (its key keeps its place among the others),
  // then each event, met nowhere else.
  return { values: encodeValues([{ ...answer, events: [] }], events), withEvents: true };
}

/** What the worker transfers with a packed run instead of copying: its token buffer. */
export function transferablesOf(packed: PackedRun<unknown>): Transferable[] {
  return [packed.values.tokens.buffer];
}

/** Unpacks on the page: every SLICE_MS of work it awaits `pause` (the next task, by default), so no task is long. */
export async function unpackRun<T>(packed: PackedRun<T>, pause: () => Promise<void> = nextTask): Promise<T> {
  const steps = unpacking(packed);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    await pause();
  }
}

/** Unpacks in one go (tests, benchmarks, anything off the page's main thread). */
export function unpackRunNow<T>(packed: PackedRun<T>): T {
  const steps = unpacking(packed);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Yields whenever a slice has taken SLICE_MS; returns the answer. */
function* unpacking<T>(packed: PackedRun<T>): Generator<void, T> {
  const decoder = new ValueDecoder(packed.values);
  const answer = decoder.next() as T & { events?: unknown[] };
  if (!packed.withEvents) return answer;
  const events: unknown[] = new Array(decoder.left);
  let sliceStart = performance.now();
  for (let i = 0; i < events.length; i++) {
    events[i] = decoder.next();
    if ((i + 1) % CHECK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS) {
      yield;
      sliceStart = performance.now();
    }
  }
  answer.events = events;
  return answer;
}
