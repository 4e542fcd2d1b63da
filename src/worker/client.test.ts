import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT } from './limits';

/* The page's watchdog over the engine worker, with a stand-in Worker and a fake clock. */

class FakeWorker extends EventTarget {
  static all: FakeWorker[] = [];
  terminated = false;
  received: unknown[] = [];
  constructor() {
    super();
    FakeWorker.all.push(this);
  }
  postMessage(data: unknown) {
    this.received.push(data);
  }
  terminate() {
    this.terminated = true;
  }
  say(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

async function load() {
  vi.resetModules();
  return import('./client');
}

beforeEach(() => {
  FakeWorker.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('engine watchdog', () => {
  it('a worker that goes silent mid-call fails the call after 10 s; heartbeats keep a long call alive', async () => {
    const { engine, EngineDied } = await load();
    const call = engine().configIssues('{}');
    const failed = call.catch((e: unknown) => e);
    const w = FakeWorker.all[0]!;
    w.say(HEARTBEAT); // loaded
    for (let i = 0; i < 60; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      w.say(HEARTBEAT);
    }
    expect(w.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(10_600);
    const e = await failed;
    expect(e).toBeInstanceOf(EngineDied);
    expect((e as Error).message).toMatch(/^The engine stopped answering \(nothing for 10 s\)/);
    expect(w.terminated).toBe(true);
    // The next call gets a fresh worker.
    void engine().configIssues('{}').catch(() => undefined);
    expect(FakeWorker.all).toHaveLength(2);
  });

  it('a worker still loading gets 30 s before it is given up', async () => {
    const { engine } = await load();
    const failed = engine().configIssues('{}').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(FakeWorker.all[0]!.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(String(await failed)).toContain('nothing for 30 s');
  });

  it('an error in the worker or an unreadable message fails the pending call at once', async () => {
    const { engine } = await load();
    const crashed = engine().configIssues('{}').catch((e: unknown) => e);
    FakeWorker.all[0]!.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'Uncaught RangeError: Maximum call stack size exceeded' }));
    expect(String(await crashed)).toContain('The engine crashed: Uncaught RangeError: Maximum call stack size exceeded');
    const unreadable = engine().configIssues('{}').catch((e: unknown) => e);
    FakeWorker.all[1]!.dispatchEvent(new Event('messageerror'));
    expect(String(await unreadable)).toContain('The engine sent an answer the page could not read');
    expect(FakeWorker.all.map((w) => w.terminated)).toEqual([true, true]);
  });

  it('no watchdog while nothing is asked: an idle worker is left alone', async () => {
    const { engine } = await load();
    const answered = engine().configIssues('{}');
    const w = FakeWorker.all[0]!;
    const request = w.received[0] as { id: string };
    w.say({ id: request.id, type: 'RAW', value: [] });
    expect(await answered).toEqual([]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(w.terminated).toBe(false);
  });
});
