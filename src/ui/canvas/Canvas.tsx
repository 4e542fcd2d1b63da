import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeTypes,
  type FitViewOptions,
  type NodeTypes,
  type OnDelete,
  type OnNodeDrag,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { useLayout } from '../../state/layout';
import { useDocument } from '../../state/document';
import { usePresentation } from '../../state/presentation';
import { useSession } from '../../state/session';
import { useTeaching } from '../../state/teaching';
import { DeviceMarks } from './DeviceMarks';
import { DeviceNodeComponent } from './DeviceNode';
import { detailAt, extentOf, minZoomFor, openingFit, type View } from './detail';
import { DotLayer } from './DotLayer';
import { deleteElements, layoutDocument, moveDevices } from './edits';
import { isDeviceNode, type CanvasNode, type DeviceNode, type LinkEdge } from './elements';
import { INSIDE_NODE_TYPES } from './inside/lazyNodes';
import { canvasSpread, useInsidesNow } from './insides';
import { spreadOf, spreadToDoc, spreadToFlow } from './spread';
import { LinkEdgeComponent } from './LinkEdge';
import { CanvasAlert, EmptyHint, Legend, useCanvasAlert } from './Overlays';
import { addDeviceAt, DEVICE_MIME, isDeviceKind, registerCanvasView } from './placement';
import { usePrintFit } from '../print/usePrintFit';
import { useAfterFirstFrame } from './useAfterFirstFrame';
import { useAutoFit } from './useAutoFit';
import { CanvasMenu } from '../rename/CanvasMenu';
import { openSendPacket } from '../inject/sendPacketStore';
import { deleteDevice, deleteLink } from '../rename/deleting';
import { useRenaming } from '../../state/renaming';
import { deviceCount, deviceIds } from '../../state/device-ids';
import { isWindowed, outermost, reachOf } from './flow-window';
import { useFlowState, type FlowWindowing } from './useFlowState';
import './canvas.css';

/*
 * The canvas: devices and links of the document on React Flow, edited in place (drag from the
 * palette, link ports, move, delete) and animated from the trace at the current step.
 */

const NODE_TYPES: NodeTypes = { device: DeviceNodeComponent, ...INSIDE_NODE_TYPES };
const EDGE_TYPES: EdgeTypes = { link: LinkEdgeComponent };
/** Fit the diagram beside the legend (left) and the minimap (right), which float over the canvas. */
const FIT: FitViewOptions = { padding: { top: '40px', bottom: '24px', left: '80px', right: '170px' }, maxZoom: 1.3, includeHiddenNodes: true };
/**
 * A narrow canvas (a tablet, a wide inspector) cannot spare those margins (it keeps the zoom
 * buttons' and drops the minimap), and a lesson-sized diagram fitted whole into it would be too
 * small to read: it is fitted no smaller than READABLE_ZOOM (the rest is a pan away). A big
 * network is still fitted whole, as a map.
 */
const NARROW_FIT: FitViewOptions = { padding: { top: '40px', bottom: '16px', left: '48px', right: '16px' }, maxZoom: 1.3, includeHiddenNodes: true };
/**
 * Presenting, the minimap is hidden and a projector's back row needs the diagram big: it is
 * fitted to the whole canvas (the legend's corner and the pane toggle's edge aside), and zoomed
 * past the desk's cap, so a lesson-sized network fills the pane.
 */
const PRESENT_FIT: FitViewOptions = { padding: { top: '40px', bottom: '24px', left: '40px', right: '40px' }, maxZoom: 2.4, includeHiddenNodes: true };
const NARROW_CANVAS = 640;
const READABLE_ZOOM = 0.6;
const READABLE_MAX_DEVICES = 40;
/** Below this zoom port labels are drawn bigger, so their names stay legible. */
const SMALL_ZOOM = 0.85;
const DELETE_KEYS = ['Delete', 'Backspace'];
const NO_EDGES: LinkEdge[] = [];
const MINIMAP_SIZE = { width: 140, height: 90 };

const KIND_COLOUR: Record<string, string> = { host: 'var(--kind-host)', router: 'var(--kind-router)', switch: 'var(--kind-switch)', cloud: 'var(--kind-cloud)' };

function Flow() {
  const doc = useDocument((s) => s.doc);
  const theme = useSession((s) => s.theme);
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const alert = useCanvasAlert();

  useEffect(() => {
    const rect = () => wrapper.current?.getBoundingClientRect();
    return registerCanvasView({
      centre() {
        const r = rect();
        return r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      reveal(p) {
        const r = rect();
        if (!r) return;
        const from = screenToFlowPosition({ x: r.left + 90, y: r.top + 60 });
        const to = screenToFlowPosition({ x: r.right - 200, y: r.bottom - 60 });
        if (p.x < from.x || p.x > to.x || p.y < from.y || p.y > to.y) void setCenter(p.x, p.y, { zoom: getZoom(), duration: 250 });
      },
    });
  }, [screenToFlowPosition, setCenter, getZoom]);

  const view = useViewSize(wrapper);
  const narrow = view.width > 0 && view.width < NARROW_CANVAS;
  const devices = deviceCount(doc);
  const readable = devices <= READABLE_MAX_DEVICES;
  const presenting = usePresentation((s) => s.presenting);
  const fit = useMemo(() => (presenting ? PRESENT_FIT : narrow ? { ...NARROW_FIT, minZoom: readable ? READABLE_ZOOM : undefined } : FIT), [presenting, narrow, readable]);
  // A large document opens on its first flow's device, and zooms out as far as its whole (detail.ts).
  const layouts = useInsidesNow().layouts;
  const centres = useMemo(() => {
    const spread = spreadOf(doc, layouts);
    return new Map(deviceIds(doc).map((id) => [id, spreadToFlow(doc.devices[id]!.at, spread)]));
  }, [doc, layouts]);
  const start = doc.flows[0]?.on;
  const opening = useStableFit(useMemo(() => openingFit(centres, start, view, fit), [centres, start, view, fit]));
  const minZoom = useMemo(() => minZoomFor(extentOf(centres.values()), view, fit.padding), [centres, view, fit]);
  // A very large document: React Flow holds the devices near the view, and those its fits are made of.
  const windowed = isWindowed(doc);
  const windowing = useMemo((): FlowWindowing | undefined => {
    if (!windowed) return undefined;
    const pinned = new Set([...outermost(centres), ...(opening.nodes ?? []).map((n) => n.id)]);
    return { centres, pinned, reach: reachOf(layouts.values()) };
  }, [windowed, centres, opening, layouts]);
  const { nodes, edges, placed, inViewOnly, onNodesChange, onEdgesChange } = useFlowState(windowing);

  // Documents without positions are laid out (in the worker) as soon as they arrive.
  useEffect(() => {
    if (!placed) void layoutDocument();
  }, [doc, placed]);
  const { onMoveStart } = useAutoFit(wrapper, opening, presenting);
  // Zoomed out past cards, every device is a dot on one bitmap; React Flow draws none of them.
  const dots = useStore((s) => detailAt(s.transform[2]) === 'dots');
  const hidden = useMemo(() => (dots ? nodes.map((n) => ({ ...n, hidden: true })) : nodes), [dots, nodes]);
  usePrintFit();
  // Only for lesson-sized diagrams: a big network's labels growing would re-measure every node.
  const zoomedOut = useStore((s) => s.transform[2] < SMALL_ZOOM) && readable;
  const keys = useNodeKeys();
  const menu = useCanvasMenu();

  const onConnect = useCallback(
    (c: Connection) => {
      const why = useDocument.getState().addLink(`${c.source}:${c.sourceHandle}`, `${c.target}:${c.targetHandle}`);
      if (why) alert.show(`Cannot link: ${why}.`);
    },
    [alert.show],
  );

  const onDelete: OnDelete<CanvasNode, LinkEdge> = useCallback(({ nodes: gone, edges: cut }) => {
    deleteElements(
      gone.filter(isDeviceNode).map((n) => n.id),
      cut.map((e) => e.id),
    );
    const selected = useSession.getState().selectedDevice;
    if (selected && gone.some((n) => n.id === selected)) useSession.getState().select(undefined);
  }, []);

  // Delete/Backspace act on the canvas's selection only while the user is on the canvas, not
  // when a key press in another pane (a button, the trace list) bubbles up to the document.
  const onBeforeDelete = useCallback(async () => {
    const active = document.activeElement;
    return !active || active === document.body || !!wrapper.current?.contains(active);
  }, []);

  const onNodeDragStop: OnNodeDrag<CanvasNode> = useCallback((_e, _node, dragged) => {
    moveDevices(dragged.filter(isDeviceNode).map((n) => ({ id: n.id, at: spreadToDoc(n.position, canvasSpread()) })));
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DEVICE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DEVICE_MIME);
      if (!isDeviceKind(kind)) return;
      e.preventDefault();
      addDeviceAt(kind, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [screenToFlowPosition],
  );

  return (
    <div className={`canvas${zoomedOut ? ' is-zoomed-out' : ''}`} ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} onKeyDown={keys.onKeyDown} onKeyUp={keys.onKeyUp}>
      <ReactFlow<CanvasNode, LinkEdge>
        nodes={hidden}
        edges={dots ? NO_EDGES : edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        nodeOrigin={[0.5, 0.5]}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={28}
        onConnect={onConnect}
        onDelete={onDelete}
        onBeforeDelete={onBeforeDelete}
        deleteKeyCode={DELETE_KEYS}
        onNodeDragStop={onNodeDragStop}
        onMoveStart={onMoveStart}
        // A namespace has an inspector of its own; a bridge or an interface inside a device opens the device's.
        onNodeClick={(_e, n) => {
          const id = isDeviceNode(n) || n.type === 'netns' ? n.id : n.data.device;
          // Answering "which device drops it?": the click names the device and leaves the lesson in view.
          const teaching = useTeaching.getState();
          if (teaching.choosing !== undefined) teaching.answer(id);
          else useSession.getState().select(id);
        }}
        onPaneClick={() => useSession.getState().select(undefined)}
        onNodeContextMenu={menu.onNode}
        onEdgeContextMenu={menu.onEdge}
        colorMode={theme}
        fitView
        fitViewOptions={opening}
        // A big scenario draws only what is in view: thousands of nodes in the DOM freeze the tab.
        onlyRenderVisibleElements={inViewOnly}
        minZoom={minZoom}
        maxZoom={2.5}
        attributionPosition="bottom-center"
        aria-label="Network diagram"
      >
        {/* Its pattern, zoomed out a thousandfold, would be millions of dots. */}
        {!dots && <Background variant={BackgroundVariant.Dots} gap={24} size={1.5} />}
        {dots && placed && <DotLayer doc={doc} centres={centres} />}
        <Controls aria-label="Canvas controls" showInteractive={false} fitViewOptions={fit} />
        {/* A narrow canvas has no room for the minimap: it would cover the diagram. */}
        {/* It draws every device React Flow holds: a very large document's are a window (flow-window.ts), and its thousands of shapes cost a second to draw, for dots too small to see. */}
        {!narrow && !windowed && (
          <MiniMap aria-label="Minimap" style={MINIMAP_SIZE} pannable zoomable nodeColor={(n) => (isDeviceNode(n as CanvasNode) ? KIND_COLOUR[(n as DeviceNode).data.kind] : undefined) ?? 'var(--muted)'} nodeBorderRadius={6} />
        )}
        <Legend />
        <DeviceMarks />
      </ReactFlow>
      {!placed ? (
        <p className="canvas-empty" role="status">
          Placing {devices.toLocaleString()} devices…
        </p>
      ) : (
        !nodes.length && <EmptyHint />
      )}
      <CanvasAlert message={alert.message} onDismiss={alert.dismiss} />
      {menu.open && <CanvasMenu {...menu.open} onClose={menu.close} />}
    </div>
  );
}

/** The canvas's size (followed as the panes resize). */
function useViewSize(wrapper: RefObject<HTMLDivElement | null>): View {
  const [view, setView] = useState<View>({ width: 0, height: 0 });
  useEffect(() => {
    const el = wrapper.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setView((v) => (v.width === el.clientWidth && v.height === el.clientHeight ? v : { width: el.clientWidth, height: el.clientHeight })));
    observer.observe(el);
    return () => observer.disconnect();
  }, [wrapper]);
  return view;
}

/** The same options object while they say the same: a new one re-fits a view the user has not moved. */
function useStableFit(options: FitViewOptions): FitViewOptions {
  const last = useRef(options);
  const key = (o: FitViewOptions) => JSON.stringify([o.minZoom, o.nodes?.map((n) => n.id)]);
  if (last.current !== options && (last.current.padding !== options.padding || last.current.maxZoom !== options.maxZoom || key(last.current) !== key(options))) last.current = options;
  return last.current;
}

/** Right-click a device (Rename…, Delete) or a link (Delete link): the document's own devices and links, not what is drawn inside a device. */
function useCanvasMenu() {
  const [open, setOpen] = useState<{ label: string; x: number; y: number; items: { label: string; danger?: boolean; run(): void }[] }>();
  const onNode = useCallback((e: MouseEvent, n: CanvasNode) => {
    if (!isDeviceNode(n)) return;
    e.preventDefault();
    const id = n.id;
    setOpen({
      label: `Device ${id}`,
      x: e.clientX,
      y: e.clientY,
      items: [
        { label: 'Rename…', run: () => useRenaming.getState().begin({ device: id }, 'canvas') },
        { label: 'Send a packet here…', run: () => openSendPacket(id) },
        { label: 'Delete', danger: true, run: () => deleteDevice(id) },
      ],
    });
  }, []);
  const onEdge = useCallback((e: MouseEvent, edge: LinkEdge) => {
    if (!edge.data || edge.data.inner) return;
    e.preventDefault();
    const { a, b } = edge.data;
    setOpen({ label: `Link ${a} to ${b}`, x: e.clientX, y: e.clientY, items: [{ label: 'Delete link', danger: true, run: () => deleteLink(a, b) }] });
  }, []);
  return { open, onNode, onEdge, close: useCallback(() => setOpen(undefined), []) };
}

/**
 * The keyboard on a focused device: Enter or Space selects it and opens its inspector (React
 * Flow only marks it selected); the arrows move it (React Flow), and the move is written to the
 * document when the key is released: one undo step per press, and one for a held key's run.
 */
function useNodeKeys() {
  const { getNodes } = useReactFlow<CanvasNode, LinkEdge>();
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    const id = nodeIdOf(e.target);
    // F2 renames, as in a file manager.
    if (e.key === 'F2' && id && getNodes().some((n) => n.id === id && isDeviceNode(n))) return useRenaming.getState().begin({ device: id }, 'canvas');
    if (e.key !== 'Enter' && e.key !== ' ') return;
    if (!id) return;
    useSession.getState().select(id);
    useLayout.getState().set({ inspectorCollapsed: false });
  }, [getNodes]);
  const onKeyUp = useCallback(
    (e: KeyboardEvent) => {
      if (!e.key.startsWith('Arrow') || !nodeIdOf(e.target)) return;
      const moved = getNodes().filter((n) => n.selected && isDeviceNode(n));
      if (moved.length) moveDevices(moved.map((n) => ({ id: n.id, at: spreadToDoc(n.position, canvasSpread()) })));
    },
    [getNodes],
  );
  return { onKeyDown, onKeyUp };
}

function nodeIdOf(target: EventTarget): string | undefined {
  if (!(target instanceof HTMLElement) || !target.classList.contains('react-flow__node')) return undefined;
  return target.dataset.id;
}

export function Canvas() {
  // A large document: the page first, the diagram in the next task (useAfterFirstFrame.ts). A
  // lesson-sized one is drawn with the page: waiting a frame for it delayed a share link's
  // diagram by that frame and the page's layout in it.
  const small = useDocument((s) => deviceCount(s.doc) <= READABLE_MAX_DEVICES);
  const drawn = useAfterFirstFrame() || small;
  return <ReactFlowProvider>{drawn ? <Flow /> : <div className="canvas" />}</ReactFlowProvider>;
}
