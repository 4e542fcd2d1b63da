/*
 * A discrete-event scheduler with a virtual clock in nanoseconds. Events at the same time run
 * in the order they were scheduled, so a run is deterministic. A budget bounds the number of
 * events so a storm or a loop ends with a reason instead of hanging.
 */

interface Entry {
  at: number;
  seq: number;
  fn: (a?: unknown, b?: unknown) => void;
  /** Arguments for fn: a frame in flight needs no closure of its own. */
  a: unknown;
  b: unknown;
  cancelled: boolean;
}

export class Scheduler {
  private heap: Entry[] = [];
  private readonly fifo = new DeferRing();
  private readonly byHandle = new Map<number, Entry>();
  private seq = 0;
  now = 0;
  executed = 0;

  schedule(delay: number, fn: () => void): number {
    const e: Entry = { at: this.now + Math.max(0, delay), seq: this.seq++, fn, a: undefined, b: undefined, cancelled: false };
    this.push(e);
    this.byHandle.set(e.seq, e);
    return e.seq;
  }

  /**
   * Like schedule, for an event nobody will cancel (a frame in flight): no handle is kept. Frames
   * all take the link's one latency, so they are due in the order they were sent: they wait in a
   * first-in first-out ring (no object per frame, no sifting) while that holds, in the heap if not.
   */
  defer<A, B>(delay: number, fn: (a: A, b: B) => void, a: A, b: B): void {
    const at = this.now + Math.max(0, delay);
    const f = this.fifo;
    if (f.size && at < f.lastAt) {
      this.push({ at, seq: this.seq++, fn: fn as Entry['fn'], a, b, cancelled: false });
      return;
    }
    f.push(at, this.seq++, fn as Entry['fn'], a, b);
  }

  cancel(handle: number): void {
    const e = this.byHandle.get(handle);
    if (e) {
      e.cancelled = true;
      this.byHandle.delete(handle);
    }
  }

  /** Time of the next live event, or undefined when nothing is left. */
  peekTime(): number | undefined {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
    const top = this.heap[0];
    if (!this.fifo.size) return top?.at;
    return top && top.at < this.fifo.firstAt ? top.at : this.fifo.firstAt;
  }

  /** The next event is the ring's: it is due first, or at the same time and was scheduled first. */
  private fifoFirst(): boolean {
    const f = this.fifo;
    if (!f.size) return false;
    const top = this.heap[0];
    return !top || f.firstAt < top.at || (f.firstAt === top.at && f.firstSeq < top.seq);
  }

  /**
   * Runs events until `stop()` says so, the queue empties, time passes `until`, or `budget`
   * events have run. Returns why it stopped.
   */
  run(opts: { until?: number; budget?: number; stop?: () => boolean; progress?: { every: number; report: (executed: number, now: number) => void } }): 'idle' | 'until' | 'budget' | 'stopped' {
    const budget = opts.budget ?? Infinity;
    let ran = 0;
    for (;;) {
      if (opts.stop?.()) return 'stopped';
      const next = this.peekTime();
      if (next === undefined) return 'idle';
      if (opts.until !== undefined && next > opts.until) {
        this.now = opts.until;
        return 'until';
      }
      if (ran >= budget) return 'budget';
      ran++;
      this.executed++;
      if (this.fifoFirst()) {
        this.now = this.fifo.firstAt;
        this.fifo.shiftAndRun();
      } else {
        const e = this.pop()!;
        if (this.byHandle.size) this.byHandle.delete(e.seq);
        this.now = e.at;
        e.fn(e.a, e.b);
      }
      if (opts.progress && this.executed % opts.progress.every === 0) opts.progress.report(this.executed, this.now);
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    // Sift up with a hole: parents move down until the new entry's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!this.less(e, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n) {
      // Sift down with a hole: the smaller child moves up until `last` fits.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
        if (!this.less(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/** Deferred events in the order they are due, held in columns that grow by doubling. */
class DeferRing {
  private at = new Float64Array(16);
  private seqs = new Float64Array(16);
  private fns: (Entry['fn'] | undefined)[] = new Array(16).fill(undefined);
  private as: unknown[] = new Array(16).fill(undefined);
  private bs: unknown[] = new Array(16).fill(undefined);
  private head = 0;
  size = 0;

  get firstAt(): number {
    return this.at[this.head]!;
  }

  get firstSeq(): number {
    return this.seqs[this.head]!;
  }

  get lastAt(): number {
    return this.at[(this.head + this.size - 1) & (this.at.length - 1)]!;
  }

  push(at: number, seq: number, fn: Entry['fn'], a: unknown, b: unknown): void {
    if (this.size === this.at.length) this.grow();
    const i = (this.head + this.size) & (this.at.length - 1);
    this.at[i] = at;
    this.seqs[i] = seq;
    this.fns[i] = fn;
    this.as[i] = a;
    this.bs[i] = b;
    this.size++;
  }

  /** Takes the first event off and runs it; its slots are cleared first so the ring holds nothing it ran. */
  shiftAndRun(): void {
    const i = this.head;
    const fn = this.fns[i]!;
    const a = this.as[i];
    const b = this.bs[i];
    this.fns[i] = this.as[i] = this.bs[i] = undefined;
    this.head = (i + 1) & (this.at.length - 1);
    this.size--;
    fn(a, b);
  }

  private grow(): void {
    const n = this.at.length;
    const order = (k: number) => (this.head + k) & (n - 1);
    const at = new Float64Array(n * 2);
    const seqs = new Float64Array(n * 2);
    const fns = new Array<Entry['fn'] | undefined>(n * 2).fill(undefined);
    const as = new Array<unknown>(n * 2).fill(undefined);
    const bs = new Array<unknown>(n * 2).fill(undefined);
    for (let k = 0; k < this.size; k++) {
      const i = order(k);
      at[k] = this.at[i]!;
      seqs[k] = this.seqs[i]!;
      fns[k] = this.fns[i];
      as[k] = this.as[i];
      bs[k] = this.bs[i];
    }
    this.at = at;
    this.seqs = seqs;
    this.fns = fns;
    this.as = as;
    this.bs = bs;
    this.head = 0;
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
