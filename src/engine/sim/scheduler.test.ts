import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler';

// The virtual clock's one rule: events run by time, and at the same time in the order they were
// scheduled, whether a frame in flight (defer) or a timer (schedule). A run is then reproducible.
describe('Scheduler', () => {
  it('runs deferred frames and timers by time, then by the order they were scheduled', () => {
    const s = new Scheduler();
    const ran: string[] = [];
    const log = (what: unknown) => ran.push(`${what}@${s.now}`);
    s.defer(10, log, 'frame1', undefined);
    s.schedule(10, () => log('timer1'));
    s.defer(10, log, 'frame2', undefined);
    s.schedule(5, () => log('timer0'));
    s.schedule(20, () => {
      log('timer2');
      s.defer(10, log, 'frame4', undefined);
      s.schedule(10, () => log('timer3'));
    });
    s.defer(15, log, 'frame3', undefined);
    expect(s.run({})).toBe('idle');
    expect(ran).toEqual(['timer0@5', 'frame1@10', 'timer1@10', 'frame2@10', 'frame3@15', 'timer2@20', 'frame4@30', 'timer3@30']);
  });

  it('keeps that order when a frame is due before one sent earlier (a shorter delay)', () => {
    const s = new Scheduler();
    const ran: unknown[] = [];
    s.defer(100, (x) => ran.push(x), 'slow', undefined);
    s.defer(10, (x) => ran.push(x), 'fast', undefined);
    s.defer(10, (x) => ran.push(x), 'fast2', undefined);
    s.defer(100, (x) => ran.push(x), 'slow2', undefined);
    s.run({});
    expect(ran).toEqual(['fast', 'fast2', 'slow', 'slow2']);
  });

  it('passes both arguments, and holds thousands of frames in flight at once in order', () => {
    const s = new Scheduler();
    const got: number[] = [];
    for (let i = 0; i < 5000; i++) s.defer(7, (a: number, b: number) => got.push(a * 2 + b), i, i % 2);
    s.run({});
    expect(got).toEqual(Array.from({ length: 5000 }, (_, i) => i * 2 + (i % 2)));
    expect(s.executed).toBe(5000);
  });

  it('does not run a cancelled timer, and stops at a budget or a time with frames still due', () => {
    const s = new Scheduler();
    const ran: string[] = [];
    const h = s.schedule(5, () => ran.push('cancelled'));
    s.cancel(h);
    for (let i = 0; i < 4; i++) s.defer(10 * (i + 1), () => ran.push(`f${i}`), undefined, undefined);
    expect(s.peekTime()).toBe(10);
    expect(s.run({ budget: 2 })).toBe('budget');
    expect(ran).toEqual(['f0', 'f1']);
    expect(s.run({ until: 35 })).toBe('until');
    expect(s.now).toBe(35);
    expect(ran).toEqual(['f0', 'f1', 'f2']);
    expect(s.run({})).toBe('idle');
    expect(ran).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(s.peekTime()).toBeUndefined();
  });
});
