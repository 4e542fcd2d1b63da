import * as Comlink from 'comlink';
import type { EngineApi } from './engine.worker';
import { SILENCE_MS, STARTUP_MS } from './limits';
import { unpackRun, type PackedRun } from './run-wire';

/*
 * The page's handle on the engine worker. Cancelling a run terminates the worker (a run is one
 * synchronous computation) and starts a fresh one. A watchdog replaces a worker that dies: an
 * error or an unreadable message from it, or silence (no answer, no heartbeat) while a call is
 * pending, fails every pending call with EngineDied, and the next call gets a new worker.
 */

export type Engine = Comlink.Remote<EngineApi>;

/** A pending call's worker died or stopped answering; the message says how, for the user. */
export class EngineDied extends Error {
  override name = 'EngineDied';
}

interface Live {
  worker: Worker;
  remote: Engine;
  /** Rejects when the worker dies; every call races against it. */
  dead: Promise<never>;
  kill(reason: string): void;
  pending: number;
  /** When the worker last showed a sign of life (a message, a heartbeat), or a call began. */
  lastSign: number;
  /** It has loaded and said so. */
  heard: boolean;
  timer?: ReturnType<typeof setInterval>;
}

let live: Live | undefined;

function start(): Live {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  let reject!: (e: Error) => void;
  const dead = new Promise<never>((_, r) => (reject = r));
  dead.catch(() => undefined); // nobody may be waiting when it dies
  const w: Live = { worker, remote: Comlink.wrap<EngineApi>(worker), dead, pending: 0, lastSign: Date.now(), heard: false, kill: () => undefined };
  w.kill = (reason) => {
    if (live === w) live = undefined;
    clearInterval(w.timer);
    worker.terminate();
    reject(new EngineDied(reason));
  };
  // Any message counts: answers, and the heartbeats a long computation sends.
  worker.addEventListener('message', () => {
    w.lastSign = Date.now();
    w.heard = true;
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    w.kill(`The engine crashed${e.message ? `: ${e.message}` : ''}. The run was stopped; the next run starts a fresh engine.`);
  });
  worker.addEventListener('messageerror', () => w.kill('The engine sent an answer the page could not read. The run was stopped; the next run starts a fresh engine.'));
  return w;
}

function watch(w: Live): void {
  if (w.timer !== undefined) return;
  w.timer = setInterval(() => {
    if (w.pending === 0) return;
    const now = Date.now();
    // A computing worker beats every second (see engine.worker.ts); silence means it is gone.
    const limit = w.heard ? SILENCE_MS : STARTUP_MS;
    if (now - w.lastSign > limit) w.kill(`The engine stopped answering (nothing for ${limit / 1000} s). The run was stopped; the next run starts a fresh engine.`);
  }, 500);
}

/** Runs one call on the live worker, failing it if the worker dies meanwhile. */
function guard<T>(call: (remote: Engine) => Promise<T>): Promise<T> {
  const w = live ?? (live = start());
  if (w.pending === 0) w.lastSign = Date.now();
  w.pending++;
  watch(w);
  return Promise.race([call(w.remote), w.dead]).finally(() => {
    w.pending--;
  });
}

/**
 * Requests the page sent to the worker to read documents and lint configs, and the config lines
 * those lint requests carried: a browser test reads them (window.__hairpinEngineRequests) to
 * see that opening and linting happen in the worker, by count rather than by time.
 */
export const documentRequests: Record<string, { calls: number; lines: number }> = {};
if (typeof window !== 'undefined') (window as unknown as { __hairpinEngineRequests?: typeof documentRequests }).__hairpinEngineRequests = documentRequests;

function countedLines<T>(name: string, call: () => Promise<T>, lines = 0): Promise<T> {
  const c = (documentRequests[name] ??= { calls: 0, lines: 0 });
  c.calls++;
  c.lines += lines;
  return call();
}

type Answer<K extends keyof EngineApi> = Promise<Awaited<ReturnType<EngineApi[K]>>>;
/** A run's answer as the page holds it: unpacked from what the worker sent (run-wire.ts), in slices between which the page stays responsive. */
type Unpacked<K extends 'runScenario' | 'runInjection'> = ReturnType<EngineApi[K]> extends PackedRun<infer T> ? T : never;
const unpacked = <K extends 'runScenario' | 'runInjection'>(answer: Promise<unknown>): Promise<Unpacked<K>> => answer.then((packed) => unpackRun(packed as PackedRun<Unpacked<K>>));

/** Calls made to the worker so far, by name: the browser tests read them (no run while stepping). */
export const engineRequests: Partial<Record<keyof EngineApi, number>> = {};

const counted = <K extends keyof EngineApi, A extends unknown[], T>(name: K, call: (...a: A) => Promise<T>) => (...a: A): Promise<T> => {
  engineRequests[name] = (engineRequests[name] ?? 0) + 1;
  return call(...a);
};

const guarded = {
  runScenario: counted('runScenario', (...a: Parameters<EngineApi['runScenario']>) => unpacked<'runScenario'>(guard((r) => r.runScenario(...a)))),
  deviceViews: counted('deviceViews', (...a: Parameters<EngineApi['deviceViews']>) => guard((r) => r.deviceViews(...a) as Answer<'deviceViews'>)),
  configIssues: counted('configIssues', (...a: Parameters<EngineApi['configIssues']>) => guard((r) => r.configIssues(...a) as Answer<'configIssues'>)),
  deviceInsides: counted('deviceInsides', (...a: Parameters<EngineApi['deviceInsides']>) => guard((r) => r.deviceInsides(...a) as Answer<'deviceInsides'>)),
  deviceModelled: counted('deviceModelled', (...a: Parameters<EngineApi['deviceModelled']>) => guard((r) => r.deviceModelled(...a) as Answer<'deviceModelled'>)),
  importPasted: counted('importPasted', (...a: Parameters<EngineApi['importPasted']>) => guard((r) => r.importPasted(...a) as Answer<'importPasted'>)),
  runInjection: counted('runInjection', (...a: Parameters<EngineApi['runInjection']>) => unpacked<'runInjection'>(guard((r) => r.runInjection(...a)))),
  injectViews: counted('injectViews', (...a: Parameters<EngineApi['injectViews']>) => guard((r) => r.injectViews(...a) as Answer<'injectViews'>)),
  readShareLink: (...a: Parameters<EngineApi['readShareLink']>) => countedLines('readShareLink', () => guard((r) => r.readShareLink(...a) as Answer<'readShareLink'>)),
  readScenarioText: (...a: Parameters<EngineApi['readScenarioText']>) => countedLines('readScenarioText', () => guard((r) => r.readScenarioText(...a) as Answer<'readScenarioText'>)),
  configParseProblems: (...a: Parameters<EngineApi['configParseProblems']>) => countedLines('configParseProblems', () => guard((r) => r.configParseProblems(...a) as Answer<'configParseProblems'>), a[0].length),
  writeShareLink: (...a: Parameters<EngineApi['writeShareLink']>) => countedLines('writeShareLink', () => guard((r) => r.writeShareLink(...a) as Answer<'writeShareLink'>)),
  layoutPositions: counted('layoutPositions', (...a: Parameters<EngineApi['layoutPositions']>) => guard((r) => r.layoutPositions(...a) as Answer<'layoutPositions'>)),
  // Counted by configs sent (as "lines"): an edit of one device sends one.
  canvasConfigFacts: (...a: Parameters<EngineApi['canvasConfigFacts']>) => countedLines('canvasConfigFacts', () => guard((r) => r.canvasConfigFacts(...a) as Answer<'canvasConfigFacts'>), a[0].length),
};

/** Networks the worker has built (booted) so far: the browser tests check that stepping builds none. */
export const networksBuilt = (): Promise<number> => guard((r) => r.networksBuilt());

// Browser tests (a build with VITE_E2E set) read the counts from the page.
/** For the browser tests: the documents the worker booted ahead of a Run in idle time. */
export const bootsAhead = (): Promise<number> => guard((r) => r.bootsAhead());
/** For the browser tests: networks the worker's view requests built (a replay instead of a lookup). */
export const viewBuilds = (): Promise<number> => guard((r) => r.viewBuilds());
/** For the browser tests: how far the worker's warm-up got, and the networks it built. */
export const warmUp = (): Promise<{ state: string; networks: number }> => guard((r) => r.warmUp());
/** For the browser tests: the layouts the worker computed (the page computes none). */
export const layoutsMade = (): Promise<number> => guard((r) => r.layoutsMade());
if (import.meta.env.VITE_E2E && typeof window !== 'undefined') Object.assign(window, { hairpinEngine: { requests: engineRequests, networksBuilt, bootsAhead, viewBuilds, warmUp, layoutsMade } });

/** The paste importer on the worker: pasted tool output in, config lines and what was left out back. */
export const importPastedText = guarded.importPasted;

/** "Send a packet here": the injection entry. */
export function injectEngine(): Pick<typeof guarded, 'runInjection'> {
  return guarded;
}

export function engine(): typeof guarded {
  return guarded;
}

/** Starts the worker now if none is running (its script loads while the page does other work); calls start it anyway. */
export function startEngine(): void {
  live ??= start();
}

/** Stops whatever the engine is doing; the next call gets a new worker. */
export function cancelEngine(): void {
  live?.kill('The run was cancelled.');
}

