/*
 * The timer wheel (kernel/time/timer.c): timer_list timers, as TCP's retransmit timer and a
 * request sock's SYN-ACK timer are, do not expire at their exact time. A timer is filed in one
 * bucket of a hierarchical wheel; the farther its expiry, the coarser the level and the more
 * its expiry is rounded up (calc_index: to the next multiple of the level's granularity, past
 * the expiry itself). Every timer in a bucket expires in the same tick, and a bucket is an
 * hlist filled with hlist_add_head and emptied from its head, so the timer armed last runs
 * first. Within one tick the pinned timers (BASE_LOCAL) run before the others (BASE_GLOBAL),
 * and inside a base the higher level's bucket before the lower's (__run_timers).
 *
 * One wheel stands for the recorded machine: every namespace shares the kernel's timer bases
 * (the oracle's namespaces run on one kernel), so timers of different namespaces interleave.
 * hrtimers are not here: they expire at their exact time.
 */

import type { KernelEnv } from './stack';

/** CONFIG_HZ of the recorded kernel (6.18, CONFIG_HZ_250). */
export const HZ = 250;
export const TICK_NSEC = 1_000_000_000 / HZ;

/** Clock divisor for the next level: each level is 8 times coarser. */
export const LVL_CLK_SHIFT = 3;
/** 64 buckets per level. */
export const LVL_BITS = 6;
const LVL_SIZE = 1 << LVL_BITS;
/** HZ > 100: nine levels. */
export const LVL_DEPTH = 9;

// Both per level as tables: arming a timer asks for several levels, and 2 ** n is a call to Math.pow.
const LVL_GRAN = Array.from({ length: LVL_DEPTH + 1 }, (_, lvl) => 2 ** (lvl * LVL_CLK_SHIFT));
const LVL_START = Array.from({ length: LVL_DEPTH + 1 }, (_, lvl) => (LVL_SIZE - 1) * 2 ** ((lvl - 1) * LVL_CLK_SHIFT));
/** A level's granularity in jiffies. */
export const lvlGran = (lvl: number): number => LVL_GRAN[lvl]!;
/** The smallest delta filed in level n (the last delta of level n-1, see calc_index). */
export const lvlStart = (lvl: number): number => LVL_START[lvl]!;
const WHEEL_TIMEOUT_CUTOFF = lvlStart(LVL_DEPTH);
const WHEEL_TIMEOUT_MAX = WHEEL_TIMEOUT_CUTOFF - lvlGran(LVL_DEPTH - 1);

/** timer_setup flags: a pinned timer stays on the CPU's local base. */
export const TIMER_PINNED = 0x1;

const BASE_LOCAL = 0;
const BASE_GLOBAL = 1;

/** jiffies at a time of the simulation (its clock starts at jiffy 0). */
export const jiffiesAt = (nowNs: number): number => Math.floor(nowNs / TICK_NSEC);

/** usecs_to_jiffies / msecs_to_jiffies: a timeout rounds up to whole jiffies. */
export const nsecsToJiffies = (ns: number): number => Math.ceil(ns / TICK_NSEC);

export interface WheelIndex {
  lvl: number;
  /** The jiffy at which the bucket expires. */
  bucketExpiry: number;
}

/** calc_index: round up with the level's granularity, so a timer never fires early. */
const calcIndex = (expires: number, lvl: number): number => (Math.floor(expires / lvlGran(lvl)) + 1) * lvlGran(lvl);

/** calc_wheel_index's level: by the distance from the base's clock. */
function wheelLevel(expires: number, clk: number): number {
  const delta = expires - clk;
  if (delta < 0) return 0;
  for (let lvl = 0; lvl < LVL_DEPTH - 1; lvl++) if (delta < lvlStart(lvl + 1)) return lvl;
  return LVL_DEPTH - 1;
}

/** calc_wheel_index's bucket, at `lvl` = wheelLevel(expires, clk): the jiffy it expires at. */
function wheelBucketExpiry(expires: number, clk: number, lvl: number): number {
  const delta = expires - clk;
  if (delta < 0) return clk;
  // Obscenely large timeouts expire at the wheel's capacity.
  if (lvl === LVL_DEPTH - 1 && delta >= WHEEL_TIMEOUT_CUTOFF) return calcIndex(clk + WHEEL_TIMEOUT_MAX, lvl);
  return calcIndex(expires, lvl);
}

/** calc_wheel_index: the level by the distance from the base's clock, then the bucket. */
export function calcWheelIndex(expires: number, clk: number): WheelIndex {
  const lvl = wheelLevel(expires, clk);
  return { lvl, bucketExpiry: wheelBucketExpiry(expires, clk, lvl) };
}

/** What the wheel needs from the simulation: its clock and its event queue. */
export interface TimerClock {
  now(): number;
  schedule(delayNs: number, fn: () => void): number;
  cancel(handle: number): void;
}

export interface TimerList {
  readonly function: () => void;
  readonly flags: number;
  expires: number;
  /** The bucket's tick the timer is queued in (timer_pending), and the bucket's base and level there. */
  queuedTick: Tick | undefined;
  queuedBase: number;
  queuedLvl: number;
  /** timer->entry: its neighbours in the bucket's hlist (next runs after it, prev before it). */
  next: TimerList | undefined;
  prev: TimerList | undefined;
}

/** timer_setup. */
export function timerSetup(fn: () => void, flags = 0): TimerList {
  return { function: fn, flags, expires: 0, queuedTick: undefined, queuedBase: 0, queuedLvl: 0, next: undefined, prev: undefined };
}

export const timerPending = (t: TimerList): boolean => t.queuedTick !== undefined;

/** Every bucket expiring at one jiffy: per base, per level, an hlist of timers. */
interface Tick {
  jiffy: number;
  handle: number;
  /** The head of the bucket of (base, level) at base * LVL_DEPTH + level. */
  heads: (TimerList | undefined)[];
  count: number;
}

export class TimerBases {
  private readonly ticks = new Map<number, Tick>();
  /** The jiffy being expired: while timers run, base->clk is one ahead of it. */
  private running?: number;

  constructor(private readonly clock: TimerClock) {}

  get jiffies(): number {
    return jiffiesAt(this.clock.now());
  }

  /** forward_timer_base: the clock an arming timer is measured from. */
  private baseClk(): number {
    const jnow = this.jiffies;
    return this.running !== undefined && this.running + 1 > jnow ? this.running + 1 : jnow;
  }

  /** mod_timer: (re)arms at an absolute jiffy; staying in its bucket keeps the timer's place. */
  modTimer(timer: TimerList, expires: number): void {
    const base = timer.flags & TIMER_PINNED ? BASE_LOCAL : BASE_GLOBAL;
    // calc_wheel_index, as two numbers: arming a timer allocates nothing.
    const clk = this.baseClk();
    const lvl = wheelLevel(expires, clk);
    const bucketExpiry = wheelBucketExpiry(expires, clk, lvl);
    const q = timer.queuedTick;
    timer.expires = expires;
    if (q && timer.queuedBase === base && timer.queuedLvl === lvl && q.jiffy === bucketExpiry) return;
    this.timerDelete(timer);
    const tick = this.tickAt(bucketExpiry);
    // hlist_add_head: unlinking (timer_delete) costs nothing however full the bucket.
    const slot = base * LVL_DEPTH + lvl;
    const head = tick.heads[slot];
    timer.next = head;
    timer.prev = undefined;
    if (head) head.prev = timer;
    tick.heads[slot] = timer;
    tick.count++;
    timer.queuedTick = tick;
    timer.queuedBase = base;
    timer.queuedLvl = lvl;
  }

  /** timer_delete: detaches a pending timer; true when it was pending. */
  timerDelete(timer: TimerList): boolean {
    const tick = timer.queuedTick;
    if (!tick) return false;
    unlink(tick, timer.queuedBase * LVL_DEPTH + timer.queuedLvl, timer);
    if (--tick.count === 0) {
      this.clock.cancel(tick.handle);
      this.ticks.delete(tick.jiffy);
    }
    return true;
  }

  private tickAt(jiffy: number): Tick {
    let tick = this.ticks.get(jiffy);
    if (!tick) {
      tick = { jiffy, handle: 0, heads: [], count: 0 };
      const t = tick;
      tick.handle = this.clock.schedule(Math.max(0, jiffy * TICK_NSEC - this.clock.now()), () => this.runTimers(t));
      this.ticks.set(jiffy, tick);
    }
    return tick;
  }

  /** run_timer_softirq: BASE_LOCAL, then BASE_GLOBAL; per base the highest level first, each bucket from its head. */
  private runTimers(tick: Tick): void {
    this.ticks.delete(tick.jiffy);
    this.running = tick.jiffy;
    try {
      for (let base = 0; base < 2; base++) {
        for (let lvl = LVL_DEPTH - 1; lvl >= 0; lvl--) {
          const slot = base * LVL_DEPTH + lvl;
          for (let timer = tick.heads[slot]; timer; timer = tick.heads[slot]) {
            unlink(tick, slot, timer);
            tick.count--;
            timer.function();
          }
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}

/** hlist_del: takes a timer out of its bucket's list. */
function unlink(tick: Tick, slot: number, timer: TimerList): void {
  if (timer.prev) timer.prev.next = timer.next;
  else tick.heads[slot] = timer.next;
  if (timer.next) timer.next.prev = timer.prev;
  timer.next = undefined;
  timer.prev = undefined;
  timer.queuedTick = undefined;
}

const ownWheels = new WeakMap<KernelEnv, TimerBases>();

/** The kernel's timer bases: the network's shared wheel, or one of the stack's own when it runs alone. */
export function timerBases(env: KernelEnv): TimerBases {
  if (env.timers) return env.timers;
  let wheel = ownWheels.get(env);
  if (!wheel) {
    wheel = new TimerBases(env);
    ownWheels.set(env, wheel);
  }
  return wheel;
}
