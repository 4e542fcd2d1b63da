import { useMemo, useRef } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { LESSONS } from '../../lessons';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { openBuiltin } from '../../state/actions';
import { useDocument } from '../../state/document';
import { LessonPicture } from './LessonPicture';
import { Markdown } from './Markdown';
import './lessons.css';

/*
 * The header's "Lessons" button and the gallery it opens: one card per built-in scenario, in
 * lesson order, with its picture, title and one line. Choosing a card opens that scenario;
 * its lesson then shows in the inspector. A native modal <dialog>: Escape closes it and focus
 * returns to the button.
 */
export function LessonsButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const origin = useDocument((s) => s.origin);
  const docs = useMemo(() => Object.fromEntries(Object.entries(BUILTIN_SCENARIOS).map(([name, text]) => [name, JSON.parse(text) as ScenarioDoc])), []);

  const choose = (name: string) => {
    openBuiltin(name);
    dialog.current?.close();
  };

  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">
        Lessons
      </button>
      <dialog
        ref={dialog}
        className="lessons-dialog"
        aria-label="Lessons"
        // A click on the backdrop lands on the dialog element itself: close.
        onClick={(e) => e.target === e.currentTarget && dialog.current?.close()}
      >
        <header className="lessons-dialog-head">
          <h2>Lessons</h2>
          <button type="button" className="icon" aria-label="Close lessons" onClick={() => dialog.current?.close()}>
            ×
          </button>
        </header>
        <ul className="lessons-gallery" role="list">
          {Object.keys(BUILTIN_SCENARIOS).map((name, i) => {
            const lesson = LESSONS[name];
            const doc = docs[name]!;
            return (
              <li key={name}>
                <button type="button" className={`lesson-card${name === origin ? ' is-open' : ''}`} onClick={() => choose(name)} aria-current={name === origin ? 'true' : undefined}>
                  <LessonPicture doc={doc} actor={lesson?.question?.on ?? doc.flows[0]?.on} state={lesson?.state} />
                  <span className="lesson-card-title">
                    <span className="lesson-card-number">{i + 1}.</span> {lesson?.title ?? doc.title}
                  </span>
                  <Markdown inline text={lesson?.summary ?? ''} className="lesson-card-summary" />
                </button>
              </li>
            );
          })}
        </ul>
      </dialog>
    </>
  );
}
