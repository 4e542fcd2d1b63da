import type { AndOrList, ShellList, Simple } from '../command/types';

/*
 * Runs a parsed shell list the way bash does: and-or lists left to right, `&&` / `||` by the
 * previous status, `;` in sequence, `&` in the background. Commands start asynchronously
 * and report their status through a callback.
 */

/**
 * `tested`: the command's status is tested by `&&` / `||` (it is not the last of its and-or
 * list, or sits in a group that is): bash's `set -e` ignores its failure, and so does a config.
 */
export type Starter<C> = (cmd: Simple<C>, done: (status: number) => void, tested: boolean) => void;

/** A bare `wait`: bash's builtin waits for every background job of the shell, then is true. */
const isWait = <C>(andOr: AndOrList<C>): boolean => andOr.rest.length === 0 && (andOr.first.command as { kind?: string }).kind === 'wait';

export function runShellList<C>(list: ShellList<C>, start: Starter<C>, done: (status: number) => void, tested = false): void {
  let i = 0;
  let status = 0;
  let jobs = 0;
  let waiting: (() => void) | undefined;
  const nextList = (): void => {
    if (i >= list.length) return done(status);
    const andOr = list[i++]!;
    if (andOr.background) {
      jobs++;
      runAndOr(andOr, start, () => {
        jobs--;
        if (jobs === 0 && waiting) {
          const resume = waiting;
          waiting = undefined;
          resume();
        }
      }, tested);
      status = 0;
      return nextList();
    }
    if (isWait(andOr) && !andOr.background && jobs > 0) {
      waiting = () => {
        status = 0;
        nextList();
      };
      return;
    }
    runAndOr(andOr, start, (s) => {
      status = s;
      nextList();
    }, tested);
  };
  nextList();
}

function runAndOr<C>(andOr: AndOrList<C>, start: Starter<C>, done: (status: number) => void, tested: boolean): void {
  let j = 0;
  const last = andOr.rest.length;
  const step = (status: number): void => {
    while (j < andOr.rest.length) {
      const { op, cmd } = andOr.rest[j++]!;
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
        start(cmd, step, tested || j < last);
        return;
      }
    }
    done(status);
  };
  start(andOr.first, step, tested || last > 0);
}
