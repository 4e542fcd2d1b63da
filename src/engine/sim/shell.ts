import type { AndOrList, ShellList, Simple } from '../command/types';

/*
 * Runs a parsed shell list the way bash does: and-or lists left to right, `&&` / `||` by the
 * previous status, `;` in sequence, `&` in the background. Commands start asynchronously
 * and report their status through a callback.
 */

export type Starter<C> = (cmd: Simple<C>, done: (status: number) => void) => void;

export function runShellList<C>(list: ShellList<C>, start: Starter<C>, done: (status: number) => void): void {
  let i = 0;
  let status = 0;
  const nextList = (): void => {
    if (i >= list.length) return done(status);
    const andOr = list[i++]!;
    if (andOr.background) {
      runAndOr(andOr, start, () => undefined);
      status = 0;
      return nextList();
    }
    runAndOr(andOr, start, (s) => {
      status = s;
      nextList();
    });
  };
  nextList();
}

function runAndOr<C>(andOr: AndOrList<C>, start: Starter<C>, done: (status: number) => void): void {
  let j = 0;
  const step = (status: number): void => {
    while (j < andOr.rest.length) {
      const { op, cmd } = andOr.rest[j++]!;
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
        start(cmd, step);
        return;
      }
    }
    done(status);
  };
  start(andOr.first, step);
}
