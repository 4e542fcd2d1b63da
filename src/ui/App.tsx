import { useEffect } from 'react';
import { useRunOutOfDate } from '../state/currency';
import { useSession } from '../state/session';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { Header } from './Header';
import { prefetchLazyParts } from './lazy';
import { Inspector } from './inspector/Inspector';
import { OutOfDateNotice } from './playback/OutOfDateNotice';
import { PacketView } from './playback/PacketView';
import { Playback } from './playback/Playback';
import { Summary } from './playback/Summary';
import { TraceList } from './playback/TraceList';
import { StartupNotice } from './StartupNotice';

/*
 * The playground's layout: header (scenario, flow, command, run), palette, canvas, inspector
 * for the selected device, and below the playback controls, the trace, the packet, the summary.
 */
export function App() {
  const theme = useSession((s) => s.theme);
  const outOfDate = useRunOutOfDate();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(prefetchLazyParts, []);
  return (
    <div className="app">
      <Header />
      <StartupNotice />
      <main className="workspace">
        <Palette />
        <section className="canvas-area" aria-label="Canvas">
          <Canvas />
        </section>
        <Inspector />
      </main>
      <section className="playback-area" aria-label="Playback">
        <Playback />
        {outOfDate && <OutOfDateNotice id="run-out-of-date" />}
        <div className={outOfDate ? 'bottom-panes is-out-of-date' : 'bottom-panes'} aria-describedby={outOfDate ? 'run-out-of-date' : undefined}>
          <TraceList />
          <PacketView />
          <Summary />
        </div>
      </section>
    </div>
  );
}
