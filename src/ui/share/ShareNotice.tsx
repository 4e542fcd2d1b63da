import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useShareNotice } from '../../share/notices';

/** How long a confirmation stays; errors stay until dismissed, so they can be read and copied. */
const INFO_MS = 5000;

/**
 * The message of the last share action, floating at the top of the page: an alert for a link
 * or file that would not open (what is wrong, and that the user's work is unchanged), a status
 * for a confirmation.
 */
export function ShareNotice({ into }: { into?: Element | null }) {
  const notice = useShareNotice((s) => s.notice);
  const dismiss = useShareNotice((s) => s.dismiss);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(dismiss, INFO_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return createPortal(
    <div className={`share-notice share-notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <div className="share-notice-text">
        <strong>{notice.title}</strong>
        <p>{notice.detail}</p>
      </div>
      <button type="button" className="share-notice-close" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>,
    into ?? document.body,
  );
}
