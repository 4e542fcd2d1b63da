import { useEffect, useRef, useState } from 'react';
import type { Step } from '../../lessons';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { jumpToStep, nextStep, previousStep, stepAt, useStepsOnScreen } from '../lessons/jumpToStep';
import { LessonSteps } from '../lessons/LessonSteps';
import { Markdown } from '../lessons/Markdown';
import { visibleText } from '../visibleText';
import { lessonKeysApply, lessonStepKey, NEXT_STEP_SHORTCUT, PREVIOUS_STEP_SHORTCUT } from './keys';
import '../lessons/lessons.css';

/*
 * The lesson drives the class while presenting: above the packet, the step the current event
 * belongs to ("Step 3 of 12" and its text, large), and Previous/Next step (P and N) that go
 * from lesson step to lesson step, running a step's flow first when the trace on screen is
 * another's, as the lesson panel's list does (jumpToStep.ts). The clicker's keys still step
 * event by event in between. The whole list folds out below. Without a lesson, nothing shows.
 */

export function PresentLessonStep() {
  const steps = useDocument((s) => s.doc.lesson?.steps);
  if (!steps?.length) return null;
  return <LessonStepBar steps={steps} />;
}

function LessonStepBar({ steps }: { steps: readonly Step[] }) {
  const at = useSession((s) => s.step);
  const flows = useDocument((s) => s.doc.flows);
  const located = useStepsOnScreen(steps);
  const current = stepAt(located, at);
  const next = nextStep(steps.length, located, at);
  const previous = previousStep(located, at);
  const [running, setRunning] = useState<number | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const going = useRef(false);

  const go = async (i: number | undefined) => {
    if (i === undefined || going.current) return;
    going.current = true;
    setNote(undefined);
    try {
      const outcome = await jumpToStep(steps, i, () => setRunning(i));
      if (!outcome.ok) setNote(`Step ${i + 1}: ${outcome.message}`);
    } finally {
      going.current = false;
      setRunning(undefined);
    }
  };
  // The key listener reads the latest targets, not those of the render it was added in.
  const keyTargets = useRef({ next, previous, go });
  keyTargets.current = { next, previous, go };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const way = lessonStepKey(e);
      if (!way || !lessonKeysApply(e.target instanceof Element ? e.target : null) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      const t = keyTargets.current;
      void t.go(way === 'next' ? t.next : t.previous);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const runningFlow = running !== undefined ? flows[steps[running]!.flow] : undefined;
  return (
    <section className="present-lesson" aria-label="Lesson step">
      <div className="present-lesson-bar">
        <h2 className="present-lesson-position">{current !== undefined ? `Step ${current + 1} of ${steps.length}` : `Lesson: ${steps.length} steps`}</h2>
        {/* Space on them is the clicker's next event, as everywhere while presenting, not another lesson step. */}
        <button type="button" data-space-plays onClick={() => void go(previous)} disabled={previous === undefined || running !== undefined} aria-keyshortcuts={PREVIOUS_STEP_SHORTCUT} title={`The lesson's previous step (${PREVIOUS_STEP_SHORTCUT})`}>
          Previous step
        </button>
        <button type="button" className="primary" data-space-plays onClick={() => void go(next)} disabled={next === undefined || running !== undefined} aria-keyshortcuts={NEXT_STEP_SHORTCUT} title={`The lesson's next step, running its flow when needed (${NEXT_STEP_SHORTCUT})`}>
          Next step
        </button>
      </div>
      {current !== undefined ? (
        <Markdown className="present-lesson-text" text={steps[current]!.text} />
      ) : (
        next !== undefined && (
          <p className="present-lesson-hint">
            Next step ({NEXT_STEP_SHORTCUT}) shows step {next + 1}.
          </p>
        )
      )}
      {runningFlow && (
        <p className="present-lesson-note" role="status">
          Running {visibleText(runningFlow.title ?? runningFlow.run)}…
        </p>
      )}
      {note && (
        <p className="present-lesson-note" role="status">
          {note}
        </p>
      )}
      <details className="present-lesson-all">
        <summary>All steps</summary>
        <LessonSteps steps={steps} />
      </details>
    </section>
  );
}
