import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { RenameResult, RenameTarget } from '../../state/rename';
import { applyRename, previewRename } from '../../state/renaming';
import { RenamePreview } from './RenamePreview';
import './rename.css';

/*
 * A name being edited in place (a device's id on its card or in the inspector, a port's name):
 * Enter renames, Escape keeps the old name. A name the format refuses is refused here with the
 * reason and the old name kept; a rename that changes more than the name itself (links, flows,
 * config lines) is previewed first.
 */

type Preview = Extract<RenameResult, { ok: true }> & { to: string };

const stop = (e: SyntheticEvent) => e.stopPropagation();

export function NameField({ target, onDone, className }: { target: RenameTarget; onDone(): void; className?: string }) {
  const current = target.port ?? target.device;
  const [value, setValue] = useState(current);
  const [problem, setProblem] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const previewing = useRef(false);
  const errorId = useId();
  // What had focus before (the device on the canvas, for F2): it gets it back when the field closes.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(
    () => () => {
      if ((!document.activeElement || document.activeElement === document.body) && opener?.isConnected) opener.focus();
    },
    [opener],
  );

  const apply = (to: string) => {
    const why = applyRename(target, to);
    previewing.current = false;
    setPreview(undefined);
    if (why) setProblem(why);
    else onDone();
  };
  const submit = () => {
    const to = value.trim();
    const r = previewRename(target, to);
    if (!r.ok) return setProblem(r.problem);
    if (!r.changes.length) return onDone();
    // Only the name itself changes: nothing to preview.
    if (r.changes.length === 1 && !r.notes.length) return apply(to);
    previewing.current = true;
    setPreview({ ...r, to });
  };
  const label = target.port === undefined ? `New name for ${target.device}` : `New name for port ${target.device}:${target.port}`;

  return (
    // Inside a port (a React Flow handle) a press would start a link, a click select the device.
    <span className={`name-field nodrag nopan ${className ?? ''}`} onMouseDown={stop} onTouchStart={stop} onClick={stop}>
      <input
        aria-label={label}
        className="mono"
        value={value}
        autoFocus
        spellCheck={false}
        autoComplete="off"
        size={Math.max(6, value.length + 1)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        onFocus={(e) => e.target.select()}
        onChange={(e) => (setValue(e.target.value), setProblem(undefined))}
        onKeyDown={(e) => {
          // The canvas and the page have keys of their own (Delete, arrows, Enter selects): not while typing a name.
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            submit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
        }}
        onBlur={() => {
          if (previewing.current) return;
          if (value.trim() === current) onDone();
          else if (!problem) submit();
        }}
      />
      {problem && (
        <span className="name-field-error" id={errorId} role="alert">
          {problem}; the name stays {current}.
        </span>
      )}
      {preview && (
        // React passes the dialog's events up the component tree: not to the canvas node it sits in (a click there selects that node, by its old id).
        <span className="name-field-preview" onClick={stop} onDoubleClick={stop} onContextMenu={stop} onKeyDown={stop} onPointerDown={stop}>
          <RenamePreview
            from={current}
            to={preview.to}
            changes={preview.changes}
            notes={preview.notes}
            onApply={() => apply(preview.to)}
            onCancel={() => {
              previewing.current = false;
              setPreview(undefined);
              onDone();
            }}
          />
        </span>
      )}
    </span>
  );
}
