import type { KeyboardEvent } from 'react';

/**
 * The WAI-ARIA menu keys that move the focus among a menu's items: arrows wrap round, Home and
 * End go to the first and last. True when the key was one of them (the caller prevents its default).
 */
export function moveInMenu(e: KeyboardEvent, menu: HTMLElement | null): boolean {
  const all = [...(menu?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
  const at = all.indexOf(document.activeElement as HTMLElement);
  const move = (i: number) => all[(i + all.length) % all.length]?.focus();
  if (e.key === 'ArrowDown') move(at + 1);
  else if (e.key === 'ArrowUp') move(at - 1);
  else if (e.key === 'Home') move(0);
  else if (e.key === 'End') move(all.length - 1);
  else return false;
  return true;
}
