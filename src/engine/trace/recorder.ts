import type { TraceEvent, TraceInput } from './types';

/** Collects trace events in order; bounded so a storm can't eat memory. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  truncated = false;

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

  emit(device: string, e: TraceInput): void {
    if (this.events.length >= this.limit) {
      this.truncated = true;
      return;
    }
    // Every call site builds a fresh event object: complete it in place instead of copying it.
    const event = e as TraceEvent;
    event.seq = this.events.length;
    event.t = this.now();
    event.device = device;
    this.events.push(event);
  }
}
