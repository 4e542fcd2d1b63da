import { keepBothAsCopy, loadOtherTabsVersion } from '../../persist/commands';
import { usePersist } from '../../persist/store';

/*
 * The open scenario was saved in another tab after this tab opened it, and this tab changed it
 * too. Nothing is written over the other tab's save until the user chooses: keep both (this
 * tab's version as a copy) or take the other tab's version. Until then this tab's changes stay
 * in memory, and leaving the page asks first.
 */
export function ConflictNotice() {
  const conflict = usePersist((s) => s.conflict);
  if (!conflict) return null;
  return (
    <div role="alert" className="persist-alert conflict-notice" aria-label="Changed in another tab">
      <p>
        “{conflict.name}” was changed in another tab since this tab opened it. Your changes here are not saved yet; nothing was written over the other tab's version.
      </p>
      <div className="conflict-actions">
        <button type="button" onClick={keepBothAsCopy}>
          Keep both: save mine as a copy
        </button>
        <button type="button" onClick={loadOtherTabsVersion}>
          Load the other tab's version
        </button>
      </div>
    </div>
  );
}
