import type { TraceEvent, TraceInput } from './types';

/**
 * Thrown by emit once the trace holds event `stopAt`: the run stops inside the kernel code that
 * emitted it, so what the tools print then is the state at that very step (a frame's whole
 * passage through a device is one scheduler event, which would show it all at its first step).
 */
export class StepReached extends Error {
  override name = 'StepReached';
}

/** Collects trace events in order; bounded so a storm can't eat memory. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  truncated = false;
  /** The index of the event at which to stop the run (StepReached); none: run on. */
  stopAt?: number;
  /** Called with an event's index just before it is kept (the view log records the state at that step). */
  beforeEmit?: (index: number) => void;
  /** The last event's time, kept boxed: events at one instant share it (see UNSET_TIME). */
  private lastTime: unknown = undefined;

  constructor(
    private readonly now: () => number,
    readonly limit = 200_000,
  ) {}

  /**
   * Whether another event would be kept. Hot paths ask before building an event (its strings
   * cost more than the simulation step itself); a full recorder notes that it dropped some.
   */
  wants(): boolean {
    if (this.events.length < this.limit) return true;
    if (this.limit > 0) this.truncated = true;
    return false;
  }

  /**
   * The events so far as a run's result keeps them: a copy of exactly their length (the array
   * grown by push has up to half as many slots again, empty), which the next run on this
   * network, clearing the recorder, leaves alone.
   */
  kept(): TraceEvent[] {
    return this.events.slice();
  }

  /** The time of an event emitted now, boxed once for all the events of this instant (see UNSET_TIME). */
  stamp(): number {
    const now = this.now();
    if (now !== this.lastTime) this.lastTime = now;
    return this.lastTime as number;
  }

  emit(device: string, e: TraceInput): void {
    // Every call site builds a fresh event object: complete it in place instead of copying it.
    const event = e as TraceEvent;
    event.t = this.stamp();
    event.device = device;
    this.push(event);
  }

  /** Keeps an event built whole, its time from stamp() (the frame events on every hop: no stores here into objects of many shapes). */
  push(event: TraceEvent): void {
    if (this.events.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.beforeEmit?.(this.events.length);
    this.events.push(event);
    if (this.stopAt !== undefined && this.events.length > this.stopAt) throw new StepReached(`reached trace step ${this.stopAt}`);
  }
}
