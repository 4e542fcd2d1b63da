import { Suspense, useEffect, useRef, useState } from 'react';
import { isShareHash } from '../../share/hash';
import { openSharedLink } from '../../share/startup';
import { FileDropZone } from './FileDropZone';
import { ShareNotice } from './ShareNotice';
import './share.css';
import { lazyNamed } from '../lazy';

// Loaded on first opening: it carries the picture export and the lab script.
const ShareDialogBody = lazyNamed(() => import('./ShareDialog'), 'ShareDialogBody');

/**
 * The header's "Share" button and its dialog (link, scenario files, pictures), plus what
 * belongs to sharing on every page: the file drop zone, the share notices, and opening a
 * share link pasted into the address bar of this tab (only the hash changes, so no reload).
 */
export function ShareMenu() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onHash = () => {
      if (isShareHash(location.hash)) void openSharedLink(location.hash);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // The native modal dialog traps focus, closes on Escape and returns focus to the button.
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // The link is what most people came for (ShareDialog also focuses it when it loads late).
      d.querySelector<HTMLElement>('#share-link-field')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      <dialog
        ref={dialog}
        className="share-dialog"
        aria-labelledby="share-dialog-title"
        onClose={() => setOpen(false)}
        // A click on the backdrop lands on the dialog element itself.
        onClick={(e) => e.target === e.currentTarget && setOpen(false)}
      >
        <div className="share-dialog-inner">
          <div className="share-dialog-head">
            <h2 id="share-dialog-title">Share and export</h2>
            <button type="button" className="share-close" aria-label="Close" onClick={() => setOpen(false)}>
              ×
            </button>
          </div>
          {open && (
            <Suspense
              fallback={
                <p className="muted" role="status">
                  Loading…
                </p>
              }
            >
              <ShareDialogBody onImported={() => setOpen(false)} />
            </Suspense>
          )}
        </div>
      </dialog>
      <FileDropZone />
      {/* Inside the open modal dialog (the top layer), or the page would cover it. */}
      <ShareNotice into={open ? dialog.current : null} />
    </>
  );
}
