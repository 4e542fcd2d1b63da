import { useMemo } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { LESSONS } from '../../lessons';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { useDocument } from '../../state/document';
import { LessonPicture } from './LessonPicture';
import { Markdown } from './Markdown';
import './lessons.css';

/*
 * The lessons dialog's gallery: one card per built-in scenario, in lesson order, with its
 * picture, title and one line. Its own chunk (markdown), loaded when the dialog first opens.
 */
export function LessonGallery({ onChoose }: { onChoose(name: string): void }) {
  const origin = useDocument((s) => s.origin);
  const docs = useMemo(() => Object.fromEntries(Object.entries(BUILTIN_SCENARIOS).map(([name, text]) => [name, JSON.parse(text) as ScenarioDoc])), []);
  return (
    <ul className="lessons-gallery" role="list">
      {Object.keys(BUILTIN_SCENARIOS).map((name, i) => {
        const lesson = LESSONS[name];
        const doc = docs[name]!;
        return (
          <li key={name}>
            <button type="button" className={`lesson-card${name === origin ? ' is-open' : ''}`} onClick={() => onChoose(name)} aria-current={name === origin ? 'true' : undefined}>
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
  );
}
