import { useId, useMemo, useState } from 'react';
import { Picker } from '../picker/Picker';
import type { FlowDraft, FlowEdit, FlowField } from '../../state/flows';
import { flowProblems } from '../../state/flows';
import { useDocument } from '../../state/document';
import '../library/library.css';
import './authoring.css';

/**
 * A flow's fields: title, the device, the command and the exit status the real command is
 * expected to return. A field's problem (the format's rule) shows once it was submitted or as
 * soon as it is typed past a limit; saving is refused until none is left.
 */
export function FlowForm({ initial, submitLabel, onSubmit, onCancel }: { initial: FlowDraft; submitLabel: string; onSubmit: (draft: FlowDraft) => FlowEdit; onCancel: () => void }) {
  const doc = useDocument((s) => s.doc);
  const devices = doc.devices;
  const deviceChoices = useMemo(() => Object.keys(devices).map((d) => ({ value: d, label: d })), [devices]);
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const id = useId();
  const problems = flowProblems(doc, draft);
  const shown = (field: FlowField) => (tried ? problems[field] : undefined);
  const set = (field: FlowField) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const described = (field: FlowField) => ({
    'aria-invalid': shown(field) ? true : undefined,
    'aria-describedby': shown(field) ? `${id}-${field}` : field === 'exit' ? `${id}-exit-hint` : undefined,
  });
  const error = (field: FlowField) =>
    shown(field) && (
      <span className="field-error" id={`${id}-${field}`} role="alert">
        {shown(field)}
      </span>
    );

  return (
    <form
      className="flow-form"
      noValidate
      // Escape leaves the form unsaved (in a dialog, the dialog closes the same way).
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        const result = onSubmit(draft);
        setRefusal(result.ok ? undefined : result.message);
      }}
    >
      <label className="field">
        Title
        <input autoFocus value={draft.title} onChange={set('title')} placeholder="What the lesson shows with it" spellCheck={false} {...described('title')} />
      </label>
      {error('title')}
      <label className="field">
        Device
        {/* Searchable: a document can hold 10,000 devices. */}
        <Picker label="Device" placeholder="(choose)" choices={deviceChoices} value={draft.on} onChange={(on) => set('on')({ target: { value: on } })} {...described('on')} />
      </label>
      {error('on')}
      <label className="field">
        Command
        <input className="mono" value={draft.run} onChange={set('run')} spellCheck={false} {...described('run')} />
      </label>
      {error('run')}
      <label className="field">
        Expected exit status
        <input inputMode="numeric" value={draft.exit} onChange={set('exit')} placeholder="none" {...described('exit')} />
      </label>
      {error('exit') || (
        <span className="field-hint" id={`${id}-exit-hint`}>
          What the real command returns: 0 for success. Empty: the flow expects nothing.
        </span>
      )}
      {refusal && !Object.keys(problems).length && (
        <p className="field-error" role="alert">
          {refusal}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
