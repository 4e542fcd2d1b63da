import { useMemo } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { useDocument } from '../../state/document';
import { LessonPicture } from './LessonPicture';
import { Markdown } from './Markdown';
import { useHiddenTwin } from './useHiddenTwin';
import './lessons.css';

/*
 * The lessons dialog's gallery: one card per built-in scenario, in lesson order, with its
 * picture, title and one line. Its own chunk (markdown), loaded when the dialog first opens.
 */
export function LessonGallery({ onChoose }: { onChoose(name: string): void }) {
  const origin = useDocument((s) => s.origin);
  const hiddenTwin = useHiddenTwin();
  const docs = useMemo(() => Object.fromEntries(Object.entries(BUILTIN_SCENARIOS).map(([name, text]) => [name, JSON.parse(text) as ScenarioDoc])), []);
  return (
    <ul className="lessons-gallery" role="list">
      {Object.keys(BUILTIN_SCENARIOS).map((name, i) => {
        if (name === hiddenTwin) return null;
        const doc = docs[name]!;
        const lesson = doc.lesson;
        const q = lesson?.questions?.[0];
        return (
          <li key={name}>
            <button type="button" className={`lesson-card${name === origin ? ' is-open' : ''}`} onClick={() => onChoose(name)} aria-current={name === origin ? 'true' : undefined}>
              <LessonPicture doc={doc} actor={q?.kind === 'exit' ? q.on : doc.flows[0]?.on} state={lesson?.state} />
              <span className="lesson-card-title">
                <span className="lesson-card-number">{i + 1}.</span> {doc.title}
              </span>
              <Markdown inline text={lesson?.summary ?? ''} className="lesson-card-summary" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
