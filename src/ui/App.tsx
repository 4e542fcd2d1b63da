import { useEffect, useRef, type CSSProperties } from 'react';
import { useRunOutOfDate } from '../state/currency';
import { useLayout } from '../state/layout';
import { useSession } from '../state/session';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { Header } from './Header';
import { prefetchLazyParts } from './lazy';
import { Inspector } from './inspector/Inspector';
import { PaneToggle } from './layout/PaneToggle';
import { Splitter } from './layout/Splitter';
import { useViewport } from './layout/useViewport';
import { OutOfDateNotice } from './playback/OutOfDateNotice';
import { PacketView } from './playback/PacketView';
import { Playback } from './playback/Playback';
import { Summary } from './playback/Summary';
import { TraceList } from './playback/TraceList';
import { HandoutDetails, HandoutIntro } from './print/PrintHandout';
import { StartupNotice } from './StartupNotice';

/*
 * The playground's layout: header (scenario, flow, command, run), palette, canvas, inspector
 * for the selected device, and below the playback controls, the trace, the packet, the summary.
 * The inspector and the playback area have resize handles and can be collapsed; their sizes
 * are the browser's preference (state/layout). CSS arranges the panes for narrow screens.
 */

/** The canvas keeps at least this much width and height, whatever the panes ask for. */
const MIN_CANVAS = 240;
const MIN_INSPECTOR = 220;
const MIN_PLAYBACK = 150;

export function App() {
  const theme = useSession((s) => s.theme);
  const outOfDate = useRunOutOfDate();
  const layout = useLayout();
  const viewport = useViewport();
  const inspector = useRef<HTMLDivElement>(null);
  const playback = useRef<HTMLElement>(null);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(prefetchLazyParts, []);

  const style = {
    '--inspector-width': layout.inspectorWidth ? `${layout.inspectorWidth}px` : undefined,
    '--playback-height': layout.playbackHeight ? `${layout.playbackHeight}px` : undefined,
  } as CSSProperties;
  return (
    <div className="app" style={style}>
      <Header />
      <StartupNotice />
      <HandoutIntro />
      <main className={`workspace${layout.inspectorCollapsed ? ' is-inspector-collapsed' : ''}`}>
        <Palette />
        <section className="canvas-area" aria-label="Canvas">
          <Canvas />
          <PaneToggle className="inspector-toggle" controls="inspector-pane" name="inspector" what="the inspector" collapsed={layout.inspectorCollapsed} onToggle={(inspectorCollapsed) => layout.set({ inspectorCollapsed })} />
        </section>
        {!layout.inspectorCollapsed && (
          <Splitter
            label="Resize the inspector"
            pane={inspector}
            paneId="inspector-pane"
            orientation="vertical"
            grows={-1}
            min={MIN_INSPECTOR}
            max={Math.max(MIN_INSPECTOR, viewport.width - MIN_CANVAS - 90)}
            onResize={(inspectorWidth) => layout.set({ inspectorWidth })}
          />
        )}
        <div id="inspector-pane" className="inspector-pane" ref={inspector} hidden={layout.inspectorCollapsed}>
          <Inspector />
        </div>
      </main>
      <section id="playback-pane" ref={playback} className={`playback-area${layout.playbackCollapsed ? ' is-collapsed' : ''}`} aria-label="Playback">
        {/* Inside the area (a landmark), at its top edge: all content belongs to a landmark. */}
        {!layout.playbackCollapsed && (
          <Splitter
            label="Resize the playback area"
            pane={playback}
            paneId="playback-pane"
            orientation="horizontal"
            grows={-1}
            min={MIN_PLAYBACK}
            max={Math.max(MIN_PLAYBACK, viewport.height - MIN_CANVAS - 120)}
            onResize={(playbackHeight) => layout.set({ playbackHeight })}
          />
        )}
        <div className="playback-head">
          <Playback />
          <PaneToggle controls="bottom-panes" name="trace" what="the trace, packet and summary" collapsed={layout.playbackCollapsed} onToggle={(playbackCollapsed) => layout.set({ playbackCollapsed })} />
        </div>
        {outOfDate && <OutOfDateNotice id="run-out-of-date" />}
        <div
          id="bottom-panes"
          className={outOfDate ? 'bottom-panes is-out-of-date' : 'bottom-panes'}
          hidden={layout.playbackCollapsed}
          aria-describedby={outOfDate ? 'run-out-of-date' : undefined}
        >
          <TraceList />
          <PacketView />
          <Summary />
        </div>
      </section>
      <HandoutDetails />
    </div>
  );
}
