import { applyEdgeChanges, applyNodeChanges, useUpdateNodeInternals, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { buildEdges, buildNodes, drawsInViewOnly, isDeviceNode, type CanvasNode, type DeviceNode, type LinkEdge } from './elements';
import { useConfigFacts } from './config-facts';
import { devicesIn, DEVICE_REACH } from './flow-window';
import type { Point } from './geometry';
import { useInsides } from './insides';
import { needsLayout } from './layout';
import { useFlowWindow } from './useFlowWindow';

/*
 * React Flow's nodes and edges, derived from the document. React Flow owns what is transient
 * (positions while dragging, selection, measured sizes); the document owns the rest and wins
 * whenever it changes. Removals are not applied here: they go through the document (undo).
 *
 * A very large document is given to React Flow as a window (flow-window.ts): the devices near
 * the view, the ones its fits are made of (`pinned`), and the selected ones, which stay with
 * React Flow so its selection (a click on the pane clears it) covers them all. Every node built
 * is kept, with its measured size, for when the view comes back to it.
 */

const NO_NODES: CanvasNode[] = [];
const NO_EDGES: LinkEdge[] = [];
const NO_IDS: ReadonlySet<string> = new Set();

export interface FlowWindowing {
  /** Every device's centre on the canvas. */
  centres: ReadonlyMap<string, Point>;
  /** Devices React Flow holds wherever the view is: those its fits are made of. */
  pinned: ReadonlySet<string>;
  /** How far a device reaches from its centre (more when one is drawn with what it holds inside). */
  reach?: Point;
}

export function useFlowState(windowing?: FlowWindowing) {
  const doc = useDocument((s) => s.doc);
  // A document still waiting for its layout is not drawn: every device would sit at the
  // origin, and drawing a large one twice costs seconds.
  const placed = !needsLayout(doc);
  const inViewOnly = drawsInViewOnly(doc);
  const selectedDevice = useSession((s) => s.selectedDevice);
  const insides = useInsides(doc, useDocument((s) => s.generation));
  const [selectedIds, setSelectedIds] = useState(NO_IDS);
  const windowed = !!windowing;
  const flowWindow = useFlowWindow(windowed);
  const only = useMemo(() => {
    if (!windowing) return undefined;
    const ids = flowWindow ? devicesIn(flowWindow, windowing.centres, doc.links, windowing.reach ?? DEVICE_REACH) : new Set<string>();
    for (const id of windowing.pinned) ids.add(id);
    for (const id of selectedIds) if (Object.hasOwn(doc.devices, id)) ids.add(id);
    return ids;
  }, [windowing, flowWindow, doc, selectedIds]);
  const kept = useRef(new Map<string, CanvasNode>());
  const keptFor = useRef(doc.devices);
  const [nodes, setNodes] = useState<CanvasNode[]>(() => (placed ? buildNodes(doc, [], inViewOnly, insides, only) : NO_NODES));
  const [edges, setEdges] = useState<LinkEdge[]>(() => (placed ? buildEdges(doc, [], insides, only) : NO_EDGES));
  const updateNodeInternals = useUpdateNodeInternals();
  const sidesOf = useRef(new Map<string, DeviceNode['data']['sides']>());
  const remeasure = useRef(new Set<string>());

  // Address labels come once the worker has read the configs of the devices drawn (config-facts.ts).
  const configsAnswered = useConfigFacts(doc, only);

  useLayoutEffect(() => {
    if (!placed) return;
    if (!only) {
      kept.current.clear();
      setNodes((prev) => buildNodes(doc, prev, inViewOnly, insides));
      setEdges((prev) => buildEdges(doc, prev, insides));
      return;
    }
    // Devices gone from the document are forgotten (an undo may bring one back: it is built again).
    if (keptFor.current !== doc.devices) {
      keptFor.current = doc.devices;
      for (const [id, n] of kept.current) if (!Object.hasOwn(doc.devices, isDeviceNode(n) ? id : n.data.device)) kept.current.delete(id);
    }
    setNodes((prev) => {
      const earlier = new Map(kept.current);
      for (const n of prev) earlier.set(n.id, n);
      return buildNodes(doc, earlier, inViewOnly, insides, only).map((n) => (isDeviceNode(n) && !!n.selected !== selectedIds.has(n.id) ? { ...n, selected: selectedIds.has(n.id) } : n));
    });
    setEdges((prev) => buildEdges(doc, prev, insides, only));
  }, [doc, placed, inViewOnly, configsAnswered, insides, only, selectedIds]);

  // In a window: every node built is kept.
  useEffect(() => {
    if (windowed) for (const n of nodes) kept.current.set(n.id, n);
  }, [nodes, windowed]);

  // Ports move to other sides when links or positions change: re-measure the handles of those
  // devices (new ones are measured by React Flow as they mount).
  useEffect(() => {
    const before = sidesOf.current;
    const now = new Map<string, DeviceNode['data']['sides']>();
    for (const n of nodes) {
      if (!isDeviceNode(n)) continue;
      const was = before.get(n.id);
      if (was && was !== n.data.sides && JSON.stringify(was) !== JSON.stringify(n.data.sides)) remeasure.current.add(n.id);
      now.set(n.id, n.data.sides);
    }
    sidesOf.current = now;
    if (!remeasure.current.size) return;
    const frame = requestAnimationFrame(() => {
      const ids = [...remeasure.current].filter((id) => now.has(id));
      remeasure.current.clear();
      updateNodeInternals(ids);
    });
    return () => cancelAnimationFrame(frame);
  }, [nodes, updateNodeInternals]);

  // A device selected elsewhere (inspector, trace) becomes React Flow's selection too (in a
  // window, it joins it first).
  useEffect(() => {
    if (!selectedDevice) return;
    if (windowed) setSelectedIds((was) => (was.has(selectedDevice) ? was : new Set([selectedDevice])));
    setNodes((prev) => {
      if (prev.every((n) => !!n.selected === (n.id === selectedDevice))) return prev;
      if (prev.find((n) => n.id === selectedDevice)?.selected) return prev;
      return prev.map((n) => (!!n.selected === (n.id === selectedDevice) ? n : { ...n, selected: n.id === selectedDevice }));
    });
  }, [selectedDevice, windowed]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
    if (!kept.length) return;
    // A device measured by the browser drops its estimated port places (elements.ts), or
    // React Flow would take them over the measured ones.
    const measured = new Set(kept.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [c.id] : [])));
    setNodes((prev) => applyNodeChanges(kept, prev).map((n) => (n.handles && measured.has(n.id) ? { ...n, handles: undefined } : n)));
    // What React Flow selected or let go (a click, a click on the pane), for the window.
    const selection = kept.filter((c) => c.type === 'select');
    if (selection.length) {
      setSelectedIds((was) => {
        const next = new Set(was);
        for (const c of selection) {
          if (c.selected) next.add(c.id);
          else next.delete(c.id);
        }
        return next.size === was.size && [...next].every((id) => was.has(id)) ? was : next;
      });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<LinkEdge>[]) => {
    const kept = changes.filter((c) => c.type === 'select');
    if (kept.length) setEdges((prev) => applyEdgeChanges(kept, prev));
  }, []);

  return { nodes: placed ? nodes : NO_NODES, edges: placed ? edges : NO_EDGES, placed, inViewOnly, onNodesChange, onEdgesChange };
}
