import { useState } from 'react';
import type { Question } from '../../lessons';
import { useAnswersShown, useTeaching } from '../../state/teaching';
import { DropCheck } from './DropCheck';
import { ExitCheck } from './ExitCheck';
import { Hints } from './Hints';
import { Markdown } from './Markdown';

/*
 * One question of the lesson: its task, the way it is checked (a command that must exit N, or
 * the device that drops a flow's packet), hints one at a time, and the worked answer, which a
 * student sees only once the question is passed (or as the teacher's link says).
 */
export function LessonQuestion({ question, index, count, generation }: { question: Question; index: number; count: number; generation: number }) {
  const shown = useAnswersShown(generation, index);
  const student = useTeaching((t) => t.audience === 'student');
  const [passedNow, setPassedNow] = useState(false);
  const onPassed = () => {
    setPassedNow(true);
    useTeaching.getState().pass(generation, index);
  };
  const edits = question.kind === 'exit' ? (question.answer?.edits ?? []) : [];
  const hasAnswer = Boolean(question.answer?.text) || edits.length > 0;
  const title = count > 1 ? `Question ${index + 1}` : 'Question';
  return (
    <section className="lesson-question" aria-label={title}>
      <h3>{title}</h3>
      <div className="lesson-question-text">
        <Markdown text={question.text} />
      </div>
      {question.kind === 'exit' ? <ExitCheck question={question} onPassed={onPassed} /> : <DropCheck question={question} index={index} onPassed={onPassed} />}
      <Hints hints={question.hints ?? []} />
      {hasAnswer && shown && (
        <details className="lesson-hint" open={student && passedNow ? true : undefined}>
          <summary>One answer</summary>
          {question.answer?.text && <Markdown text={question.answer.text} />}
          {edits.map((s, i) => (
            <div key={i}>
              <p className="small">
                On <span className="mono">{s.device}</span>
                {s.before ? (
                  <>
                    , above the line starting <code>{s.before}</code>
                  </>
                ) : (
                  ', at the end'
                )}
                :
              </p>
              <pre className="lesson-lines">{s.lines.join('\n')}</pre>
            </div>
          ))}
        </details>
      )}
      {hasAnswer && !shown && <p className="muted small lesson-answer-hidden">The answer shows once the question is passed.</p>}
    </section>
  );
}
