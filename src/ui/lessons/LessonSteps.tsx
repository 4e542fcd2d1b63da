import { useState } from 'react';
import type { Step } from '../../lessons';
import { useSession } from '../../state/session';
import { jumpToStep, useStepsOnScreen } from './jumpToStep';
import { Markdown } from './Markdown';

/*
 * The numbered steps of a lesson. Each points at an event of one flow's trace: clicking it
 * shows that event (the trace jumps there); when the trace on screen is not that flow's,
 * the flow runs first (jumpToStep.ts, shared with presentation). The step whose event is the
 * current one is marked.
 */

export function LessonSteps({ steps }: { steps: readonly Step[] }) {
  const step = useSession((s) => s.step);
  const [note, setNote] = useState<{ step: number; text: string } | undefined>();
  const [busy, setBusy] = useState<number | undefined>();
  const located = useStepsOnScreen(steps);

  const jump = async (i: number) => {
    setNote(undefined);
    const outcome = await jumpToStep(steps, i, () => setBusy(i));
    setBusy(undefined);
    if (!outcome.ok) setNote({ step: i, text: outcome.message });
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
