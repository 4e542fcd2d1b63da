import { describe, expect, it } from 'vitest';
import { networksBuilt } from '../engine/api';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { WarmUp, type Slicing } from './warm-up';

/*
 * The worker's warm-up: the home LAN lesson opened and run in slices as soon as the worker has
 * loaded. It must do the real work (every flow run, as the lesson expects), and never stand in
 * a request's way: a request arriving meanwhile runs between two slices, and a Run stops it.
 * The clock here moves 1 ms each time it is read, so a slice's size is counted in steps, not timed.
 */

const lesson = BUILTIN_SCENARIOS['home-lan']!;
const flows = (JSON.parse(lesson) as { flows: { expect?: { exit?: number } }[] }).flows;

/** A clock that moves 1 ms per reading, and slices as tasks of their own (setTimeout) or on a queue the test drains. */
function counted(later: Slicing['later'], sliceMs = 8): Slicing & { reads: () => number } {
  let t = 0;
  return { sliceMs, now: () => t++, later, reads: () => t };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the worker warms its engine with a small lesson', () => {
  it('runs every flow of the lesson as a Run does, a few pieces of work per slice', () => {
    const queue: (() => void)[] = [];
    const slicing = counted((next) => queue.push(next));
    const warm = new WarmUp(lesson, slicing);
    const before = networksBuilt();
    warm.start();
    expect(warm.state).toBe('warming');
    // Nothing runs in the caller's own task.
    expect(warm.slices).toBe(0);
    let readsBefore = slicing.reads();
    while (queue.length) {
      queue.shift()!();
      // One reading to start a slice, one after each piece: at most sliceMs pieces per slice.
      expect(slicing.reads() - readsBefore).toBeLessThanOrEqual(slicing.sliceMs + 1);
      readsBefore = slicing.reads();
    }
    expect(warm.state).toBe('done');
    expect(warm.result?.exits).toEqual(flows.map((f) => f.expect?.exit ?? 0));
    expect(warm.result?.events).toBeGreaterThan(flows.length * 10);
    expect(warm.slices).toBeGreaterThan(3);
    // Each flow's Run took a network booted for it, as the worker's Runs do.
    expect(warm.networks).toBe(flows.length);
    expect(networksBuilt() - before).toBe(flows.length);
  });

  it('a request that arrives meanwhile runs between two slices; the warm-up goes on after it', async () => {
    const warm = new WarmUp(lesson, counted((next) => void setTimeout(next, 0)));
    warm.start();
    const seen = await new Promise<{ state: string; slices: number }>((resolve) => setTimeout(() => resolve({ state: warm.state, slices: warm.slices }), 0));
    expect(seen).toEqual({ state: 'warming', slices: 1 });
    while (warm.state === 'warming') await tick();
    expect(warm.state).toBe('done');
  });

  it('finish() does what is left at once, in the caller\'s task (before a request that boots a document in one piece)', async () => {
    const queue: (() => void)[] = [];
    const warm = new WarmUp(lesson, counted((next) => queue.push(next)));
    warm.start();
    queue.shift()!();
    expect(warm.state).toBe('warming');
    warm.finish();
    expect(warm.state).toBe('done');
    expect(warm.result?.exits).toEqual(flows.map((f) => f.expect?.exit ?? 0));
    expect(warm.networks).toBe(flows.length);
    // The slice already queued finds nothing left to do.
    const slices = warm.slices;
    while (queue.length) queue.shift()!();
    expect(warm.slices).toBe(slices);
    expect(warm.state).toBe('done');
    // Finished or stopped, it does nothing more.
    warm.finish();
    warm.stop();
    expect(warm.state).toBe('done');
  });

  it('a Run stops it: nothing more is done, and nothing more is built', async () => {
    const warm = new WarmUp(lesson, counted((next) => void setTimeout(next, 0), 4));
    warm.start();
    await tick();
    await tick();
    expect(warm.state).toBe('warming');
    // What the worker does when a Run (or an injected packet) is asked for.
    warm.stop();
    const slices = warm.slices;
    const built = networksBuilt();
    for (let i = 0; i < 20; i++) await tick();
    expect(warm.state).toBe('stopped');
    expect(warm.slices).toBe(slices);
    expect(networksBuilt()).toBe(built);
    // Stopped is final: starting again does nothing.
    warm.start();
    expect(warm.state).toBe('stopped');
  });
});
