import { useEffect, useRef, useState } from 'react';
import type { DeviceViewName } from '../../engine/api';
import { currentRequest } from '../../state/actions';
import { useDocument } from '../../state/document';
import { useRunOutOfDate } from '../../state/currency';
import { useSession } from '../../state/session';
import { engine } from '../../worker/client';
import { docText } from '../../state/doc-text';

/*
 * What the tools print on a device, from the worker: at the current trace step when a run
 * has a result (the worker looks the step up in the views it recorded with that run, a command
 * or an injected packet; docs/architecture.md), otherwise right after boot. Requests are debounced (more while playing) and a late answer
 * for an older request is dropped.
 */

export type Views = Record<DeviceViewName, string>;

export interface DeviceViewsState {
  views?: Views;
  /** The views at the previous step of the same device, to show what changed. */
  previous?: Views;
  /** The step these views are at; undefined: after boot. */
  at?: number;
  /** Events in the run, when there is one. */
  total?: number;
  error?: string;
  pending: boolean;
}

export function useDeviceViews(device: string): DeviceViewsState {
  const doc = useDocument((s) => s.doc);
  const run = useSession((s) => s.run);
  const rawStep = useSession((s) => s.step);
  const playing = useSession((s) => s.playing);
  const flowIndex = useSession((s) => s.flowIndex);
  const custom = useSession((s) => s.custom);
  // A run of an earlier version of the document: the views are of this one, as it boots.
  const outOfDate = useRunOutOfDate();
  const total = run.status === 'done' && !outOfDate ? run.result.events.length : undefined;
  const step = total !== undefined && total > 0 ? Math.max(0, Math.min(rawStep, total - 1)) : undefined;
  // The run on screen was an injected packet: its steps are the injection's, replayed to the step.
  const packet = run.status === 'done' ? run.packet : undefined;
  const [state, setState] = useState<DeviceViewsState>({ pending: true });
  const latest = useRef(0);
  const last = useRef<{ device: string; views: Views } | undefined>(undefined);

  useEffect(() => {
    const id = ++latest.current;
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(
      () => {
        const views = packet && step !== undefined ? engine().injectViews({ doc: docText(doc), spec: packet }, device, step) : engine().deviceViews(currentRequest(), device, step);
        views
          .then((r) => {
            if (id !== latest.current) return;
            if ('error' in r && typeof r.error === 'string') {
              setState({ error: r.error, at: step, total, pending: false });
              return;
            }
            const views = r as Views;
            const previous = last.current?.device === device ? last.current.views : undefined;
            last.current = { device, views };
            setState({ views, previous, at: step, total, pending: false });
          })
          .catch((e: unknown) => {
            if (id !== latest.current) return;
            setState({ error: e instanceof Error ? e.message : String(e), at: step, total, pending: false });
          });
      },
      playing ? 220 : 90,
    );
    return () => clearTimeout(timer);
  }, [doc, device, step, total, run, flowIndex, custom, playing]);

  // Nothing shown yet: the line above the views names the step they are coming for, not "after
  // boot", which would be untrue of a run on screen and change to "at step N" when they arrive.
  if (state.views === undefined && state.error === undefined && state.at !== step) return { ...state, at: step, total };
  return state;
}
