import { useEffect, useMemo, useRef, useState } from 'react';
import { locateSteps } from '../../lessons/match';
import { useRunOutOfDate } from '../../state/currency';
import { useSession } from '../../state/session';
import type { EventPattern, StepDoc } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';
import { addQuestion, deleteStep, moveStep, removeLesson, setStepText, setSummary } from '../../state/lesson';
import { visibleText } from '../visibleText';
import { DraftField } from './DraftField';
import { FieldProblem } from './NameSelect';
import { editLesson, useLessonEditing } from './lessonEditing';
import { QuestionEditor } from './QuestionEditor';
import './lesson-editor.css';

/*
 * The lesson panel as the teacher writes it (teacher view only): the summary, the steps (each
 * pointing at an event of a flow's trace, made with "Use as step" in the packet pane), the
 * questions with their checks, hints and answers. Every change is one undoable edit of the
 * document (state/lesson.ts); "Done editing" shows the panel as learners see it.
 */

/** A step's event, compactly: `router:eth0 · hook · nf_hook`. */
export function eventLabel(e: EventPattern): string {
  return [`${e.device}${e.port ? `:${e.port}` : ''}`, e.kind, e.reason?.code].filter(Boolean).join(' · ');
}

type Focus = { step: number; control: 'up' | 'down' | 'text' };

export function LessonEditor() {
  const lesson = useDocument((s) => s.doc.lesson);
  const flows = useDocument((s) => s.doc.flows);
  const focusStep = useLessonEditing((s) => s.focusStep);
  const [focus, setFocus] = useState<Focus>();
  const [problem, setProblem] = useState<string>();
  const root = useRef<HTMLElement>(null);
  const steps = lesson?.steps ?? [];
  const questions = lesson?.questions ?? [];
  // Where each step of the flow on screen is in its trace (a current run of that flow): the
  // author sees at once a step that no longer finds its event (moved before its event's turn).
  const run = useSession((s) => s.run);
  // A typed command's run or an injected packet's is not the flow's.
  const custom = useSession((s) => s.custom ?? s.packet);
  const flowIndex = useSession((s) => s.flowIndex);
  const outOfDate = useRunOutOfDate();
  const shown = run.status === 'done' && !custom && !outOfDate ? run.result.events : undefined;
  const located = useMemo(() => (shown ? locateSteps(steps, (f) => (f === flowIndex ? shown : undefined)) : []), [steps, shown, flowIndex]);

  // A step just made from the trace: its text, selected, ready to be rewritten.
  useEffect(() => {
    if (focusStep === undefined) return;
    const field = root.current?.querySelector<HTMLTextAreaElement>(`[data-step="${focusStep}"] textarea`);
    if (field) {
      field.focus();
      field.select();
      field.scrollIntoView({ block: 'nearest' });
    }
    useLessonEditing.getState().focusOn(undefined);
  }, [focusStep]);

  useEffect(() => {
    if (!focus) return;
    const target = root.current?.querySelector<HTMLButtonElement>(`[data-step="${focus.step}"] [data-control="${focus.control}"]`);
    (target && !target.disabled ? target : root.current?.querySelector<HTMLElement>(`[data-step="${focus.step}"] textarea`))?.focus();
    setFocus(undefined);
  }, [focus]);

  const move = (i: number, by: -1 | 1) => {
    if (editLesson((d) => moveStep(d, i, by)) === undefined) setFocus({ step: i + by, control: by < 0 ? 'up' : 'down' });
  };

  return (
    <section className="lesson-editor" aria-label="Lesson editor" ref={root}>
      <div className="lesson-editor-head">
        <h3>Editing the lesson</h3>
        <button type="button" className="primary" onClick={() => useLessonEditing.getState().setEditing(false)}>
          Done editing
        </button>
      </div>
      <p className="muted small">Every change is saved as you leave a field, and undone with Ctrl+Z.</p>
      <DraftSummary value={lesson?.summary ?? ''} />

      <section className="lesson-edit-section" aria-label="Steps">
        <h4>Steps</h4>
        {steps.length === 0 && <p className="muted small">No steps yet.</p>}
        <ol className="lesson-edit-steps">
          {steps.map((s, i) => (
            <StepEditor key={i} step={s} index={i} count={steps.length} flowTitle={flows[s.flow]?.title} flowMissing={!flows[s.flow]} at={shown && s.flow === flowIndex ? located[i] : undefined} onMove={move} onDelete={() => {
              editLesson((d) => deleteStep(d, i));
              setFocus({ step: Math.min(i, steps.length - 2), control: 'text' });
            }} />
          ))}
        </ol>
        <p className="muted small lesson-edit-how">
          To add a step: run a flow, step to an event in the trace, and press <strong>Use as step</strong> above the packet.
        </p>
      </section>

      <section className="lesson-edit-section" aria-label="Questions">
        <h4>Questions</h4>
        {questions.length === 0 && <p className="muted small">No questions yet.</p>}
        {questions.map((q, i) => (
          <QuestionEditor key={i} question={q} index={i} count={questions.length} />
        ))}
        <div className="lesson-edit-actions">
          <button type="button" onClick={() => setProblem(editLesson((d) => addQuestion(d, 'exit')))}>
            Add question
          </button>
        </div>
        <FieldProblem problem={problem} />
      </section>

      {lesson && (
        <div className="lesson-edit-actions lesson-edit-remove">
          <button type="button" className="danger-link" onClick={() => editLesson(removeLesson)} title="Remove the steps, questions and summary (undo with Ctrl+Z)">
            Delete the whole lesson
          </button>
        </div>
      )}
    </section>
  );
}

function DraftSummary({ value }: { value: string }) {
  return (
    <div className="lesson-edit-summary">
      <DraftField label="Summary" value={value} placeholder="One line for the lesson gallery" onCommit={(text) => editLesson((d) => setSummary(d, text))} />
    </div>
  );
}

function StepEditor({ step, index, count, flowTitle, flowMissing, at, onMove, onDelete }: { step: StepDoc; index: number; count: number; flowTitle?: string; flowMissing: boolean; at?: number; onMove(i: number, by: -1 | 1): void; onDelete(): void }) {
  const n = index + 1;
  return (
    <li className="lesson-edit-step" data-step={index}>
      <div className="lesson-edit-step-head">
        <span className="lesson-step-number">{n}</span>
        <span className="lesson-edit-step-where" title={flowTitle ? `Flow ${step.flow + 1}: ${visibleText(flowTitle)}` : undefined}>
          <span className={flowMissing ? 'is-failed' : 'muted'}>flow {step.flow + 1}{flowMissing ? ' (gone)' : ''}</span> <code>{eventLabel(step.event)}</code>
          {at !== undefined && (at >= 0 ? <span className="muted"> · event #{at + 1}</span> : <span className="is-failed"> · not in this run</span>)}
        </span>
        <span className="lesson-edit-buttons">
          <button type="button" className="icon" data-control="up" aria-label={`Move step ${n} up`} title="Move up" disabled={index === 0} onClick={() => onMove(index, -1)}>
            ↑
          </button>
          <button type="button" className="icon" data-control="down" aria-label={`Move step ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove(index, 1)}>
            ↓
          </button>
          <button type="button" className="icon lesson-edit-delete" aria-label={`Delete step ${n}`} title="Delete (undo with Ctrl+Z)" onClick={onDelete}>
            ×
          </button>
        </span>
      </div>
      <DraftField label={`Step ${n} text`} caption="" placeholder="What happens at this event (Markdown)" value={step.text} multiline markdown onCommit={(text) => editLesson((d) => setStepText(d, index, text))} />
    </li>
  );
}
