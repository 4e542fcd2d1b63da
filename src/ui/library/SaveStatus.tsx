import { usePersist } from '../../persist/store';
import { useDocument } from '../../state/document';

/*
 * Where saving stands, said where the user looks: next to the menu (saved when, or a lesson
 * not copied yet), in the menu (why a lesson is not in My scenarios), and as an alert when
 * saving fails or a saved entry is damaged.
 */

/** Why a lesson is not in My scenarios yet, said where the user looks for it. */
export function OriginNote() {
  const currentId = usePersist((s) => s.currentId);
  const origin = useDocument((s) => s.origin);
  if (currentId) return <p className="doc-menu-note">Saved in this browser as you edit.</p>;
  return (
    <p className="doc-menu-note">
      {origin ? `This is the lesson “${origin}”. ` : 'This scenario is not saved yet. '}
      Your first change saves a copy under My scenarios{origin ? '; the lesson stays as it was' : ''}.
    </p>
  );
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Saved (and when), a lesson not changed yet, or no storage. */
export function SaveState() {
  const { available, currentId, savedAt, problems, conflict } = usePersist();
  // Another tab's newer save holds this tab's changes back until the user chooses.
  const failing = problems.some((p) => p.startsWith('Not saved')) || conflict !== undefined;
  const text = !available ? 'Not saved (no storage)' : failing ? 'Not saved' : currentId ? (savedAt ? `Saved ${time.format(savedAt)}` : 'Saved') : 'Not saved until changed';
  const hint = !available
    ? 'This browser does not let Hairpin store anything.'
    : failing
      ? 'The last change could not be saved; the alert says why. The last good save is kept.'
      : currentId
      ? 'Saved in this browser; it reopens when you come back.'
      : 'A lesson or shared scenario is saved under My scenarios once you change it.';
  return (
    <span className="save-state" title={hint} data-testid="save-state">
      {text}
    </span>
  );
}

/** Problems with saving (a full disk, a damaged entry), shown until dismissed; never silent. */
export function PersistAlert() {
  const problems = usePersist((s) => s.problems);
  const dismiss = usePersist((s) => s.dismissProblems);
  if (!problems.length) return null;
  return (
    <div role="alert" className="persist-alert">
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss} aria-label="Dismiss saving problems">
        Dismiss
      </button>
    </div>
  );
}
