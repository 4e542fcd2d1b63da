import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BUILTIN_SCENARIOS } from './scenarios';
import { openBuiltin } from './state/actions';
import { App } from './ui/App';
import './ui/theme.css';

// `/?scenario=NAME` opens that built-in scenario; otherwise the home LAN lesson.
const requested = new URLSearchParams(location.search).get('scenario');
if (!requested || !openBuiltin(requested)) openBuiltin('home-lan');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App notFound={requested && !(requested in BUILTIN_SCENARIOS) ? requested : undefined} />
  </StrictMode>,
);
