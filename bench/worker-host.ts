/*
 * src/worker/engine.worker.ts in a Node worker thread, for bench/worker.ts: the worker script
 * talks to `self` as a Web Worker does (postMessage, addEventListener('message')), so this
 * gives it those on top of the thread's parentPort, then loads it unchanged.
 */
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
const handlers = new Map<unknown, (data: unknown) => void>();
Object.assign(globalThis, {
  postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer as never),
  addEventListener: (type: string, listener: (e: { data: unknown }) => void) => {
    if (type !== 'message') return;
    const handler = (data: unknown) => listener({ data });
    handlers.set(listener, handler);
    port.on('message', handler);
  },
  removeEventListener: (type: string, listener: unknown) => {
    const handler = handlers.get(listener);
    if (type === 'message' && handler) port.off('message', handler);
  },
});

await import('../src/worker/engine.worker');
