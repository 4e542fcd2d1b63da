import { describe, expect, it } from 'vitest';
import { StepReached, TraceRecorder } from './recorder';
import type { TraceEvent } from './types';

const event = (n: number): TraceEvent => ({ layer: 'app', kind: 'process', reason: { code: 'process_exec', program: `p${n}` }, t: n, device: 'h' }) as TraceEvent;
const programs = (events: readonly TraceEvent[]) => events.map((e) => (e.reason as { program: string }).program);

describe('TraceRecorder', () => {
  it('keeps every event in order, across its chunks, and hands back exactly those', () => {
    const trace = new TraceRecorder(() => 0);
    for (let i = 0; i < 10_000; i++) trace.push(event(i));
    const kept = trace.kept();
    expect(kept).toHaveLength(10_000);
    expect(trace.count).toBe(10_000);
    expect(programs(kept)).toEqual(Array.from({ length: 10_000 }, (_, i) => `p${i}`));
    expect(programs([...trace.inOrder()])).toEqual(programs(kept));
  });

  it('stops at its limit and says it dropped events; a cleared recorder starts again, leaving what it handed back', () => {
    const trace = new TraceRecorder(() => 0, 5000);
    for (let i = 0; i < 5001; i++) if (trace.wants()) trace.push(event(i));
    expect(trace.count).toBe(5000);
    expect(trace.truncated).toBe(true);
    const first = trace.kept();
    trace.clear();
    trace.push(event(-1));
    expect(programs(trace.kept())).toEqual(['p-1']);
    expect(first).toHaveLength(5000);
  });

  it('stops the run at step N, after keeping it, past a chunk boundary too (the step views)', () => {
    const trace = new TraceRecorder(() => 0);
    const seen: number[] = [];
    trace.beforeEmit = (i) => seen.push(i);
    trace.stopAt = 4096;
    let thrown: unknown;
    try {
      for (let i = 0; i < 5000; i++) trace.push(event(i));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StepReached);
    expect(trace.count).toBe(4097);
    expect(seen.at(-1)).toBe(4096);
  });
});
