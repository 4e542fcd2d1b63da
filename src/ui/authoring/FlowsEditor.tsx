import { useEffect, useRef, useState } from 'react';
import type { FlowDoc } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';
import { addFlow, deleteFlow, draftOf, editFlow, moveFlow, selectionAfterDelete, selectionAfterMove } from '../../state/flows';
import { lessonLossOfFlow, lossText } from '../../state/lesson';
import { useSession } from '../../state/session';
import { undo } from '../library/UndoRedo';
import { visibleText } from '../visibleText';
import { applyDoc } from './apply';
import { FlowForm } from './FlowForm';
import { deviceIds } from '../../state/device-ids';

/*
 * The scenario's flows, as a list an author edits: each with its title, device, command and
 * expected exit; edit in place, move up or down (buttons, so the keyboard reorders too: focus
 * stays on the moved flow's button), delete (undoable: the notice offers it, and Ctrl+Z), add.
 */

/** A flow as a sentence names it: its title, else its command. */
function flowName(flow: FlowDoc): string {
  return flow.title ? visibleText(flow.title) : `${flow.on}$ ${visibleText(flow.run)}`;
}

type Focus = { index: number | 'new'; control: 'up' | 'down' | 'edit' | 'add' };

export function FlowsEditor() {
  const current = useDocument((s) => s.doc);
  const flows = current.flows;
  const firstDevice = useDocument((s) => deviceIds(s.doc)[0] ?? '');
  const [editing, setEditing] = useState<number | 'new'>();
  // The delete to undo, while the document is still the one it left (another edit since would be undone instead).
  const [deleted, setDeleted] = useState<{ message: string; after: unknown }>();
  const [focus, setFocus] = useState<Focus>();
  const list = useRef<HTMLElement>(null);
  // The flow Run runs (none while a typed command is the one to run).
  const selected = useSession((s) => (s.custom || s.packet ? -1 : Math.max(0, Math.min(s.flowIndex, flows.length - 1))));

  useEffect(() => {
    if (!focus) return;
    const target = list.current?.querySelector<HTMLButtonElement>(`[data-flow="${focus.index}"][data-control="${focus.control}"]`);
    // A button at the end it reached is disabled: its neighbour takes the focus.
    (target && !target.disabled ? target : list.current?.querySelector<HTMLButtonElement>(`[data-flow="${focus.index}"]:not(:disabled)`))?.focus();
    setFocus(undefined);
  }, [focus]);

  const select = (index: number) => useSession.getState().setFlow(index);
  const selectedIndex = () => useSession.getState().flowIndex;
  // The selected flow keeps being selected where it went: no new choice, so the command box keeps what it holds.
  const follow = (flowIndex: number) => useSession.setState({ flowIndex });

  const move = (index: number, by: -1 | 1) => {
    const doc = useDocument.getState().doc;
    const selected = selectedIndex();
    if (!applyDoc(moveFlow(doc, index, by))) return;
    follow(selectionAfterMove(selected, index, by, doc.flows.length));
    setDeleted(undefined);
    setFocus({ index: index + by, control: by < 0 ? 'up' : 'down' });
  };

  const remove = (index: number) => {
    const doc = useDocument.getState().doc;
    const flow = doc.flows[index]!;
    const selected = selectedIndex();
    const after = deleteFlow(doc, index);
    // The lesson's steps on its trace (and questions about it) go with it: the notice says so.
    const lost = lossText(lessonLossOfFlow(doc, index));
    if (!applyDoc(after)) return;
    follow(selectionAfterDelete(selected, index, doc.flows.length - 1));
    setEditing(undefined);
    setDeleted({ message: `Deleted flow ${index + 1}: ${flowName(flow)}${lost ? `, and the ${lost} about it` : ''}.`, after });
    setFocus({ index: Math.min(index, doc.flows.length - 2), control: 'edit' });
  };

  return (
    <section className="authoring-section" aria-labelledby="flows-editor-title" ref={list}>
      <h3 id="flows-editor-title">Flows</h3>
      {flows.length === 0 && <p className="muted small">No flows yet. Type a command in the box above, run it, then “Save as flow”, or add one here.</p>}
      <ol className="flow-list" aria-label="Flows">
        {flows.map((flow, i) => (
          <li key={i} className={`flow-row${selected === i ? ' is-selected' : ''}`} aria-current={selected === i ? 'true' : undefined} aria-label={`Flow ${i + 1}: ${flowName(flow)}`}>
            {editing === i ? (
              <FlowForm
                initial={draftOf(flow)}
                submitLabel="Save flow"
                onCancel={() => {
                  setEditing(undefined);
                  setFocus({ index: i, control: 'edit' });
                }}
                onSubmit={(draft) => {
                  const result = editFlow(useDocument.getState().doc, i, draft);
                  if (result.ok) {
                    applyDoc(result.doc);
                    setEditing(undefined);
                    setFocus({ index: i, control: 'edit' });
                  }
                  return result;
                }}
              />
            ) : (
              <>
                <div className="flow-row-text">
                  <span className="flow-row-title">{flow.title ? visibleText(flow.title) : <span className="muted">(no title)</span>}</span>
                  <code className="mono flow-row-command">
                    {flow.on}$ {visibleText(flow.run)}
                  </code>
                  <span className="muted small">{flow.expect?.exit === undefined ? 'no expected exit status' : `expects exit ${flow.expect.exit}`}</span>
                </div>
                <div className="flow-row-actions">
                  <button type="button" data-flow={i} data-control="edit" aria-label={`Edit flow ${i + 1}`} onClick={() => { setEditing(i); setDeleted(undefined); }}>
                    Edit
                  </button>
                  <button type="button" data-flow={i} data-control="select" aria-label={`Select flow ${i + 1}`} title="Make it the flow Run runs" onClick={() => select(i)}>
                    Select
                  </button>
                  <button type="button" className="icon" data-flow={i} data-control="up" aria-label={`Move flow ${i + 1} up`} title="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon" data-flow={i} data-control="down" aria-label={`Move flow ${i + 1} down`} title="Move down" disabled={i === flows.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon flow-delete" data-flow={i} data-control="delete" aria-label={`Delete flow ${i + 1}`} title="Delete (undo with Ctrl+Z)" onClick={() => remove(i)}>
                    ×
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ol>
      {editing === 'new' ? (
        <FlowForm
          initial={{ title: '', on: firstDevice, run: '', exit: '0' }}
          submitLabel="Add flow"
          onCancel={() => {
            setEditing(undefined);
            setFocus({ index: 'new', control: 'add' });
          }}
          onSubmit={(draft) => {
            const result = addFlow(useDocument.getState().doc, draft);
            if (result.ok && applyDoc(result.doc)) {
              setEditing(undefined);
              select(result.index);
              setFocus({ index: result.index, control: 'edit' });
            }
            return result;
          }}
        />
      ) : (
        <button type="button" data-flow="new" data-control="add" onClick={() => { setEditing('new'); setDeleted(undefined); }} disabled={!firstDevice}>
          Add flow
        </button>
      )}
      <div role="status" className="flow-deleted">
        {deleted?.after === current && (
          <>
            {deleted.message}{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                undo();
                setDeleted(undefined);
              }}
            >
              Undo
            </button>
          </>
        )}
      </div>
    </section>
  );
}
