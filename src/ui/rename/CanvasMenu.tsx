import { useEffect, useRef, type KeyboardEvent } from 'react';
import { moveInMenu } from '../menuKeys';
import './rename.css';

/*
 * The canvas's context menu (right-click a device or a link): a WAI-ARIA menu at the pointer.
 * The first item has focus; arrows, Home and End move; Enter runs; Escape or a click elsewhere
 * closes it and gives focus back to what had it.
 */

export interface MenuItem {
  label: string;
  danger?: boolean;
  run(): void;
}

export function CanvasMenu({ label, x, y, items, onClose }: { label: string; x: number; y: number; items: MenuItem[]; onClose(): void }) {
  const menu = useRef<HTMLUListElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) close.current();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      if (menu.current?.contains(document.activeElement) || document.activeElement === document.body) opener?.focus();
    };
  }, []);

  const onKey = (e: KeyboardEvent) => {
    const closing = e.key === 'Escape' || e.key === 'Tab';
    if (!moveInMenu(e, menu.current) && !closing) return;
    if (closing) close.current();
    e.preventDefault();
    // Not the canvas's keys (Delete, arrows move the selected device).
    e.stopPropagation();
  };

  // Kept inside the window.
  const left = Math.min(x, window.innerWidth - 180);
  const top = Math.min(y, window.innerHeight - 40 * items.length - 16);
  return (
    <ul ref={menu} role="menu" aria-label={label} className="canvas-menu" style={{ left, top }} onKeyDown={onKey} onContextMenu={(e) => e.preventDefault()}>
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'is-danger' : undefined}
            onClick={() => {
              close.current();
              item.run();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
