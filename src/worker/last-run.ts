import type { DeviceViewName, InjectRequest, RecordedRun, RunRequest } from '../engine/api';

/*
 * The worker's last run, kept with what its views printed at every step (trace/view-log.ts):
 * stepping through it with a device selected looks each step up here instead of replaying the
 * run from boot. Only the very request that ran matches (document text, flow or command, seed;
 * or the injected packet); any other asks for a replay, as before.
 */

export function runKey(req: RunRequest): string {
  return JSON.stringify(['run', req.doc, req.flow ?? null, req.on ?? null, req.command ?? null, req.seed ?? null]);
}

export function injectKey(req: InjectRequest): string {
  return JSON.stringify(['inject', req.doc, req.spec, req.seed ?? null]);
}

export class LastRun {
  private last?: { key: string; recorded: RecordedRun };

  /** Keeps this run's views (and drops the previous run's); a run without them forgets the old one. */
  keep(key: string, recorded: RecordedRun | undefined): void {
    this.last = recorded && { key, recorded };
  }

  /** The views at `step` of the kept run if it is the run `key` names; undefined: not kept, replay it. */
  views(key: string, device: string, step: number): Record<DeviceViewName, string> | { error: string } | undefined {
    if (this.last?.key !== key) return undefined;
    return this.last.recorded.views(device, step);
  }
}
