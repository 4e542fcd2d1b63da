// First: a share link's worker starts before the rest of the page is evaluated (worker/early.ts).
import './worker/early';
import { StrictMode } from 'react';
import { openOnStartup, settlePersistence } from './persist/startup';
import { isShareHash } from './share/hash';
import { openSharedLink } from './share/startup';
import './ui/theme.css';
import { nextTask } from './worker/next-task';

// `/?scenario=NAME` opens that built-in scenario (or the user's edited copy of it, saying so);
// otherwise what was open when the page was last left (autosaved), or on a first visit the
// home LAN lesson. An unknown NAME or a damaged pointer opens the home LAN lesson, as the banner
// then says. A lesson other than the home LAN one is fetched first (a chunk of its own).
const openRequested = () => openOnStartup(new URLSearchParams(location.search).get('scenario'));

// A share link (`#v1.…`) opens last, over whatever was restored: the link is what the user
// just clicked. A link that does not decode leaves the restored work as it is and shows an
// alert saying why. The hash is cleared either way, so a reload shows the autosaved state. The
// engine worker decodes it (a 10,000-device link took the main thread for seconds); the page is
// drawn once it has, so what the link holds is the first thing shown, not the restored work.
// Startup is settled then: only from there on does autosave write, so neither a bad link nor a
// half-finished startup can replace the saved work.
const root = document.getElementById('root')!;
// The app's own modules (the canvas, React Flow, the panes) are evaluated in a task of their
// own, started at once: evaluated with this entry they made one task of over 100 ms; they are
// ready long before a large link is decoded.
const app = nextTask().then(() => import('./ui/App'));
// React DOM's client likewise, after the app: it was most of this entry's evaluation, which a
// busy worker beside it stretched to 90-110 ms of wall time.
const reactDom = app.then(nextTask).then(() => import('react-dom/client'));
const render = () =>
  void Promise.all([app, reactDom]).then(([{ App }, { createRoot }]) =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
if (isShareHash(location.hash)) {
  root.textContent = 'Opening the shared scenario…';
  // In the task after the one that ran the page's scripts: together they made one long task.
  const hash = location.hash;
  void nextTask()
    .then(() => openSharedLink(hash, openRequested()))
    .finally(() => {
      settlePersistence();
      render();
    });
} else {
  void openRequested().finally(() => {
    settlePersistence();
    render();
  });
}
