import { useId, useRef, type KeyboardEvent } from 'react';
import type { DeviceViewName } from '../../engine/api';
import type { DeviceKind } from '../../engine/scenario/types';
import { useDeviceViews } from './useDeviceViews';
import { changedLines, defaultView, MODELLED_NOT_RECORDED, MODELLED_VIEWS, VIEW_COMMANDS, viewGroups } from './views';
import { useInsidesNow } from '../canvas/insides';
import { modelledConfigNote } from '../canvas/inside/notRecorded';

/*
 * The device's state as the real tools print it (ip addr, ip route, iptables -L -v -n ...), at
 * the current step of the trace: one tab per view, the output monospace and scrollable, and
 * lines that changed since the previous step marked, so the animation's effect is visible.
 */

/** Whether `device` (a device id or a namespace's label) holds IPVS services, as its config leaves it after boot. */
function useHasIpvs(device: string): boolean {
  return useInsidesNow().modelled.get(device)?.includes('IPVS') ?? false;
}

interface Props {
  device: string;
  kind: DeviceKind;
  /** The view the user chose last, if any. */
  view?: DeviceViewName;
  onView: (view: DeviceViewName) => void;
  /** The prompt line before each view's output (default `device# command`). */
  prompt?: (command: string) => string;
}

export function DeviceViews({ device, kind, view: wanted, onView, prompt }: Props) {
  const ipvs = useHasIpvs(device);
  const groups = viewGroups(kind, { ipvs });
  const names = groups.flatMap((g) => g.views.map((v) => v.name));
  const view = wanted && names.includes(wanted) ? wanted : defaultView(kind);
  const state = useDeviceViews(device);
  const base = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const text = state.views?.[view];
  const changed = text !== undefined ? changedLines(state.previous?.[view], text) : [];
  const lines = text?.replace(/\n$/, '').split('\n') ?? [];

  const onKey = (e: KeyboardEvent) => {
    const i = names.indexOf(view);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? names.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const n = (next + names.length) % names.length;
    onView(names[n]!);
    tabs.current[n]?.focus();
  };

  return (
    <div className="views">
      <div className="views-when" aria-live="polite">
        {state.at !== undefined ? (
          <span data-testid="views-step">
            at step {state.at + 1} of {state.total}
          </span>
        ) : (
          <span data-testid="views-step">after boot (run a flow to follow it step by step)</span>
        )}
        {changed.some(Boolean) && (
          <>
            {' · '}
            <span className="views-legend">changed at this step</span>
          </>
        )}
        {state.pending && <span className="muted"> · updating…</span>}
      </div>
      <div role="tablist" aria-label="Views" className="views-tabs" onKeyDown={onKey}>
        {groups.map((g) => (
          <div key={g.label} className="views-row" role="presentation">
            {g.label && (
              <span className="views-row-label" aria-hidden="true">
                {g.label}
              </span>
            )}
            {g.views.map(({ name, short }) => {
              const i = names.indexOf(name);
              return (
                <button
                  key={name}
                  ref={(el) => {
                    tabs.current[i] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`${base}-tab-${i}`}
                  aria-label={name}
                  aria-selected={name === view}
                  aria-controls={`${base}-panel`}
                  tabIndex={name === view ? 0 : -1}
                  onClick={() => onView(name)}
                >
                  {short}
                </button>
              );
            })}
          </div>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${names.indexOf(view)}`} className="views-panel">
        {MODELLED_NOT_RECORDED[view] && <p className="muted view-note">{MODELLED_NOT_RECORDED[view]}</p>}
        {MODELLED_VIEWS[view] && (
          <p className="view-modelled">
            <span className="modelled-badge" role="note" aria-label={`${view}: modelled, not recorded`} title={modelledConfigNote([MODELLED_VIEWS[view]])}>
              Modelled, not recorded
            </span>
            <span className="muted">{MODELLED_VIEWS[view]} follows the kernel's source: the test kernel has no ip_vs module.</span>
          </p>
        )}
        <section role="region" aria-label={view} className="view-output" tabIndex={0}>
          <pre>
            <span className="view-prompt">
              {prompt ? prompt(VIEW_COMMANDS[view]) : `${device}# ${VIEW_COMMANDS[view]}`}
            </span>
            {'\n'}
            {state.error ? (
              <span className="view-error">{state.error}</span>
            ) : text === undefined ? (
              <span className="muted">…</span>
            ) : text.trim() === '' ? (
              <span className="muted">(prints nothing)</span>
            ) : (
              lines.map((l, i) => (
                <span key={i} className={changed[i] ? 'view-line changed' : 'view-line'}>
                  {l}
                  {'\n'}
                </span>
              ))
            )}
          </pre>
        </section>
      </div>
    </div>
  );
}
