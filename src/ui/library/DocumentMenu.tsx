import { Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { duplicateCurrent, newScenario } from '../../persist/commands';
import { lazyNamed } from '../lazy';
import { moveInMenu } from '../menuKeys';
import { ConflictNotice } from './ConflictNotice';
import { EditRefusedNotice } from './EditRefusedNotice';
import { OriginNote, PersistAlert, SaveState } from './SaveStatus';
import { UndoRedo } from './UndoRedo';
import './library.css';

/*
 * The document menu in the header: new, duplicate, rename, my scenarios; next to it undo/redo
 * and where the open scenario stands (saved, or a lesson not copied yet). A menu button after
 * the WAI-ARIA pattern: arrows move, Escape closes and gives focus back to the button.
 */

type Dialog = 'rename' | 'saved' | undefined;

// The two dialogs are chunks of their own (prefetched in idle time); a modal shows once it is here.
const RenameDialog = lazyNamed(() => import('./RenameDialog'), 'RenameDialog');
const SavedList = lazyNamed(() => import('./SavedList'), 'SavedList');

export function DocumentMenu() {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  const items: { label: string; run(): void }[] = [
    { label: 'New scenario', run: newScenario },
    { label: 'Duplicate', run: duplicateCurrent },
    { label: 'Rename…', run: () => setDialog('rename') },
    { label: 'My scenarios…', run: () => setDialog('saved') },
  ];

  // First item focused on open; a click anywhere else closes.
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Tab') return;
      button.current?.focus();
    } else if (!moveInMenu(e, menu.current)) return;
    e.preventDefault();
  };

  return (
    <div className="doc-menu">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'doc-menu-list' : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        Document <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="doc-menu-popover">
          <ul ref={menu} id="doc-menu-list" role="menu" aria-label="Document" onKeyDown={onMenuKey}>
            {items.map((item) => (
              <li key={item.label} role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => {
                    setOpen(false);
                    item.run();
                  }}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
          <OriginNote />
        </div>
      )}
      <UndoRedo />
      <SaveState />
      <Suspense fallback={null}>
        {dialog === 'rename' && <RenameDialog onClose={() => setDialog(undefined)} />}
        {dialog === 'saved' && <SavedList onClose={() => setDialog(undefined)} />}
      </Suspense>
      <PersistAlert />
      <ConflictNotice />
      <EditRefusedNotice />
    </div>
  );
}
