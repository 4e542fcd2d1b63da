import type { Stack } from '../kernel/stack';

/*
 * User-space programs run on a device: they use the stack's sockets, read the virtual clock
 * through its scheduler, write stdout/stderr and exit with a status, as the real tools do.
 */

/**
 * A process's standard input: the read end of a pipe, or /dev/null (EOF at once) when the
 * shell gives it none, as the lab's `bash -c` does for a flow.
 */
export interface Stdin {
  /** Delivers what the writer wrote (and what it writes from now on) to `data`, then EOF to `end` once it exited. */
  read(data: (text: string) => void, end: () => void): void;
}

/** A pipe between two stages of a pipeline: bytes pass at once; EOF when the writer exits. */
export class Pipe implements Stdin {
  private buffered: string[] = [];
  private closed = false;
  private reader?: { data: (text: string) => void; end: () => void };
  /** The reader exited: a writer gets SIGPIPE on its next write. */
  readerGone = false;

  write(text: string): void {
    if (this.closed || text === '') return;
    if (this.reader) this.reader.data(text);
    else this.buffered.push(text);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader?.end();
  }

  read(data: (text: string) => void, end: () => void): void {
    this.reader = { data, end };
    const pending = this.buffered;
    this.buffered = [];
    for (const t of pending) data(t);
    if (this.closed) end();
  }
}

/** /dev/null as standard input: EOF on the first read. */
export const DEV_NULL: Stdin = { read: (_data, end) => end() };

export interface ProcessIO {
  /** Absent: /dev/null. */
  stdin?: Stdin;
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
    ...(io.stdin ? { stdin: io.stdin } : {}),
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
