import type { DeviceViewName, InjectRequest, RecordedRun, RunRequest } from '../engine/api';

/*
 * The worker's last run, kept with what its views printed at every step (trace/view-log.ts):
 * stepping through it with a device selected looks each step up here instead of replaying the
 * run from boot. Only the very request that ran matches (document text, flow or command, seed;
 * or the injected packet); any other asks for a replay, as before.
 */

/** What names a run: the document's text (compared as it is: a large one is not copied per step) and the rest of the request. */
export interface RunKey {
  doc: string;
  rest: string;
}

export function runKey(req: RunRequest): RunKey {
  return { doc: req.doc, rest: JSON.stringify(['run', req.flow ?? null, req.on ?? null, req.command ?? null, req.seed ?? null]) };
}

export function injectKey(req: InjectRequest): RunKey {
  return { doc: req.doc, rest: JSON.stringify(['inject', req.spec, req.seed ?? null]) };
}

export class LastRun {
  private last?: { key: RunKey; recorded: RecordedRun };

  /** Keeps this run's views (and drops the previous run's); a run without them forgets the old one. */
  keep(key: RunKey, recorded: RecordedRun | undefined): void {
    this.last = recorded && { key, recorded };
  }

  /** Whether `recorded` is still the kept run (another run replaces it). */
  holds(recorded: RecordedRun): boolean {
    return this.last?.recorded === recorded;
  }

  /** The views at `step` of the kept run if it is the run `key` names; undefined: not kept, replay it. */
  views(key: RunKey, device: string, step: number): Record<DeviceViewName, string> | { error: string } | undefined {
    const last = this.last;
    if (!last || last.key.rest !== key.rest || last.key.doc !== key.doc) return undefined;
    return last.recorded.views(device, step);
  }
}
