import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AnswerEdit, DropQuestion, ExitQuestion, QuestionDoc } from '../../engine/scenario/types';
import { runCurrent } from '../../state/actions';
import { useDocument } from '../../state/document';
import {
  addAnswerEdit,
  addHint,
  deleteAnswerEdit,
  deleteHint,
  deleteQuestion,
  moveQuestion,
  setAnswerEdit,
  setAnswerText,
  setDropCheck,
  setExitCheck,
  setHint,
  setQuestionKind,
  setQuestionText,
  type QuestionKind,
} from '../../state/lesson';
import { useSession } from '../../state/session';
import { visibleText } from '../visibleText';
import { DraftField } from './DraftField';
import { FieldProblem, flowLabel, flowsOf, NameSelect, namesOf } from './NameSelect';
import { dropOf } from './findDrop';
import { editLesson } from './lessonEditing';

/*
 * One question as the teacher writes it: its kind, its text, how it is checked (a command that
 * must exit N, or the device that drops a flow's packet, which "Find it" reads off a run), its
 * hints and its worked answer (text, and for a command the config lines that make it pass).
 */

const KINDS: { kind: QuestionKind; label: string }[] = [
  { kind: 'exit', label: 'A command must exit with a status' },
  { kind: 'drop', label: 'Which device drops it?' },
];

/** The device ids, in document order (a new list only when the devices change). */
function useDeviceIds(): string[] {
  return useDocument(useShallow((s) => Object.keys(s.doc.devices)));
}

function useFlowNames(): string[] {
  const flows = useDocument((s) => s.doc.flows);
  return flows.map((f, i) => `${i + 1}. ${f.title ? visibleText(f.title) : `${f.on}$ ${visibleText(f.run)}`}`);
}

export function QuestionEditor({ question, index, count }: { question: QuestionDoc; index: number; count: number }) {
  const n = index + 1;
  const [problem, setProblem] = useState<string>();
  const edit = (f: Parameters<typeof editLesson>[0]) => setProblem(editLesson(f));
  return (
    <section className="lesson-edit-question" aria-label={`Question ${n}`}>
      <div className="lesson-edit-step-head">
        <strong>Question {n}</strong>
        <span className="lesson-edit-buttons">
          <button type="button" className="icon" aria-label={`Move question ${n} up`} title="Move up" disabled={index === 0} onClick={() => edit((d) => moveQuestion(d, index, -1))}>
            ↑
          </button>
          <button type="button" className="icon" aria-label={`Move question ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => edit((d) => moveQuestion(d, index, 1))}>
            ↓
          </button>
          <button type="button" className="icon lesson-edit-delete" aria-label={`Delete question ${n}`} title="Delete (undo with Ctrl+Z)" onClick={() => edit((d) => deleteQuestion(d, index))}>
            ×
          </button>
        </span>
      </div>
      <label className="field">
        <span className="lesson-edit-caption">Kind</span>
        <select aria-label="Question kind" value={question.kind} onChange={(e) => edit((d) => setQuestionKind(d, index, e.target.value as QuestionKind))}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <DraftField label="Question text" caption="Task (Markdown)" value={question.text} multiline markdown onCommit={(text) => editLesson((d) => setQuestionText(d, index, text))} />
      {question.kind === 'exit' ? <ExitFields question={question} index={index} onProblem={setProblem} /> : <DropFields question={question} index={index} onProblem={setProblem} />}
      <FieldProblem problem={problem} />
      <HintFields hints={question.hints ?? []} index={index} />
      <DraftField label="Answer text" caption="Worked answer (Markdown, optional)" value={question.answer?.text ?? ''} multiline markdown onCommit={(text) => editLesson((d) => setAnswerText(d, index, text))} />
      {question.kind === 'exit' && <AnswerLines question={question} index={index} />}
    </section>
  );
}

function ExitFields({ question, index, onProblem }: { question: ExitQuestion; index: number; onProblem(p: string | undefined): void }) {
  const devices = useDeviceIds();
  const flowNames = useFlowNames();
  const change = (c: Parameters<typeof setExitCheck>[2]) => onProblem(editLesson((d) => setExitCheck(d, index, c)));
  return (
    <div className="lesson-edit-grid">
      <NameSelect label="Flow" caption="Flow" none="(none)" value={question.flow === undefined ? '' : String(question.flow)} options={flowsOf(flowNames)} goneLabel={flowLabel} onChange={(v) => change({ flow: v === '' ? null : Number(v) })} />
      <NameSelect label="Runs on" caption="Runs on" value={question.on} options={namesOf(devices)} onChange={(on) => change({ on })} />
      <div className="lesson-edit-wide">
        <DraftField label="Command" value={question.run} mono onCommit={(run) => editLesson((d) => setExitCheck(d, index, { run }))} />
      </div>
      <DraftField
        label="Exit status"
        type="number"
        value={String(question.exit ?? 0)}
        onCommit={(text) => {
          const exit = text.trim() === '' || !/^\d+$/.test(text.trim()) ? Number.NaN : Number(text.trim());
          return Number.isNaN(exit) ? `An exit status is a whole number from 0 to 255, not ${JSON.stringify(text)}.` : editLesson((d) => setExitCheck(d, index, { exit }));
        }}
      />
    </div>
  );
}

type Finding = { status: 'idle' } | { status: 'running' } | { status: 'said'; text: string; failed?: boolean };

function DropFields({ question, index, onProblem }: { question: DropQuestion; index: number; onProblem(p: string | undefined): void }) {
  const devices = useDeviceIds();
  const flowNames = useFlowNames();
  const [finding, setFinding] = useState<Finding>({ status: 'idle' });
  const change = (c: Parameters<typeof setDropCheck>[2]) => onProblem(editLesson((d) => setDropCheck(d, index, c)));

  // Runs the flow (it becomes the run on screen) and takes the device of the drop its verdict is about.
  const find = async () => {
    const flow = question.flow;
    if (!useDocument.getState().doc.flows[flow]) return setFinding({ status: 'said', text: `There is no flow ${flow + 1}.`, failed: true });
    setFinding({ status: 'running' });
    useSession.getState().setFlow(flow);
    const after = await runCurrent();
    if (after.status !== 'done') return setFinding({ status: 'said', text: after.status === 'error' ? `The run failed: ${after.message}` : 'The run did not finish.', failed: true });
    const found = dropOf(after.result);
    if (!found) return setFinding({ status: 'said', text: 'Nothing is dropped in this flow’s trace.', failed: true });
    const q = useDocument.getState().doc.lesson?.questions?.[index];
    if (q?.kind !== 'drop' || q.flow !== flow) return setFinding({ status: 'idle' });
    change({ device: found.device });
    useSession.getState().setPlaying(false);
    useSession.getState().setStep(found.step);
    setFinding({ status: 'said', text: `${found.device} drops it (event #${found.step + 1}).` });
  };

  return (
    <div className="lesson-edit-grid">
      <NameSelect className="field lesson-edit-wide" label="Flow" caption="Flow" value={String(question.flow)} options={flowsOf(flowNames)} goneLabel={flowLabel} onChange={(v) => change({ flow: Number(v) })} />
      <NameSelect label="Device that drops it" caption="Dropped by" value={question.device} options={namesOf(devices)} onChange={(device) => change({ device })} />
      <div className="lesson-edit-find">
        <button type="button" onClick={() => void find()} disabled={finding.status === 'running'} title="Run the flow and take the device where its packet is dropped">
          Find it
        </button>
      </div>
      {finding.status !== 'idle' && (
        <p role="status" className={`small lesson-edit-wide${finding.status === 'said' && finding.failed ? ' is-failed' : ''}`}>
          {finding.status === 'running' ? 'Running the flow…' : finding.text}
        </p>
      )}
    </div>
  );
}

function HintFields({ hints, index }: { hints: readonly string[]; index: number }) {
  const [problem, setProblem] = useState<string>();
  return (
    <div className="lesson-edit-hints">
      {hints.map((h, k) => (
        <div key={k} className="lesson-edit-row">
          <DraftField label={`Hint ${k + 1}`} value={h} multiline markdown onCommit={(text) => editLesson((d) => setHint(d, index, k, text))} />
          <button type="button" className="icon lesson-edit-delete" aria-label={`Delete hint ${k + 1}`} title="Delete hint" onClick={() => editLesson((d) => deleteHint(d, index, k))}>
            ×
          </button>
        </div>
      ))}
      <div className="lesson-edit-actions">
        <button type="button" onClick={() => setProblem(editLesson((d) => addHint(d, index)))}>
          Add hint
        </button>
      </div>
      <FieldProblem problem={problem} />
    </div>
  );
}

function AnswerLines({ question, index }: { question: ExitQuestion; index: number }) {
  const devices = useDeviceIds();
  const edits: readonly AnswerEdit[] = question.answer?.edits ?? [];
  const [problem, setProblem] = useState<string>();
  return (
    <div className="lesson-edit-answer-lines">
      {edits.map((e, k) => (
        <fieldset key={k} className="lesson-edit-lines">
          <legend className="lesson-edit-caption">Config lines the answer adds{edits.length > 1 ? ` (${k + 1})` : ''}</legend>
          <div className="lesson-edit-row">
            <NameSelect label="Answer device" caption="On" value={e.device} options={namesOf(devices)} onChange={(device) => setProblem(editLesson((d) => setAnswerEdit(d, index, k, { device })))} />
            <button type="button" className="icon lesson-edit-delete" aria-label={`Delete answer lines ${k + 1}`} title="Delete these lines" onClick={() => editLesson((d) => deleteAnswerEdit(d, index, k))}>
              ×
            </button>
          </div>
          <DraftField label="Answer lines" caption="Lines (one config line per line)" value={e.lines.join('\n')} multiline rows={Math.min(6, Math.max(2, e.lines.length + 1))} mono onCommit={(text) => editLesson((d) => setAnswerEdit(d, index, k, { lines: text.split('\n') }))} />
          <DraftField label="Insert above the line starting" caption="Insert above the line starting (empty: at the end)" value={e.before ?? ''} mono onCommit={(before) => editLesson((d) => setAnswerEdit(d, index, k, { before }))} />
        </fieldset>
      ))}
      <div className="lesson-edit-actions">
        <button type="button" onClick={() => setProblem(editLesson((d) => addAnswerEdit(d, index)))}>
          Add answer lines
        </button>
      </div>
      <FieldProblem problem={problem} />
    </div>
  );
}
