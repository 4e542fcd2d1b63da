import { useMemo, useState } from 'react';
import { deleteSaved, listSaved, openSaved } from '../../persist/commands';
import type { SavedSummary } from '../../persist/format';
import { usePersist } from '../../persist/store';
import { Modal } from './Modal';

/*
 * "My scenarios": every scenario saved in this browser, newest first, to open or delete.
 * Deleting asks once more in the row itself, naming the scenario.
 */

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function SavedList({ onClose }: { onClose: () => void }) {
  const listVersion = usePersist((s) => s.listVersion);
  const currentId = usePersist((s) => s.currentId);
  const available = usePersist((s) => s.available);
  // Read again whenever something was saved or deleted, here or in another tab.
  const saved = useMemo(() => (void listVersion, listSaved()), [listVersion]);
  const [confirming, setConfirming] = useState<string>();

  return (
    <Modal title="My scenarios" onClose={onClose} className="saved-dialog">
      <p className="field-hint">
        {available
          ? 'Saved in this browser as you edit. A lesson you change is saved here as your own copy; the lesson itself stays as it was.'
          : 'This browser does not let Hairpin store anything, so nothing is saved.'}
      </p>
      {saved.length === 0 ? (
        <p className="saved-empty">No saved scenarios yet. Edit a lesson or start a new scenario, and it appears here.</p>
      ) : (
        <ul className="saved-list" aria-label="Saved scenarios">
          {saved.map((s) => (
            <Row
              key={s.id}
              entry={s}
              open={s.id === currentId}
              confirming={confirming === s.id}
              // Reopening the open one would only throw its undo history away.
              onOpen={() => (s.id === currentId || openSaved(s.id)) && onClose()}
              onAskDelete={() => setConfirming(s.id)}
              onCancelDelete={() => setConfirming(undefined)}
              onDelete={() => {
                setConfirming(undefined);
                deleteSaved(s.id);
              }}
            />
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

interface RowProps {
  entry: SavedSummary;
  open: boolean;
  confirming: boolean;
  onOpen(): void;
  onAskDelete(): void;
  onCancelDelete(): void;
  onDelete(): void;
}

function Row({ entry, open, confirming, onOpen, onAskDelete, onCancelDelete, onDelete }: RowProps) {
  const name = entry.name || 'Untitled';
  return (
    <li className={`saved-row${open ? ' saved-row-open' : ''}`}>
      <div className="saved-info">
        <span className="saved-name" title={name}>
          {name}
        </span>
        <span className="saved-meta">
          Changed <time dateTime={new Date(entry.updatedAt).toISOString()}>{when.format(entry.updatedAt)}</time>
          {entry.origin ? ` · from the lesson ${entry.origin}` : ''}
          {open ? ' · open now' : ''}
        </span>
      </div>
      {confirming ? (
        <div className="saved-confirm" role="group" aria-label={`Delete ${name}?`}>
          <span>Delete for good?</span>
          <button type="button" className="danger" onClick={onDelete} aria-label={`Yes, delete ${name}`} autoFocus>
            Delete
          </button>
          <button type="button" onClick={onCancelDelete} aria-label={`Keep ${name}`}>
            Keep
          </button>
        </div>
      ) : (
        <div className="saved-actions">
          <button type="button" onClick={onOpen} aria-label={`Open ${name}`}>
            Open
          </button>
          <button type="button" onClick={onAskDelete} aria-label={`Delete ${name}`}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
