import { useRenaming } from '../../state/renaming';
import { deleteDevice } from './deleting';
import { NameField } from './NameField';
import './rename.css';

/* The device's name in the inspector's header, a button that edits it in place, and Delete. */

export function DeviceName({ id }: { id: string }) {
  const editing = useRenaming((s) => s.editing?.place === 'inspector' && s.editing.device === id && s.editing.port === undefined);
  if (editing) return <NameField target={{ device: id }} onDone={() => useRenaming.getState().end()} />;
  return (
    <span className="mono" title="Double-click to rename" onDoubleClick={() => useRenaming.getState().begin({ device: id }, 'inspector')}>
      {id}
    </span>
  );
}

/** Rename, as a button: the header's name is text (a click on it is no edit), double-click or this. */
export function RenameDevice({ id }: { id: string }) {
  return (
    <button type="button" className="rename-device" aria-label={`Rename ${id}`} title={`Rename ${id} (links and flows follow)`} onClick={() => useRenaming.getState().begin({ device: id }, 'inspector')}>
      Rename
    </button>
  );
}

export function DeleteDevice({ id }: { id: string }) {
  return (
    <button type="button" className="delete-device" aria-label={`Delete ${id}`} title={`Delete ${id} with its links and flows (undo brings it back)`} onClick={() => deleteDevice(id)}>
      Delete
    </button>
  );
}

/** A port's name in the inspector's ports table, a button that edits it in place. */
export function PortName({ device, port }: { device: string; port: string }) {
  const editing = useRenaming((s) => s.editing?.place === 'inspector' && s.editing.device === device && s.editing.port === port);
  if (editing) return <NameField target={{ device, port }} onDone={() => useRenaming.getState().end()} />;
  return (
    <button type="button" className="name-button mono" aria-label={`Rename port ${port}`} title="Rename (links, config lines and flows follow)" onClick={() => useRenaming.getState().begin({ device, port }, 'inspector')}>
      {port}
    </button>
  );
}
