import { FramePorts, type FramePortSlots } from './frame-ports';
import { featureOfCode, type ModelledFeature } from './modelled-note';
import type { TraceEvent, TraceInput } from './types';

/**
 * Thrown by emit once the trace holds event `stopAt`: the run stops inside the kernel code that
 * emitted it, so what the tools print then is the state at that very step (a frame's whole
 * passage through a device is one scheduler event, which would show it all at its first step).
 */
export class StepReached extends Error {
  override name = 'StepReached';
}

/** Events per chunk of the store: small enough to stay out of V8's large-object space. */
const CHUNK = 4096;
const NO_CHUNK: TraceEvent[] = [];

/**
 * Collects trace events in order; bounded so a storm can't eat memory. They are kept in chunks of
 * a fixed size, filled in place: a growing array would copy itself again and again, and past
 * 16,000 events it becomes a large object of its own, allocated anew at each growth.
 */
export class TraceRecorder {
  /** Full chunks, then the one being filled. */
  private readonly full: TraceEvent[][] = [];
  /** Made at the first event kept: a run that keeps none (traceLimit 0) allocates no chunk. */
  private chunk: TraceEvent[] = NO_CHUNK;
  private fill = 0;
  truncated = false;
  /** The index of the event at which to stop the run (StepReached); none: run on. */
  stopAt?: number;
  /** Called with an event's index just before it is kept (the view log records the state at that step). */
  beforeEmit?: (index: number) => void;
  /** The last event's time, kept boxed: events at one instant share it (see UNSET_TIME). */
  private lastTime: unknown = undefined;
  /** The interfaces the kept frames crossed, noted as they are kept (a Run's answer lists them). */
  ports = new FramePorts();
  /** The modelled features the kept events' reasons show, noted as they are kept. */
  readonly features = new Set<ModelledFeature>();

  constructor(
    private readonly now: () => number,
    readonly limit = 200_000,
  ) {}

  /**
   * Whether another event would be kept. Hot paths ask before building an event (its strings
   * cost more than the simulation step itself); a full recorder notes that it dropped some.
   */
  wants(): boolean {
    if (this.count < this.limit) return true;
    if (this.limit > 0) this.truncated = true;
    return false;
  }

  /** How many events are kept. */
  get count(): number {
    return this.full.length * CHUNK + this.fill;
  }

  /** Forgets the events (a new run on the same network starts its own trace). */
  clear(): void {
    this.full.length = 0;
    this.chunk = NO_CHUNK;
    this.fill = 0;
    this.ports = new FramePorts();
    this.features.clear();
  }

  /** The events so far, in order, without copying them. */
  *inOrder(): Generator<TraceEvent> {
    for (const chunk of this.full) for (let i = 0; i < CHUNK; i++) yield chunk[i]!;
    for (let i = 0; i < this.fill; i++) yield this.chunk[i]!;
  }

  /** The events so far, in order, as one array of exactly their number: the run's result keeps it, and clearing the recorder leaves it alone. */
  kept(): TraceEvent[] {
    const out = new Array<TraceEvent>(this.count);
    let j = 0;
    for (const chunk of this.full) for (let i = 0; i < CHUNK; i++) out[j++] = chunk[i]!;
    for (let i = 0; i < this.fill; i++) out[j++] = this.chunk[i]!;
    return out;
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

  /** Keeps an event built whole, its time from stamp(), noting a frame's port and a modelled feature's code (a Run's answer lists them). */
  push(event: TraceEvent): void {
    const index = this.store(event);
    if (index < 0) return;
    // A frame on the link layer has a link's reason (frame_*, macvlan_*, vxlan_decap), not a
    // modelled feature's; IPIP's decapsulation is a frame on the IP layer.
    if (event.kind === 'frame-sent' || event.kind === 'frame-received') {
      this.ports.note(event, index);
      if (event.layer !== 'link') this.noteFeature(event);
    } else this.noteFeature(event);
    this.stopIfReached(index);
  }

  /** Keeps an event of the forwarding path (an input route, a forward): never a frame, nor a modelled feature's. */
  pushForwarding(event: TraceEvent): void {
    const index = this.store(event);
    if (index >= 0) this.stopIfReached(index);
  }

  /** Keeps a frame-sent event of a link's port, whose frame lists `slots` remembers (frame-ports.ts). */
  pushSent(event: TraceEvent, slots: FramePortSlots): void {
    const index = this.store(event);
    if (index < 0) return;
    this.ports.noteSent(event, index, slots);
    this.stopIfReached(index);
  }

  /** Keeps a frame-received event of a link's port, whose frame lists `slots` remembers. */
  pushReceived(event: TraceEvent, slots: FramePortSlots): void {
    const index = this.store(event);
    if (index < 0) return;
    this.ports.noteReceived(event, index, slots);
    this.stopIfReached(index);
  }

  /** The event's index once kept; -1 when the recorder is full. */
  private store(event: TraceEvent): number {
    const index = this.count;
    if (index >= this.limit) {
      this.truncated = true;
      return -1;
    }
    this.beforeEmit?.(index);
    if (this.fill === this.chunk.length) {
      if (this.fill) this.full.push(this.chunk);
      this.chunk = new Array<TraceEvent>(CHUNK);
      this.fill = 0;
    }
    this.chunk[this.fill++] = event;
    return index;
  }

  private noteFeature(event: TraceEvent): void {
    const feature = featureOfCode(event.reason.code);
    if (feature) this.features.add(feature);
  }

  private stopIfReached(index: number): void {
    if (this.stopAt !== undefined && index >= this.stopAt) throw new StepReached(`reached trace step ${this.stopAt}`);
  }
}
