import { useEffect, useId, useRef, useState } from 'react';
import { MAX_TITLE_LENGTH } from '../../engine/scenario/limits';
import { useDocument } from '../../state/document';
import { setText, textProblems } from '../../state/flows';
import { Markdown } from '../lessons/Markdown';
import { visibleText } from '../visibleText';
import { applyDoc } from './apply';

/*
 * The scenario's title and its about text (Markdown), edited together with a live preview drawn
 * by the lessons' own renderer (raw HTML escaped, only http(s) and mailto links), so what the
 * preview shows is what a learner opening the link sees. Saving is one undoable step.
 */
export function ScenarioText() {
  const [editing, setEditing] = useState(false);
  const title = useDocument((s) => s.doc.title);
  // Closing the form returns the focus to the button that opened it.
  const button = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (editing || !refocus) return;
    button.current?.focus();
    setRefocus(false);
  }, [editing, refocus]);
  if (!editing) {
    return (
      <div className="scenario-title-row">
        <h2 className="scenario-title">{visibleText(title)}</h2>
        <button type="button" ref={button} onClick={() => setEditing(true)}>
          Edit title and about
        </button>
      </div>
    );
  }
  return (
    <TextForm
      onDone={() => {
        setEditing(false);
        setRefocus(true);
      }}
    />
  );
}

function TextForm({ onDone }: { onDone: () => void }) {
  const [title, setTitle] = useState(() => useDocument.getState().doc.title);
  const [about, setAbout] = useState(() => useDocument.getState().doc.about ?? '');
  const [tried, setTried] = useState(false);
  const id = useId();
  const problems = textProblems(title, about);
  const titleShown = tried || title.length > MAX_TITLE_LENGTH ? problems.title : undefined;
  const aboutShown = problems.about;

  return (
    <form
      className="scenario-text-form"
      aria-label="Title and about"
      noValidate
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (problems.title || problems.about) return;
        applyDoc(setText(useDocument.getState().doc, title, about));
        onDone();
      }}
    >
      <label className="field">
        Title
        <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} spellCheck={false} aria-invalid={titleShown ? true : undefined} aria-describedby={titleShown ? `${id}-title` : undefined} />
      </label>
      {titleShown && (
        <p className="field-error" id={`${id}-title`} role="alert">
          {titleShown}
        </p>
      )}
      <label className="field">
        About (Markdown)
        <textarea value={about} onChange={(e) => setAbout(e.target.value)} rows={8} aria-invalid={aboutShown ? true : undefined} aria-describedby={`${id}-about`} />
      </label>
      <p className={aboutShown ? 'field-error' : 'field-hint'} id={`${id}-about`} role={aboutShown ? 'alert' : undefined}>
        {aboutShown ?? 'Headings, lists, **bold**, `code` and [links](https://…); HTML shows as text and only http, https and mailto links work.'}
      </p>
      <section className="about-preview" aria-label="About preview">
        <h3>Preview</h3>
        {about.trim() ? <Markdown text={about} className="lesson-about" /> : <p className="muted small">Nothing to show yet.</p>}
      </section>
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save text
        </button>
      </div>
    </form>
  );
}
