/*
 * A worker's answer is read (deserialised: a 10,000-device document takes tens of
 * milliseconds) in the task that receives it, and whatever the page does with it in a promise
 * callback runs in that same task. Awaiting nextTask() in between lets the page draw and answer
 * input before that work starts: two shorter tasks instead of one long one (issue 19).
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/** Resolves in a new task of the event loop (scheduler.yield where the browser has it). */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    // A message, not setTimeout: a timer nested in others waits at least 4 ms.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
