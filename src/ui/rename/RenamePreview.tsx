import type { RenameChange, RenameNote } from '../../state/rename';
import { Modal } from '../library/Modal';
import '../library/library.css';
import './rename.css';

/*
 * What a rename changes, before it is applied: each changed place, old → new, grouped as the
 * document groups them (the device, its links, its config, the flows), and the words left as
 * they are because they name something else (a VLAN eth1.100). Apply is one undo step.
 */

function grouped<T extends { section: string }>(items: readonly T[]): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.section, [...(out.get(item.section) ?? []), item]);
  return [...out];
}

export function RenamePreview({ from, to, changes, notes, onApply, onCancel }: { from: string; to: string; changes: RenameChange[]; notes: RenameNote[]; onApply(): void; onCancel(): void }) {
  return (
    <Modal title={`Rename ${from} to ${to}`} onClose={onCancel} className="rename-preview">
      <p className="field-hint">
        {changes.length} {changes.length === 1 ? 'change' : 'changes'}. Apply is one step you can undo.
      </p>
      {/* Focusable, so a long list scrolls from the keyboard. */}
      <div className="rename-preview-body" tabIndex={0} role="group" aria-label="Changes">
        {grouped(changes).map(([section, items]) => (
          <section key={section} aria-label={section}>
            <h3>{section}</h3>
            <ul>
              {items.map((c, i) => (
                <li key={i}>
                  <span className="rename-where">{c.where}</span>
                  <del className="mono" aria-label={`was: ${c.before}`}>
                    {c.before}
                  </del>
                  <span aria-hidden="true"> → </span>
                  <ins className="mono" aria-label={`now: ${c.after}`}>
                    {c.after}
                  </ins>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {notes.length > 0 && (
          <section aria-label="Left as they are">
            <h3>Left as they are</h3>
            <ul>
              {notes.map((n, i) => (
                <li key={i}>
                  <span className="rename-where">
                    {n.section}, {n.where}
                  </span>
                  {n.line && <code>{n.line}</code>}
                  <span className="rename-why">{n.reason}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onApply} autoFocus>
          Apply
        </button>
      </div>
    </Modal>
  );
}
