import { usePresentation } from '../../state/presentation';

/*
 * Entering and leaving presentation mode. The browser's full screen is an extra the presenter
 * may ask for (a browser may refuse it, and nothing here depends on it); leaving presentation
 * leaves full screen too.
 */

export function enterPresentation(): void {
  usePresentation.getState().setPresenting(true);
  // The button pressed is gone: focus on the page, so Space and the arrows step at once.
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

export function exitPresentation(): void {
  usePresentation.getState().setPresenting(false);
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  // Focus returns to the button that entered, once it is back in the header.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-present-button]')?.focus());
}

/** Full screen on or off; a refusal (no user gesture, a policy, an iframe) changes nothing. */
export function toggleFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}
