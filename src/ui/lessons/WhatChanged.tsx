import { useMemo, useState } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import type { TraceEvent } from '../../engine/trace/types';
import { pairFor, type LessonPair } from '../../lessons';
import { configDiff, firstDivergence, type DiffLine, type Divergence } from '../../lessons/diff';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { openBuiltin } from '../../state/actions';
import { engine } from '../../worker/client';
import { why } from '../../engine/trace/why';

/*
 * "What changed" between the broken and the fixed scenario of a pair, as shipped: the config
 * lines that differ, side by side, and the first event where the two runs of the same command
 * part. The runs happen in the worker the first time the section is opened.
 */

type Runs = { status: 'idle' | 'running' } | { status: 'done'; divergence?: Divergence } | { status: 'error'; message: string };

/** Changed lines with one line of context around each change; "…" where lines are skipped. */
function withContext(lines: DiffLine[]): (DiffLine | 'gap')[] {
  const keep = lines.map((l, i) => l.op !== 'same' || lines[i - 1]?.op === 'removed' || lines[i - 1]?.op === 'added' || lines[i + 1]?.op === 'removed' || lines[i + 1]?.op === 'added');
  const out: (DiffLine | 'gap')[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out[out.length - 1] !== 'gap') out.push('gap');
  });
  return out;
}

function EventCard({ label, event }: { label: string; event?: TraceEvent }) {
  return (
    <div className="diverge-card">
      <div className="diverge-label">{label}</div>
      {event ? (
        <>
          <div className="mono small">
            {event.device}
            {event.port ? `:${event.port}` : ''} · {event.kind}
          </div>
          <div>{why(event)}</div>
        </>
      ) : (
        <div className="muted">the trace has ended</div>
      )}
    </div>
  );
}

export function WhatChanged({ pair, side }: { pair: LessonPair; side: 'broken' | 'fixed' }) {
  const [runs, setRuns] = useState<Runs>({ status: 'idle' });
  const diffs = useMemo(() => configDiff(JSON.parse(BUILTIN_SCENARIOS[pair.broken]!) as ScenarioDoc, JSON.parse(BUILTIN_SCENARIOS[pair.fixed]!) as ScenarioDoc), [pair]);

  const compare = async () => {
    setRuns({ status: 'running' });
    try {
      const [a, b] = await Promise.all([pair.broken, pair.fixed].map((name) => engine().runScenario({ doc: BUILTIN_SCENARIOS[name]!, on: pair.on, command: pair.run })));
      if (!a!.ok || !b!.ok) throw new Error('a scenario of the pair does not load');
      setRuns({ status: 'done', divergence: firstDivergence(a!.events, b!.events) });
    } catch (e) {
      setRuns({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const twin = side === 'broken' ? pair.fixed : pair.broken;
  return (
    <details className="what-changed" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && runs.status === 'idle' && void compare()}>
      <summary>
        <h3>What changed</h3>
      </summary>
      <p className="small">
        From <span className="mono">{pair.broken}</span> to <span className="mono">{pair.fixed}</span>:
      </p>
      {diffs.map((d) => (
        <div key={d.device} className="diff-device">
          <h4 className="mono">{d.device}</h4>
          <div className="diff-grid" role="table" aria-label={`Config of ${d.device}, broken and fixed`}>
            <div role="row" className="diff-row diff-head">
              <span role="columnheader">broken</span>
              <span role="columnheader">fixed</span>
            </div>
            {withContext(d.lines).map((l, i) =>
              l === 'gap' ? (
                <div role="row" key={i} className="diff-row diff-gap">
                  <span role="cell">…</span>
                  <span role="cell">…</span>
                </div>
              ) : (
                <div role="row" key={i} className={`diff-row diff-${l.op}`}>
                  <span role="cell">{l.op !== 'added' ? (l.op === 'removed' ? `− ${l.text}` : l.text) : ''}</span>
                  <span role="cell">{l.op !== 'removed' ? (l.op === 'added' ? `+ ${l.text}` : l.text) : ''}</span>
                </div>
              ),
            )}
          </div>
        </div>
      ))}
      <h4>Where the runs part</h4>
      <p className="small">
        <code>{pair.run}</code> on <span className="mono">{pair.on}</span>, in both:
      </p>
      <div role="status" className="diverge">
        {runs.status === 'running' && <p className="muted">Running both…</p>}
        {runs.status === 'error' && <p className="is-failed">The runs failed: {runs.message}</p>}
        {runs.status === 'done' && !runs.divergence && <p>The two runs are the same, event for event.</p>}
        {runs.status === 'done' && runs.divergence && (
          <>
            <p>
              The first {runs.divergence.index} events are the same; event {runs.divergence.index} differs:
            </p>
            <div className="diverge-pair">
              <EventCard label="broken" event={runs.divergence.a} />
              <EventCard label="fixed" event={runs.divergence.b} />
            </div>
          </>
        )}
      </div>
      <button type="button" onClick={() => void openBuiltin(twin)}>
        Open the {side === 'broken' ? 'fixed' : 'broken'} version
      </button>
    </details>
  );
}

/**
 * The section for the pair lesson `origin` belongs to, if any. A chunk of its own with the
 * lessons' files (lessons/index reads the command both run from the broken lesson's question).
 */
export function PairWhatChanged({ origin }: { origin: string }) {
  const pair = pairFor(origin);
  return pair ? <WhatChanged key={`${pair.broken}:${origin}`} pair={pair} side={origin === pair.broken ? 'broken' : 'fixed'} /> : null;
}
