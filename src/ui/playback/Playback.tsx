import { useEffect, useState } from 'react';
import { useSession } from '../../state/session';
import { formatMs, placeOf } from './classify';
import { perform, SPEEDS, togglePlay } from './control';
import { usePlaybackClock, usePlaybackKeys } from './usePlaybackDriver';
import { ModelledRunBadge } from './Modelled';
import './playback.css';
import { why } from '../../engine/trace/why';
import { usePresentation } from '../../state/presentation';
import { presentKeyAction } from '../present/keys';

/*
 * The playback bar: play/pause, step back/forward, speed, the scrubber over every event,
 * "step N of M" and the virtual time of the current event. Keyboard: space, ←/→ (Shift: 10
 * steps), Home/End; in presentation, present/keys.ts. With the trace filtered, stepping and playing visit the shown events.
 */

/* The buttons' icons as inline SVG (the Unicode media symbols are missing from many fonts). */
const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

function PlayIcon() {
  return (
    <svg {...common}>
      <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
    </svg>
  );
}

function PauseIcon() {
  return (
    <svg {...common}>
      <rect x="3.5" y="2.5" width="3" height="11" rx="0.8" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="0.8" fill="currentColor" />
    </svg>
  );
}

function StepBackIcon() {
  return (
    <svg {...common}>
      <rect x="2.5" y="2.5" width="2.2" height="11" rx="0.6" fill="currentColor" />
      <path d="M13.5 2.5v11L5.5 8z" fill="currentColor" />
    </svg>
  );
}

function StepForwardIcon() {
  return (
    <svg {...common}>
      <path d="M2.5 2.5v11L10.5 8z" fill="currentColor" />
      <rect x="11.3" y="2.5" width="2.2" height="11" rx="0.6" fill="currentColor" />
    </svg>
  );
}

function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, now - since);
}

function RunProgress() {
  const run = useSession((s) => s.run);
  const elapsed = useElapsed(run.status === 'running' ? run.startedAt : undefined);
  if (run.status !== 'running') return null;
  const p = run.progress;
  return (
    <div className="pb-progress">
      <div className="pb-progress-bar" role="progressbar" aria-label="Simulation progress" aria-valuetext={p ? `${p.events} events` : 'starting'}>
        <span />
      </div>
      <span className="pb-muted">
        Simulating… {(elapsed / 1000).toFixed(1)} s
        {p ? ` · ${p.events.toLocaleString('en')} events · ${(p.now / 1e9).toFixed(1)} s of virtual time` : ''}
      </span>
    </div>
  );
}

export function Playback() {
  const run = useSession((s) => s.run);
  const step = useSession((s) => s.step);
  const playing = useSession((s) => s.playing);
  const speed = useSession((s) => s.speed);
  const setSpeed = useSession((s) => s.setSpeed);
  const setStep = useSession((s) => s.setStep);
  const events = run.status === 'done' ? run.result.events : [];
  const ready = events.length > 0;
  usePlaybackClock();
  // Presenting, Space and a clicker's PageDown/PageUp step instead of playing.
  const presenting = usePresentation((s) => s.presenting);
  usePlaybackKeys(ready, presenting ? presentKeyAction : undefined);

  const current = ready ? Math.min(step, events.length - 1) : 0;
  const event = ready ? events[current] : undefined;

  return (
    <div className="pb-bar" role="toolbar" aria-label="Playback controls">
      <div className="pb-buttons">
        <button type="button" className="pb-icon" aria-label="Step back" title={presenting ? 'Step back (←, Page Up, Shift+Space)' : 'Step back (←, Shift+← for 10)'} disabled={!ready || current === 0} onClick={() => perform({ kind: 'move', delta: -1 })}>
          <StepBackIcon />
        </button>
        <button type="button" className="pb-icon pb-play" aria-label={playing ? 'Pause' : 'Play'} title={presenting ? (playing ? 'Pause' : 'Play') : playing ? 'Pause (Space)' : 'Play (Space)'} disabled={!ready} onClick={togglePlay}>
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button type="button" className="pb-icon" aria-label="Step forward" title={presenting ? 'Step forward (→, Page Down, Space)' : 'Step forward (→, Shift+→ for 10)'} disabled={!ready || current >= events.length - 1} onClick={() => perform({ kind: 'move', delta: 1 })}>
          <StepForwardIcon />
        </button>
      </div>
      <label className="pb-speed">
        Speed
        <select aria-label="Speed" value={speed} disabled={!ready} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} events/s
            </option>
          ))}
        </select>
      </label>
      {run.status === 'running' ? (
        <RunProgress />
      ) : ready ? (
        <>
          <input
            className="pb-scrubber"
            type="range"
            aria-label="Step"
            min={0}
            max={events.length - 1}
            value={current}
            aria-valuetext={`step ${current + 1} of ${events.length}`}
            onChange={(e) => {
              useSession.getState().setPlaying(false);
              setStep(Number(e.target.value));
            }}
          />
          <span className="pb-position" aria-live="off">
            step <strong>{current + 1}</strong> of {events.length}
          </span>
          <span className="pb-time" title="Virtual time of this event since the command started">
            {event ? formatMs(event.t) : ''}
          </span>
          <ModelledRunBadge features={run.status === 'done' ? run.result.modelled : []} />
          {/* Said once per step taken, not at every step of a playing trace (that would drown the reader). */}
          <span className="sr-only" aria-live="polite" aria-atomic="true">
            {event && !playing ? `Step ${current + 1} of ${events.length}: ${placeOf(event)}, ${why(event)}` : ''}
          </span>
        </>
      ) : (
        <>
          <input className="pb-scrubber" type="range" aria-label="Step" min={0} max={0} value={0} disabled readOnly />
          <span className="pb-hint">{run.status === 'error' ? 'The run failed: see the summary' : run.status === 'done' ? 'The run produced no events' : 'Press Run to simulate the selected flow or the typed command'}</span>
        </>
      )}
    </div>
  );
}
