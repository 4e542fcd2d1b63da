import { Suspense, useEffect } from 'react';
import { isInPair } from '../../lessons/twins';
import { useLessonEditing } from '../authoring/lessonEditing';
import { lazyNamed } from '../lazy';
import { useDocument } from '../../state/document';
import { useAnswersShown, useTeaching } from '../../state/teaching';
import { LessonQuestion } from './LessonQuestion';
import { LessonSteps } from './LessonSteps';
import { Markdown } from './Markdown';
import './lessons.css';
import '../authoring/teacher-buttons.css';

// The teacher's editor: a chunk of its own, learners never load it.
const LessonEditor = lazyNamed(() => import('../authoring/LessonEditor'), 'LessonEditor');
// With both lessons' files: a chunk of its own, shown closed (as it first shows) until it is here.
const PairWhatChanged = lazyNamed(() => import('./WhatChanged'), 'PairWhatChanged');

/*
 * Beside the canvas when no device is selected, under the scenario's title: the about text
 * as (sanitised) markdown, and the document's lesson: its numbered steps, its questions and,
 * for a built-in broken/fixed pair, what changed between the two (for a student, only once the
 * first question is passed). In teacher view, "Edit lesson" ("Add a lesson") turns it into the
 * lesson editor until "Done editing".
 */
export function LessonPanel() {
  const origin = useDocument((s) => s.origin);
  const about = useDocument((s) => s.doc.about ?? '');
  const lesson = useDocument((s) => s.doc.lesson);
  const generation = useDocument((s) => s.generation);
  const student = useTeaching((t) => t.audience === 'student');
  const pairShown = useAnswersShown(generation, 0);
  useEffect(() => useTeaching.getState().forget(), [generation]);
  const editing = useLessonEditing((s) => s.editing);
  const steps = lesson?.steps ?? [];
  const questions = lesson?.questions ?? [];
  if (editing && !student) {
    return (
      <div className="lesson-panel">
        <Suspense fallback={<p className="muted small" role="status">Loading the lesson editor…</p>}>
          <LessonEditor />
        </Suspense>
      </div>
    );
  }
  return (
    <div className="lesson-panel">
      {!student && (
        <div className="lesson-edit-open">
          <button type="button" onClick={() => useLessonEditing.getState().setEditing(true)}>
            {lesson ? 'Edit lesson' : 'Add a lesson'}
          </button>
        </div>
      )}
      {student && (
        <p className="lesson-audience muted small" role="note">
          Student view: answers show once you pass the question.
        </p>
      )}
      {about && <Markdown text={about} className="lesson-about" />}
      {steps.length > 0 && (
        <section className="lesson-section" aria-label="Lesson steps">
          <h3>Steps</h3>
          <p className="muted small">Click a step to see its event in the trace; the flow runs first if needed.</p>
          <LessonSteps key={generation} steps={steps} />
        </section>
      )}
      {questions.map((q, i) => (
        <LessonQuestion key={`${generation}:${i}`} question={q} index={i} count={questions.length} generation={generation} />
      ))}
      {origin !== undefined && isInPair(origin) && pairShown && (
        <Suspense fallback={<WhatChangedClosed />}>
          <PairWhatChanged origin={origin} />
        </Suspense>
      )}
    </div>
  );
}

/** "What changed" as it first shows, closed: what stands in while its chunk loads. */
function WhatChangedClosed() {
  return (
    <details className="what-changed">
      <summary>
        <h3>What changed</h3>
      </summary>
    </details>
  );
}
