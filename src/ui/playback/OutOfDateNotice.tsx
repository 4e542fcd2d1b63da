import { runCurrent } from '../../state/actions';
import { useSession } from '../../state/session';
import './outOfDate.css';

/*
 * Shown over the trace, packet and summary when the run on screen was made on an earlier
 * version of the scenario (an edit, an undo or redo since): they stay readable, dimmed, and
 * say so, with the run one click away. The canvas stops animating it (see useActivity).
 */
export function OutOfDateNotice({ id }: { id: string }) {
  const running = useSession((s) => s.run.status === 'running');
  return (
    <div id={id} role="status" className="out-of-date">
      <span>
        <strong>Out of date:</strong> the scenario changed since this run.
      </span>
      <button type="button" onClick={() => void runCurrent()} disabled={running}>
        Run again
      </button>
    </div>
  );
}
