import { useState } from 'react';
import { Markdown } from './Markdown';

/* A question's hints, one at a time: each press shows the next, so a learner takes only what they need. */
export function Hints({ hints }: { hints: readonly string[] }) {
  const [shown, setShown] = useState(0);
  if (hints.length === 0) return null;
  return (
    <div className="lesson-hints">
      {hints.slice(0, shown).map((h, i) => (
        <div key={i} className="lesson-hint-text" role="note" aria-label={hints.length > 1 ? `Hint ${i + 1} of ${hints.length}` : 'Hint'}>
          <strong>{hints.length > 1 ? `Hint ${i + 1}: ` : 'Hint: '}</strong>
          <Markdown inline text={h} />
        </div>
      ))}
      {shown < hints.length && (
        <button type="button" className="lesson-hint-button" onClick={() => setShown(shown + 1)}>
          {shown === 0 ? 'Hint' : `Another hint (${shown + 1} of ${hints.length})`}
        </button>
      )}
    </div>
  );
}
