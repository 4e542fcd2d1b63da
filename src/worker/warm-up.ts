import { networksBuilt } from '../engine/api';
import { warmUpSteps, type WarmedUp } from '../engine/warm-up';

/*
 * The worker warms its engine as soon as it has loaded (the page starts it early): a small
 * built-in lesson opened and run (engine/warm-up.ts) in slices, each task at most `sliceMs` or
 * one piece of work (a config line, a five-device flow), so a request that arrives meanwhile
 * waits for one slice at most and runs between them. A Run stops it: the Run warms what it runs
 * itself, and the boot ahead that follows it must not share the worker with this. A request
 * that boots the page's document in one piece finishes it first (finish()).
 */

/** 'failed': the engine threw (a bug the tests would show); nobody asked for this work, so it just ends. */
export type WarmUpState = 'waiting' | 'warming' | 'done' | 'stopped' | 'failed';

/** How the slices are timed and scheduled (the worker's clock and a new task; tests pass their own). */
export interface Slicing {
  sliceMs: number;
  now(): number;
  later(next: () => void): void;
}

export const TASKS: Slicing = { sliceMs: 8, now: () => performance.now(), later: (next) => void setTimeout(next, 0) };

export class WarmUp {
  private current: WarmUpState = 'waiting';
  private steps?: Generator<void, WarmedUp>;
  /** What it ran, once done. */
  result?: WarmedUp;
  /** Slices (tasks) it took so far. */
  slices = 0;
  /** Networks it built (booted) so far: the browser tests tell them from those the page's requests built. */
  networks = 0;

  constructor(
    private readonly doc: string,
    private readonly slicing: Slicing = TASKS,
  ) {}

  get state(): WarmUpState {
    return this.current;
  }

  /** Starts in a task of its own: whatever the caller does next comes first. */
  start(): void {
    if (this.current !== 'waiting') return;
    this.current = 'warming';
    this.steps = warmUpSteps(this.doc);
    this.slicing.later(this.slice);
  }

  /**
   * What is left of it, now, in the caller's task: before a request that boots the page's
   * document in one piece (seconds for a large one, during which no slice could run), so the
   * Run that follows finds the engine warm. Nothing when it is not warming.
   */
  finish(): void {
    this.advance(() => false);
  }

  /** No more of it (a real Run came); what it did so far stays done. */
  stop(): void {
    if (this.current === 'done' || this.current === 'failed') return;
    this.current = 'stopped';
    this.steps = undefined;
  }

  private readonly slice = (): void => {
    if (this.current !== 'warming') return;
    this.slices++;
    const end = this.slicing.now() + this.slicing.sliceMs;
    if (this.advance(() => this.slicing.now() >= end)) this.slicing.later(this.slice);
  };

  /** Runs pieces of work until it is done (or failed), or `enough()` after a piece; true when there is more. */
  private advance(enough: () => boolean): boolean {
    const steps = this.steps;
    if (this.current !== 'warming' || !steps) return false;
    const built = networksBuilt();
    try {
      for (;;) {
        const r = steps.next();
        if (r.done) {
          this.result = r.value;
          this.current = 'done';
          this.steps = undefined;
          return false;
        }
        if (enough()) return true;
      }
    } catch {
      this.current = 'failed';
      this.steps = undefined;
      return false;
    } finally {
      this.networks += networksBuilt() - built;
    }
  }
}
