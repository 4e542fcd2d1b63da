import { describe, expect, it } from 'vitest';
import { Scheduler } from '../sim/scheduler';
import { calcWheelIndex, HZ, nsecsToJiffies, TICK_NSEC, TIMER_PINNED, TimerBases, timerPending, timerSetup } from './timer';

/** A wheel on a scheduler; `ran` lists what expired, with the jiffy it expired at. */
function wheel() {
  const s = new Scheduler();
  const timers = new TimerBases({ now: () => s.now, schedule: (d, fn) => s.schedule(d, fn), cancel: (h) => s.cancel(h) });
  const ran: string[] = [];
  const timer = (name: string, flags = 0) => timerSetup(() => ran.push(`${name}@${s.now / TICK_NSEC}`), flags);
  /** Runs fn once the clock reaches `jiffy`. */
  const at = (jiffy: number, fn: () => void) => s.schedule(jiffy * TICK_NSEC - s.now, fn);
  return { s, timers, ran, timer, at };
}

describe('the timer wheel (kernel/time/timer.c, HZ=250)', () => {
  it('rounds an expiry up past itself to its level granularity (calc_index): 1 jiffy on level 0, 8 on level 1, 64 on level 2', () => {
    expect(calcWheelIndex(10, 0)).toEqual({ lvl: 0, bucketExpiry: 11 });
    // 1 s (TCP's initial RTO) is 250 jiffies: level 1, whose buckets are 8 jiffies (32 ms).
    expect(nsecsToJiffies(1e9)).toBe(HZ);
    expect(calcWheelIndex(3 + 250, 3)).toEqual({ lvl: 1, bucketExpiry: 256 });
    expect(calcWheelIndex(6 + 250, 6)).toEqual({ lvl: 1, bucketExpiry: 264 });
    expect(calcWheelIndex(600, 0)).toEqual({ lvl: 2, bucketExpiry: 640 });
    // A level starts at the last delta of the one below (LVL_START): 62 stays in level 0, 63 goes to level 1.
    expect(calcWheelIndex(62, 0).lvl).toBe(0);
    expect(calcWheelIndex(63, 0).lvl).toBe(1);
  });

  it('runs the timer armed last first when two share a bucket (hlist_add_head, expired from the head)', () => {
    const { s, timers, ran, timer, at } = wheel();
    const first = timer('first');
    const second = timer('second');
    timers.modTimer(first, timers.jiffies + 250);
    at(1, () => timers.modTimer(second, timers.jiffies + 250));
    s.run({});
    expect(ran).toEqual(['second@256', 'first@256']);
  });

  it('runs timers of different buckets in their buckets order, whatever order they were armed in', () => {
    const { s, timers, ran, timer, at } = wheel();
    const early = timer('early');
    const late = timer('late');
    timers.modTimer(early, timers.jiffies + 250); // bucket 256
    at(6, () => timers.modTimer(late, timers.jiffies + 250)); // bucket 264
    s.run({});
    expect(ran).toEqual(['early@256', 'late@264']);
  });

  it('runs the pinned base before the global one in a tick (run_timer_softirq: BASE_LOCAL, then BASE_GLOBAL)', () => {
    const { s, timers, ran, timer, at } = wheel();
    const pinned = timer('pinned', TIMER_PINNED);
    const global = timer('global');
    timers.modTimer(pinned, timers.jiffies + 250);
    at(1, () => timers.modTimer(global, timers.jiffies + 250));
    s.run({});
    expect(ran).toEqual(['pinned@256', 'global@256']);
  });

  it('runs the higher level bucket first when two levels expire in one tick (__run_timers)', () => {
    const { s, timers, ran, timer, at } = wheel();
    const lvl1 = timer('level1');
    const lvl0 = timer('level0');
    timers.modTimer(lvl1, timers.jiffies + 250); // level 1, bucket 256
    at(200, () => timers.modTimer(lvl0, timers.jiffies + 55)); // level 0, bucket 256
    s.run({});
    expect(ran).toEqual(['level1@256', 'level0@256']);
  });

  it('keeps a re-armed timer in its place when it stays in its bucket (mod_timer)', () => {
    const { s, timers, ran, timer, at } = wheel();
    const a = timer('a');
    const b = timer('b');
    timers.modTimer(a, timers.jiffies + 250);
    at(1, () => timers.modTimer(b, timers.jiffies + 250));
    at(2, () => timers.modTimer(a, timers.jiffies + 250));
    s.run({});
    expect(ran).toEqual(['b@256', 'a@256']);
  });

  it('takes a deleted timer out of the middle, head or tail of its bucket and runs the rest in order (hlist_del)', () => {
    for (const gone of ['a', 'b', 'c']) {
      const { s, timers, ran, timer } = wheel();
      const all = { a: timer('a'), b: timer('b'), c: timer('c') };
      // One bucket (256), armed a, b, c: it runs c, b, a.
      for (const t of Object.values(all)) timers.modTimer(t, timers.jiffies + 250);
      timers.timerDelete(all[gone as keyof typeof all]);
      // The deleted one goes back in at the head of its old bucket.
      s.schedule(TICK_NSEC, () => timers.modTimer(all[gone as keyof typeof all], timers.jiffies + 249));
      s.run({});
      expect(ran).toEqual([`${gone}@256`, ...['c', 'b', 'a'].filter((n) => n !== gone).map((n) => `${n}@256`)]);
    }
  });

  it('runs a timer re-armed by its own function in a later tick, not again in this one', () => {
    const { s, timers, ran } = wheel();
    let runs = 0;
    const t = timerSetup(() => {
      ran.push(`t@${s.now / TICK_NSEC}`);
      if (++runs < 3) timers.modTimer(t, timers.jiffies);
    });
    timers.modTimer(t, timers.jiffies + 10);
    s.run({});
    expect(ran).toEqual(['t@11', 't@12', 't@13']);
  });

  it('never runs a deleted timer, and leaves no tick behind (timer_delete)', () => {
    const { s, timers, ran, timer } = wheel();
    const t = timer('t');
    timers.modTimer(t, timers.jiffies + 250);
    expect(timerPending(t)).toBe(true);
    expect(timers.timerDelete(t)).toBe(true);
    expect(timerPending(t)).toBe(false);
    expect(timers.timerDelete(t)).toBe(false);
    expect(s.peekTime()).toBeUndefined();
    s.run({});
    expect(ran).toEqual([]);
  });
});
