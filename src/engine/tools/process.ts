import type { Stack } from '../kernel/stack';

/*
 * User-space programs run on a device: they use the stack's sockets, read the virtual clock
 * through its scheduler, write stdout/stderr and exit with a status, as the real tools do.
 */

export interface ProcessIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Ends the process with its exit status; later calls are ignored. */
  exit(status: number): void;
  /** Where a refused config line went wrong, when not at the command itself (its device name, say). */
  locate?(where: { line?: number; column?: number }): void;
}

export interface Process {
  /** SIGTERM: stop now (a service at the end of a run, a flow past its time). */
  kill(): void;
  /** SIGINT, for a tool that handles it (ping prints its statistics): Ctrl+C at the run's time limit. */
  interrupt?(): void;
}

export const NS = 1_000_000_000;
export const MS = 1_000_000;

/** Small helper so tools can keep track of their timers and cancel them all on exit. */
export class Timers {
  private readonly handles = new Set<number>();
  constructor(private readonly stack: Stack) {}

  after(delay: number, fn: () => void): number {
    const h = this.stack.env.schedule(delay, () => {
      this.handles.delete(h);
      fn();
    });
    this.handles.add(h);
    return h;
  }

  cancel(h: number): void {
    this.stack.env.cancel(h);
    this.handles.delete(h);
  }

  clear(): void {
    for (const h of this.handles) this.stack.env.cancel(h);
    this.handles.clear();
  }
}

/** Wraps ProcessIO so exit happens once and cleanup runs first. */
export function once(io: ProcessIO, cleanup: () => void): ProcessIO {
  let done = false;
  return {
    stdout: (t) => !done && io.stdout(t),
    stderr: (t) => !done && io.stderr(t),
    exit: (status) => {
      if (done) return;
      done = true;
      cleanup();
      io.exit(status);
    },
  };
}
