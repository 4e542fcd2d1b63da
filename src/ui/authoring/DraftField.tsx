import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { Markdown } from '../lessons/Markdown';

/*
 * A text field of the lesson editor: typing changes only the field (the browser's own undo works
 * in it); leaving it (or Enter in a one-line field) writes it to the document as one undoable
 * step. A value the format refuses stays in the field with the reason under it, and the document
 * keeps what it had. When the document changes underneath (Ctrl+Z, a rename), the field follows,
 * unless it is being typed in.
 */

const MARKUP = /[*_`[\]#>]|^\s*([-+]|\d+\.)\s/m;

export function DraftField({
  label,
  caption,
  value,
  onCommit,
  multiline,
  rows = 2,
  markdown,
  mono,
  type,
  placeholder,
  inputRef,
}: {
  /** The accessible name ("Step 2 text"). */
  label: string;
  /** What shows above the field, when shorter than the accessible name ("": none, the context says it). */
  caption?: string;
  value: string;
  /** Writes the value; returns why not when refused. */
  onCommit: (text: string) => string | undefined;
  multiline?: boolean;
  rows?: number;
  /** Markdown: a preview follows while the text holds markup. */
  markdown?: boolean;
  mono?: boolean;
  type?: 'number';
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
}) {
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string>();
  const focused = useRef(false);
  const id = useId();
  useEffect(() => {
    if (focused.current) return;
    setDraft(value);
    setProblem(undefined);
  }, [value]);

  const commit = () => {
    if (draft === value) return setProblem(undefined);
    setProblem(onCommit(draft));
  };
  const common = {
    'aria-label': label,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-problem` : undefined,
    value: draft,
    placeholder,
    spellCheck: !mono,
    className: mono ? 'mono' : undefined,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => {
      focused.current = false;
      commit();
    },
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
  };
  return (
    <div className="lesson-edit-field">
      <label className="field">
        {caption !== '' && <span className="lesson-edit-caption">{caption ?? label}</span>}
        {multiline ? (
          <textarea {...common} rows={rows} ref={inputRef} onKeyDown={(e) => {
            if (e.key === 'Escape') setDraft(value);
            // Ctrl+Enter writes it without leaving the field.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
          }} />
        ) : (
          <input {...common} type={type ?? 'text'} min={type === 'number' ? 0 : undefined} max={type === 'number' ? 255 : undefined} ref={inputRef} onKeyDown={(e) => {
            if (e.key === 'Escape') setDraft(value);
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
          }} />
        )}
      </label>
      {problem && (
        <p className="field-error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
      {markdown && MARKUP.test(draft) && (
        <div className="lesson-edit-preview" aria-label={`${label} preview`} role="note">
          <Markdown text={draft} />
        </div>
      )}
    </div>
  );
}
