import { useState } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { verdict as runVerdict } from '../../engine/trace/verdict';
import type { ExitQuestion } from '../../lessons';
import { questionRequest, verdictOf, type Verdict } from '../../lessons/question';
import { runRequest } from '../../state/actions';
import { sameRunInputs } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';

/*
 * An "exit" question's check: one command run in the worker on the document as it is now. It
 * passes when the command exits with the status asked, as the same command would on Linux. The
 * check is the run on screen (trace, summary, the step its verdict is about), so what it says
 * can be followed packet by packet; after an edit its verdict, about the document before, is no
 * longer shown.
 */

/** A finished check keeps the document it checked: its verdict shows while that is still what is on screen. */
type CheckState = { status: 'idle' } | { status: 'running' } | { status: 'done'; verdict: Verdict; doc: ScenarioDoc } | { status: 'error'; message: string; doc: ScenarioDoc };

export function ExitCheck({ question, onPassed }: { question: ExitQuestion; onPassed(): void }) {
  const [checked, setCheck] = useState<CheckState>({ status: 'idle' });
  const doc = useDocument((s) => s.doc);
  const want = question.exit ?? 0;
  // An edit since (not a moved device) makes the verdict one about another scenario.
  const check: CheckState = 'doc' in checked && !sameRunInputs(checked.doc, doc) ? { status: 'idle' } : checked;

  const run = async () => {
    setCheck({ status: 'running' });
    useSession.getState().setCustom({ on: question.on, command: question.run });
    const checking = useDocument.getState().doc;
    const after = await runRequest(questionRequest(question, checking));
    if (after.status === 'done') {
      const v = verdictOf(after.result, want);
      setCheck({ status: 'done', verdict: v, doc: checking });
      if (v.passed) onPassed();
      const at = runVerdict(after.result).seq;
      if (at !== undefined) useSession.getState().setStep(at);
    } else if (after.status === 'error') setCheck({ status: 'error', message: after.message, doc: checking });
    // A cancelled run, or another document opened meanwhile: the check can simply be tried again.
    else setCheck({ status: 'idle' });
  };

  return (
    <>
      <p className="muted small">
        Passes when <code>{question.run}</code> on <span className="mono">{question.on}</span> exits {want}.
      </p>
      <div className="lesson-question-actions">
        <button type="button" className="primary" onClick={() => void run()} disabled={check.status === 'running'}>
          Check
        </button>
        {/* Only while there is something to say: an empty status region would be one more "status" on the page. */}
        {check.status !== 'idle' && (
          <span role="status" className="lesson-verdict">
            {check.status === 'running' && 'Checking…'}
            {check.status === 'done' && check.verdict.passed && <span className="is-passed">✓ Passed: it exits {want}.</span>}
            {check.status === 'done' && !check.verdict.passed && <span className="is-failed">✗ Not yet: {check.verdict.reason}.</span>}
            {check.status === 'error' && <span className="is-failed">The check could not run: {check.message}</span>}
          </span>
        )}
      </div>
    </>
  );
}
