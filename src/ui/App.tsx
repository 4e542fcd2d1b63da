import { useEffect } from 'react';
import { useSession } from '../state/session';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { Header } from './Header';
import { prefetchLazyParts } from './lazy';
import { Inspector } from './inspector/Inspector';
import { PacketView } from './playback/PacketView';
import { Playback } from './playback/Playback';
import { Summary } from './playback/Summary';
import { TraceList } from './playback/TraceList';

/*
 * The playground's layout: header (scenario, flow, command, run), palette, canvas, inspector
 * for the selected device, and below the playback controls, the trace, the packet, the summary.
 */
export function App({ notFound }: { notFound?: string }) {
  const theme = useSession((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(prefetchLazyParts, []);
  return (
    <div className="app">
      <Header />
      {notFound && (
        <div role="alert" className="banner">
          There is no built-in scenario named “{notFound}”; the home LAN lesson is open instead.
        </div>
      )}
      <main className="workspace">
        <Palette />
        <section className="canvas-area" aria-label="Canvas">
          <Canvas />
        </section>
        <Inspector />
      </main>
      <section className="playback-area" aria-label="Playback">
        <Playback />
        <div className="bottom-panes">
          <TraceList />
          <PacketView />
          <Summary />
        </div>
      </section>
    </div>
  );
}
