import * as Comlink from 'comlink';
import type { EngineApi } from './engine.worker';

/*
 * The page's handle on the engine worker. Cancelling a run terminates the worker (a run is one
 * synchronous computation) and starts a fresh one; a crashed worker is replaced the same way.
 */

let worker: Worker | undefined;
let remote: Comlink.Remote<EngineApi> | undefined;

function start(): Comlink.Remote<EngineApi> {
  worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  remote = Comlink.wrap<EngineApi>(worker);
  return remote;
}

export function engine(): Comlink.Remote<EngineApi> {
  return remote ?? start();
}

/** Stops whatever the engine is doing; the next call gets a new worker. */
export function cancelEngine(): void {
  worker?.terminate();
  worker = undefined;
  remote = undefined;
}
