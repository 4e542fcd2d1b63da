import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/*
 * Whether the page is being printed: the print media query matches (print preview, a test's
 * emulated media) or the browser said beforeprint and not yet afterprint. The handout's device
 * list is built only then: on screen it is never shown, and for 10,000 devices building it read
 * every config and wrote 10,000 sections at each open.
 */
export function usePrinting(): boolean {
  const [printing, setPrinting] = useState(() => typeof matchMedia === 'function' && matchMedia('print').matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const media = matchMedia('print');
    const follow = () => setPrinting(media.matches);
    // The browser lays out the printout right after beforeprint: the list must be there by then.
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(media.matches);
    media.addEventListener('change', follow);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      media.removeEventListener('change', follow);
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}
