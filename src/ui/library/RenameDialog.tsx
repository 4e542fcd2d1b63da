import { useId, useState } from 'react';
import { MAX_TITLE_LENGTH } from '../../engine/scenario';
import { renameCurrent, titleProblem } from '../../persist/commands';
import { useDocument } from '../../state/document';
import { Modal } from './Modal';

/** Renames the open scenario: its title, limited as the scenario format limits titles. */
export function RenameDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState(() => useDocument.getState().doc.title);
  const [tried, setTried] = useState(false);
  const errorId = useId();
  const problem = titleProblem(name);
  const shown = tried || name.length > MAX_TITLE_LENGTH ? problem : undefined;

  return (
    <Modal title="Rename scenario" onClose={onClose}>
      <form
        className="rename-form"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!renameCurrent(name)) onClose();
        }}
      >
        <label className="field">
          Scenario name
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            onFocus={(e) => e.target.select()}
            aria-invalid={shown ? true : undefined}
            aria-describedby={shown ? errorId : undefined}
            spellCheck={false}
          />
        </label>
        <p className={shown ? 'field-error' : 'field-hint'} id={errorId} role={shown ? 'alert' : undefined}>
          {shown ?? `Up to ${MAX_TITLE_LENGTH} characters. Renaming is one step you can undo.`}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Rename
          </button>
        </div>
      </form>
    </Modal>
  );
}
