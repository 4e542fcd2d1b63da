import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restoreOnStartup, settlePersistence } from './persist/startup';
import { BUILTIN_SCENARIOS } from './scenarios';
import { isShareHash } from './share/codec';
import { openSharedLink } from './share/startup';
import { openBuiltin } from './state/actions';
import { App } from './ui/App';
import './ui/theme.css';
import { engine } from './worker/client';

// A share link of a run runs its flow as soon as it is decoded: start the engine worker first,
// so that its loading overlaps the decoding and the first render rather than following them.
if (isShareHash(location.hash)) engine();

// `/?scenario=NAME` opens that built-in scenario (the saved scenarios stay in My scenarios);
// otherwise what was open when the page was last left (autosaved), or on a first visit the
// home LAN lesson. An unknown NAME opens the home LAN lesson, as the banner then says.
const requested = new URLSearchParams(location.search).get('scenario');
if (requested ? !openBuiltin(requested) : !restoreOnStartup()) openBuiltin('home-lan');

// A share link (`#v1.…`) opens last, over whatever was restored: the link is what the user
// just clicked. A link that does not decode leaves the restored work as it is and shows an
// alert saying why. The hash is cleared either way, so a reload shows the autosaved state.
openSharedLink(location.hash);

// Startup is settled: only from here on does autosave write, so neither a bad link nor a
// half-finished startup can replace the saved work.
settlePersistence();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App notFound={requested && !(requested in BUILTIN_SCENARIOS) ? requested : undefined} />
  </StrictMode>,
);
