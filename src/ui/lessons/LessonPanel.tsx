import { lessonFor, pairFor } from '../../lessons';
import { useDocument } from '../../state/document';
import { LessonQuestion } from './LessonQuestion';
import { LessonSteps } from './LessonSteps';
import { Markdown } from './Markdown';
import { WhatChanged } from './WhatChanged';
import './lessons.css';

/*
 * Beside the canvas when no device is selected, under the scenario's title: the about text
 * as (sanitised) markdown, and for a built-in lesson its numbered steps, its question and,
 * for a broken/fixed pair, what changed between the two.
 */
export function LessonPanel() {
  const origin = useDocument((s) => s.origin);
  const about = useDocument((s) => s.doc.about ?? '');
  const lesson = lessonFor(origin);
  const pair = pairFor(origin);
  return (
    <div className="lesson-panel">
      {about && <Markdown text={about} className="lesson-about" />}
      {lesson && (
        <>
          <section className="lesson-section" aria-label="Lesson steps">
            <h3>Steps</h3>
            <p className="muted small">Click a step to see its event in the trace; the flow runs first if needed.</p>
            <LessonSteps key={lesson.name} lesson={lesson} />
          </section>
          {lesson.question && <LessonQuestion key={lesson.name} question={lesson.question} />}
          {pair && <WhatChanged key={`${pair.broken}:${origin}`} pair={pair} side={origin === pair.broken ? 'broken' : 'fixed'} />}
        </>
      )}
    </div>
  );
}
