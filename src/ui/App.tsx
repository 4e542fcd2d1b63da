import { Suspense, useEffect, useRef, type CSSProperties } from 'react';
import { useRunOutOfDate } from '../state/currency';
import { useLayout } from '../state/layout';
import { usePresentation } from '../state/presentation';
import { useSession } from '../state/session';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { Header } from './Header';
import { lazyNamed, prefetchLazyParts } from './lazy';
import { Inspector } from './inspector/Inspector';
import { PaneToggle } from './layout/PaneToggle';
import { Splitter } from './layout/Splitter';
import { useViewport } from './layout/useViewport';
import { OutOfDateNotice } from './playback/OutOfDateNotice';
import { PacketView } from './playback/PacketView';
import { Playback } from './playback/Playback';
import { Summary } from './playback/Summary';
import { TraceList } from './playback/TraceList';
import { HandoutDetails, HandoutIntro } from './print/Handout';
import { StartupNotice } from './StartupNotice';
import { LazySendPacketDialog } from './inject/LazySendPacketDialog';
import { PRESENT_ROW_HEIGHT } from './present/sizes';
import { usePresentKeys } from './present/usePresentKeys';
import './present/present.css';

/*
 * The playground's layout: header (scenario, flow, command, run), palette, canvas, inspector
 * for the selected device, and below the playback controls, the trace, the packet, the summary.
 * The inspector and the playback area have resize handles and can be collapsed; their sizes
 * are the browser's preference (state/layout). CSS arranges the panes for narrow screens.
 * Presenting (state/presentation), the palette and the inspector step aside and the packet
 * pane stands beside the canvas, all in large type (present/present.css); its panes have
 * sizes of their own. The canvas stays mounted throughout, so its view and state carry over.
 */

/** The canvas keeps at least this much width and height, whatever the panes ask for. */
const MIN_CANVAS = 240;
const MIN_INSPECTOR = 220;
const MIN_PLAYBACK = 150;
const MIN_PACKET = 280;

/** The lesson's step above the packet while presenting (lessons are a chunk of their own). */
const PresentLessonStep = lazyNamed(() => import('./present/PresentLessonStep'), 'PresentLessonStep');

export function App() {
  const theme = useSession((s) => s.theme);
  const outOfDate = useRunOutOfDate();
  const layout = useLayout();
  const present = usePresentation();
  const presenting = present.presenting;
  const viewport = useViewport();
  const inspector = useRef<HTMLDivElement>(null);
  const playback = useRef<HTMLElement>(null);
  const packet = useRef<HTMLDivElement>(null);
  usePresentKeys();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(prefetchLazyParts, []);

  const style = {
    '--inspector-width': layout.inspectorWidth ? `${layout.inspectorWidth}px` : undefined,
    '--playback-height': layout.playbackHeight ? `${layout.playbackHeight}px` : undefined,
    '--present-packet-width': present.packetWidth ? `${present.packetWidth}px` : undefined,
    '--present-trace-height': present.traceHeight ? `${present.traceHeight}px` : undefined,
  } as CSSProperties;
  const sideCollapsed = presenting ? present.packetCollapsed : layout.inspectorCollapsed;
  const bottomCollapsed = presenting ? present.traceCollapsed : layout.playbackCollapsed;
  return (
    <div className={presenting ? 'app is-presenting' : 'app'} style={style}>
      <Header />
      <StartupNotice />
      <HandoutIntro />
      <main className={`workspace${!sideCollapsed ? '' : presenting ? ' is-packet-collapsed' : ' is-inspector-collapsed'}`}>
        {!presenting && <Palette />}
        <section className="canvas-area" aria-label="Canvas">
          <Canvas />
          {presenting ? (
            <PaneToggle className="inspector-toggle" controls="present-packet" name="packet" what="the packet pane" collapsed={present.packetCollapsed} onToggle={(packetCollapsed) => present.set({ packetCollapsed })} />
          ) : (
            <PaneToggle className="inspector-toggle" controls="inspector-pane" name="inspector" what="the inspector" collapsed={layout.inspectorCollapsed} onToggle={(inspectorCollapsed) => layout.set({ inspectorCollapsed })} />
          )}
        </section>
        {!sideCollapsed &&
          (presenting ? (
            <Splitter
              key="packet"
              label="Resize the packet pane"
              pane={packet}
              paneId="present-packet"
              orientation="vertical"
              grows={-1}
              min={MIN_PACKET}
              max={Math.max(MIN_PACKET, viewport.width - MIN_CANVAS)}
              onResize={(packetWidth) => present.set({ packetWidth })}
            />
          ) : (
            <Splitter
              key="inspector"
              label="Resize the inspector"
              pane={inspector}
              paneId="inspector-pane"
              orientation="vertical"
              grows={-1}
              min={MIN_INSPECTOR}
              max={Math.max(MIN_INSPECTOR, viewport.width - MIN_CANVAS - 90)}
              onResize={(inspectorWidth) => layout.set({ inspectorWidth })}
            />
          ))}
        {/* Hidden, not unmounted, while presenting: a config being edited keeps its text. */}
        <div id="inspector-pane" className="inspector-pane" ref={inspector} hidden={layout.inspectorCollapsed || presenting}>
          <Inspector />
        </div>
        {presenting && (
          <div
            id="present-packet"
            className={outOfDate ? 'present-packet is-out-of-date' : 'present-packet'}
            ref={packet}
            hidden={present.packetCollapsed}
            aria-describedby={outOfDate ? 'run-out-of-date' : undefined}
          >
            <Suspense fallback={null}>
              <PresentLessonStep />
            </Suspense>
            <PacketView />
          </div>
        )}
      </main>
      <section id="playback-pane" ref={playback} className={`playback-area${bottomCollapsed ? ' is-collapsed' : ''}`} aria-label="Playback">
        {/* Inside the area (a landmark), at its top edge: all content belongs to a landmark. */}
        {!bottomCollapsed && (
          <Splitter
            label={presenting ? 'Resize the trace area' : 'Resize the playback area'}
            pane={playback}
            paneId="playback-pane"
            orientation="horizontal"
            grows={-1}
            min={MIN_PLAYBACK}
            max={Math.max(MIN_PLAYBACK, viewport.height - MIN_CANVAS - 120)}
            onResize={(height) => (presenting ? present.set({ traceHeight: height }) : layout.set({ playbackHeight: height }))}
          />
        )}
        <div className="playback-head">
          <Playback />
          <PaneToggle
            controls="bottom-panes"
            name="trace"
            what={presenting ? 'the trace and summary' : 'the trace, packet and summary'}
            collapsed={bottomCollapsed}
            onToggle={(collapsed) => (presenting ? present.set({ traceCollapsed: collapsed }) : layout.set({ playbackCollapsed: collapsed }))}
          />
        </div>
        {outOfDate && <OutOfDateNotice id="run-out-of-date" />}
        <div
          id="bottom-panes"
          className={outOfDate ? 'bottom-panes is-out-of-date' : 'bottom-panes'}
          hidden={bottomCollapsed}
          aria-describedby={outOfDate ? 'run-out-of-date' : undefined}
        >
          <TraceList rowHeight={presenting ? PRESENT_ROW_HEIGHT : undefined} />
          {/* Presenting, the packet stands beside the canvas instead. */}
          {!presenting && <PacketView />}
          <Summary />
        </div>
      </section>
      <HandoutDetails />
      <LazySendPacketDialog />
    </div>
  );
}
