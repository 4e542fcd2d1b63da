import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDocument } from '../../state/document';
import { addFlow } from '../../state/flows';
import { useSession } from '../../state/session';
import { Modal } from '../library/Modal';
import { applyDoc } from './apply';
import { FlowForm } from './FlowForm';

/**
 * After a typed command has run, in the summary: "Save as flow", a dialog with the command, its device and the
 * exit status it returned, so what the author just tried becomes one of the lesson's flows.
 * Saved, it is the selected flow (the flow picker shows it).
 */
export function SaveAsFlow() {
  const { run, custom } = useSession(useShallow((s) => ({ run: s.run, custom: s.custom })));
  const [open, setOpen] = useState(false);
  // The run shown is of the typed command (not a flow, not an earlier command).
  const ran = run.status === 'done' && custom && run.command?.on === custom.on && run.command.command === custom.command ? run : undefined;
  if (!ran || !custom) return null;

  return (
    <>
      <button type="button" className="save-as-flow" onClick={() => setOpen(true)} aria-haspopup="dialog" title="Keep this command as one of the scenario’s flows, expecting this exit status">
        Save as flow
      </button>
      {open && (
        <Modal title="Save as flow" onClose={() => setOpen(false)}>
          <FlowForm
            initial={{ title: '', on: custom.on, run: custom.command, exit: String(ran.result.exit) }}
            submitLabel="Save flow"
            onCancel={() => setOpen(false)}
            onSubmit={(draft) => {
              const result = addFlow(useDocument.getState().doc, draft);
              if (result.ok && applyDoc(result.doc)) {
                useSession.getState().setFlow(result.index);
                setOpen(false);
              }
              return result;
            }}
          />
        </Modal>
      )}
    </>
  );
}
