import { useEffect, useRef, useState } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import type { ConfigIssue } from '../../engine/sim/run';
import { engine } from '../../worker/client';

/*
 * The kernel's and tools' refusals for a device's config ("Error: Nexthop has invalid
 * gateway."), found by booting the scenario in the worker with the editor's current lines.
 * Debounced (~300 ms after the last change); a late answer for older text is dropped.
 */

export interface EngineCheck {
  /** The config lines the engine booted with. */
  checked: string[];
  issues: ConfigIssue[];
  /** Why the scenario as a whole does not load, when it does not. */
  scenarioError?: string;
}

export const EMPTY_CHECK: EngineCheck = { checked: [], issues: [] };

/** Checks `lines` as `device`'s config within `doc`; calls `onResult` when the answer is in. */
export function useEngineIssues(doc: ScenarioDoc, device: string, lines: string[], onResult?: (check: EngineCheck) => void, delay = 300): EngineCheck {
  const [check, setCheck] = useState<EngineCheck>(EMPTY_CHECK);
  const latest = useRef(0);
  const key = lines.join('\n');
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => {
    const id = ++latest.current;
    const d = doc.devices[device];
    if (!d) return;
    const checked = key === '' ? [] : key.split('\n');
    const timer = setTimeout(() => {
      const text = JSON.stringify({ ...doc, devices: { ...doc.devices, [device]: { ...d, config: checked } } });
      engine()
        .configIssues(text)
        .then((r) => {
          if (id !== latest.current) return;
          const next: EngineCheck = Array.isArray(r)
            ? { checked, issues: r }
            : { checked, issues: [], scenarioError: r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n') };
          setCheck(next);
          onResultRef.current?.(next);
        })
        .catch(() => undefined);
    }, delay);
    return () => clearTimeout(timer);
  }, [doc, device, key, delay]);

  return check;
}
