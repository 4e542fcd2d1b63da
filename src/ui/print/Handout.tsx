import { Suspense } from 'react';
import { lazyModule, lazyNamed } from '../lazy';
import { usePrinting } from './printing';
import './print.css';

/*
 * The printed handout's two parts, mounted only while printing (they are display:none on screen
 * anyway, and for 10,000 devices the details read every config). Their code, with the markdown
 * renderer, is a chunk of its own: the idle prefetch has it long before anyone prints, so the
 * browser's own Ctrl+P (beforeprint, rendered synchronously) finds it there; the Print button
 * waits for it. print.css stays with the page: it is what makes any printout a handout.
 */

const handout = lazyModule(() => import('./PrintHandout'));
const IntroBody = lazyNamed(handout, 'HandoutIntroBody');
const DetailsBody = lazyNamed(handout, 'HandoutDetailsBody');

/** Above the topology: the title and the about text. */
export function HandoutIntro() {
  return usePrinting() ? (
    <Suspense fallback={null}>
      <IntroBody />
    </Suspense>
  ) : null;
}

/** Below the topology: the lesson's steps and question, each device's config, the flows. */
export function HandoutDetails() {
  return usePrinting() ? (
    <Suspense fallback={null}>
      <DetailsBody />
    </Suspense>
  ) : null;
}

/** The Print handout button: the browser's print dialog once the handout's code is here. */
export function printHandout(): void {
  void handout.load().then(
    () => window.print(),
    () => window.print(),
  );
}
