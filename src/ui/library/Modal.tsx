import { useEffect, useId, useRef, type ReactNode } from 'react';

/*
 * A modal dialog on the native <dialog> element: the browser traps focus, closes it on Escape
 * and makes the rest of the page inert, so the library's dialogs need no focus code of their own.
 */

export function Modal({ title, onClose, children, className }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    // Remember what had focus, to return there: the browser does so only for show(), not for removal.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`library-dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      // A click on the backdrop lands on the dialog element itself.
      onClick={(e) => e.target === e.currentTarget && close.current()}
    >
      <h2 id={titleId} className="library-dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
