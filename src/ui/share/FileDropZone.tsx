import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { importScenarioFile } from './files';

/** Only drags of files from the desktop; the palette's device drags carry their own type and pass by. */
const carriesFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/**
 * Dropping a .json file anywhere on the page imports it. While a file is dragged over the
 * window the whole page shows it is a drop zone. Listeners are on the window in the capture
 * phase, so a drop over the config editor imports too instead of pasting the file into it.
 */
export function FileDropZone() {
  const [active, setActive] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the count is 0 once the drag leaves the window.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setActive(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    // A text box that takes dropped files of its own (the paste dialog's) keeps them.
    const ownDrop = (e: DragEvent) => e.target instanceof Element && e.target.closest('[data-own-drop]') !== null;
    const over = (e: DragEvent) => {
      if (!carriesFiles(e) || ownDrop(e)) return;
      e.preventDefault(); // allows the drop (the browser would otherwise open the file)
      e.stopPropagation();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = 0;
      setActive(false);
      if (ownDrop(e)) return;
      e.preventDefault();
      e.stopPropagation();
      const file = e.dataTransfer!.files[0];
      if (file) void importScenarioFile(file);
    };
    const end = () => {
      depth = 0;
      setActive(false);
    };
    window.addEventListener('dragenter', enter, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('dragover', over, true);
    window.addEventListener('drop', drop, true);
    window.addEventListener('dragend', end, true);
    return () => {
      window.removeEventListener('dragenter', enter, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('drop', drop, true);
      window.removeEventListener('dragend', end, true);
    };
  }, []);
  if (!active) return null;
  return createPortal(
    <div className="share-dropzone" aria-hidden="true">
      <div className="share-dropzone-card">
        <strong>Drop a scenario file to open it</strong>
        <span>A scenario file (.json). Undo brings back what you have now.</span>
      </div>
    </div>,
    document.body,
  );
}
