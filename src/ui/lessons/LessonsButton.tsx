import { Suspense, useRef, useState } from 'react';
import { openBuiltin } from '../../state/actions';
import { lazyNamed } from '../lazy';

/*
 * The header's "Lessons" button and the gallery it opens (LessonGallery, loaded on first
 * opening). Choosing a card opens that scenario; its lesson then shows in the inspector. A
 * native modal <dialog>: Escape closes it and focus returns to the button.
 */

const LessonGallery = lazyNamed(() => import('./LessonGallery'), 'LessonGallery');

export function LessonsButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState(false);

  const choose = (name: string) => {
    void openBuiltin(name);
    dialog.current?.close();
  };

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpened(true);
          dialog.current?.showModal();
        }}
        aria-haspopup="dialog"
      >
        Lessons
      </button>
      <dialog
        ref={dialog}
        className="lessons-dialog"
        aria-label="Lessons"
        // A click on the backdrop lands on the dialog element itself: close.
        onClick={(e) => e.target === e.currentTarget && dialog.current?.close()}
      >
        <div className="lessons-dialog-head">
          <h2>Lessons</h2>
          <button type="button" className="icon" aria-label="Close lessons" onClick={() => dialog.current?.close()}>
            ×
          </button>
        </div>
        {opened && (
          <Suspense
            fallback={
              <p className="muted" role="status">
                Loading the lessons…
              </p>
            }
          >
            <LessonGallery onChoose={choose} />
          </Suspense>
        )}
      </dialog>
    </>
  );
}
