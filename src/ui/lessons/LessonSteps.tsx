import { useMemo, useState } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { locateSteps, type Step } from '../../lessons';
import { runCurrent } from '../../state/actions';
import { runIsOutOfDate, useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { Markdown } from './Markdown';

/*
 * The numbered steps of a lesson. Each points at an event of one flow's trace: clicking it
 * shows that event (the trace jumps there); when the trace on screen is not that flow's,
 * the flow runs first. The step whose event is the current one is marked.
 */

/** The event index of step `i` in `events`, found the same way the unit tests find it. */
function locate(steps: readonly Step[], i: number, events: readonly TraceEvent[]): number {
  const flow = steps[i]!.flow;
  return locateSteps(steps, (f) => (f === flow ? events : undefined))[i]!;
}

export function LessonSteps({ steps }: { steps: readonly Step[] }) {
  const run = useSession((s) => s.run);
  const custom = useSession((s) => s.custom);
  const flowIndex = useSession((s) => s.flowIndex);
  const step = useSession((s) => s.step);
  const [note, setNote] = useState<{ step: number; text: string } | undefined>();
  const [busy, setBusy] = useState<number | undefined>();
  const outOfDate = useRunOutOfDate();

  // Where each step is in the trace on screen, when that trace is a current run of the step's flow.
  const shown = run.status === 'done' && !custom && !outOfDate ? run.result.events : undefined;
  const located = useMemo(() => (shown ? locateSteps(steps, (f) => (f === flowIndex ? shown : undefined)) : []), [steps, shown, flowIndex]);

  const jump = async (i: number) => {
    const target = steps[i]!;
    setNote(undefined);
    if (target.flow >= useDocument.getState().doc.flows.length) {
      setNote({ step: i, text: `This step is about flow ${target.flow}, which the scenario no longer has.` });
      return;
    }
    const s = useSession.getState();
    const ready = s.run.status === 'done' && !s.custom && s.flowIndex === target.flow && !runIsOutOfDate();
    if (!ready) {
      setBusy(i);
      s.setFlow(target.flow);
      await runCurrent();
      setBusy(undefined);
    }
    const after = useSession.getState();
    if (after.run.status !== 'done') {
      setNote({ step: i, text: after.run.status === 'error' ? `The run failed: ${after.run.message}` : 'The run did not finish.' });
      return;
    }
    const at = locate(steps, i, after.run.result.events);
    if (at < 0) {
      setNote({ step: i, text: 'This step does not happen in this run: the config has changed since the lesson was written.' });
      return;
    }
    after.setPlaying(false);
    after.setStep(at);
  };

  return (
    <ol className="lesson-steps">
      {steps.map((st, i) => {
        const current = located[i] !== undefined && located[i]! >= 0 && located[i] === step;
        return (
          <li key={i} className={current ? 'is-current' : undefined}>
            <button type="button" className="lesson-step" onClick={() => void jump(i)} aria-current={current ? 'step' : undefined} disabled={busy !== undefined}>
              <span className="lesson-step-number">{i + 1}</span>
              <span className="lesson-step-text">
                <Markdown inline text={st.text} />
                {busy === i && <span className="muted"> (running flow {st.flow}…)</span>}
              </span>
            </button>
            {note?.step === i && (
              <p className="lesson-note" role="status">
                {note.text}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
