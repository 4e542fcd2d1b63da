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

  /** Like schedule, for an event nobody will cancel (a frame in flight): no handle is kept. */
  defer<A, B>(delay: number, fn: (a: A, b: B) => void, a: A, b: B): void {
    this.push({ at: this.now + Math.max(0, delay), seq: this.seq++, fn: fn as Entry['fn'], a, b, cancelled: false });
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
    return this.heap[0]?.at;
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
      const e = this.pop()!;
      if (this.byHandle.size) this.byHandle.delete(e.seq);
      this.now = e.at;
      ran++;
      this.executed++;
      e.fn(e.a, e.b);
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
